-- The list's search (search_text LIKE '%term%') is planned from this column's histogram: with the
-- default 100 entries a common name can be missing from the sample, estimated at a few rows, and read
-- through the trigram index (thousands of rows, then sorted) instead of walking the filter's index
-- newest first. 300 entries keep the estimate steady from one ANALYZE to the next.
ALTER TABLE "tickets" ALTER COLUMN "search_text" SET STATISTICS 300;
