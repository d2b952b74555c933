CREATE TABLE "kpi_daily_totals" (
	"organization_id" uuid NOT NULL,
	"day" date NOT NULL,
	"dimension" text NOT NULL,
	"key" text NOT NULL,
	"stripe" smallint NOT NULL,
	"tickets" integer DEFAULT 0 NOT NULL,
	"completed" integer DEFAULT 0 NOT NULL,
	"cancelled" integer DEFAULT 0 NOT NULL,
	"not_fixed" integer DEFAULT 0 NOT NULL,
	"escalated" integer DEFAULT 0 NOT NULL,
	"first_time_fixed" integer DEFAULT 0 NOT NULL,
	"on_time_arrivals" integer DEFAULT 0 NOT NULL,
	"scheduled_arrivals" integer DEFAULT 0 NOT NULL,
	"assign_seconds" numeric DEFAULT '0' NOT NULL,
	"assign_count" integer DEFAULT 0 NOT NULL,
	"arrival_seconds" numeric DEFAULT '0' NOT NULL,
	"arrival_count" integer DEFAULT 0 NOT NULL,
	"repair_seconds" numeric DEFAULT '0' NOT NULL,
	"repair_count" integer DEFAULT 0 NOT NULL,
	"cycle_seconds" numeric DEFAULT '0' NOT NULL,
	"cycle_count" integer DEFAULT 0 NOT NULL,
	"parts_wait_seconds" numeric DEFAULT '0' NOT NULL,
	"parts_wait_count" integer DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"rating_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "kpi_daily_totals_pkey" PRIMARY KEY("organization_id","day","dimension","key","stripe"),
	CONSTRAINT "kpi_daily_totals_dimension" CHECK ("kpi_daily_totals"."dimension" IN ('all', 'status', 'city', 'technician'))
);
--> statement-breakpoint
ALTER TABLE "kpi_daily_totals" ADD CONSTRAINT "kpi_daily_totals_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- What one ticket adds to kpi_daily_totals (seed 000 §8.1, §8.2), times `sign` (+1 to add it, -1 to take
-- it away), once per breakdown it belongs to. The formulas are the KPI report's: a duration counts the
-- tickets that reached both of its ends in order; "on time" is an arrival at most 15 minutes after the
-- scheduled start; first-time fix is a completion without a parts request.
CREATE FUNCTION kpi_ticket_facts(
  sign integer, time_zone text, created_at timestamptz, status text, customer_city text, technician_id uuid,
  assigned_at timestamptz, arrived_at timestamptz, completed_at timestamptz, scheduled_start_at timestamptz,
  parts_requested_at timestamptz, parts_received_at timestamptz, customer_rating integer, escalated boolean
) RETURNS TABLE (
  day date, dimension text, key text,
  tickets integer,
  completed integer,
  cancelled integer,
  not_fixed integer,
  escalated integer,
  first_time_fixed integer,
  on_time_arrivals integer,
  scheduled_arrivals integer,
  assign_seconds numeric,
  assign_count integer,
  arrival_seconds numeric,
  arrival_count integer,
  repair_seconds numeric,
  repair_count integer,
  cycle_seconds numeric,
  cycle_count integer,
  parts_wait_seconds numeric,
  parts_wait_count integer,
  rating_sum integer,
  rating_count integer
) LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT (created_at AT TIME ZONE time_zone)::date, d.dimension, d.key,
    sign,
    CASE WHEN status = 'completed' THEN sign ELSE 0 END,
    CASE WHEN status = 'cancelled' THEN sign ELSE 0 END,
    CASE WHEN status = 'not_fixed' THEN sign ELSE 0 END,
    CASE WHEN escalated THEN sign ELSE 0 END,
    CASE WHEN status = 'completed' AND parts_requested_at IS NULL THEN sign ELSE 0 END,
    CASE WHEN arrived_at <= scheduled_start_at + interval '15 minutes' THEN sign ELSE 0 END,
    CASE WHEN arrived_at IS NOT NULL AND scheduled_start_at IS NOT NULL THEN sign ELSE 0 END,
    CASE WHEN assigned_at >= created_at THEN sign * extract(epoch FROM assigned_at - created_at) ELSE 0 END,
    CASE WHEN assigned_at >= created_at THEN sign ELSE 0 END,
    CASE WHEN arrived_at >= assigned_at THEN sign * extract(epoch FROM arrived_at - assigned_at) ELSE 0 END,
    CASE WHEN arrived_at >= assigned_at THEN sign ELSE 0 END,
    CASE WHEN completed_at >= arrived_at THEN sign * extract(epoch FROM completed_at - arrived_at) ELSE 0 END,
    CASE WHEN completed_at >= arrived_at THEN sign ELSE 0 END,
    CASE WHEN completed_at >= created_at THEN sign * extract(epoch FROM completed_at - created_at) ELSE 0 END,
    CASE WHEN completed_at >= created_at THEN sign ELSE 0 END,
    CASE WHEN parts_received_at >= parts_requested_at THEN sign * extract(epoch FROM parts_received_at - parts_requested_at) ELSE 0 END,
    CASE WHEN parts_received_at >= parts_requested_at THEN sign ELSE 0 END,
    sign * coalesce(customer_rating, 0),
    CASE WHEN customer_rating IS NOT NULL THEN sign ELSE 0 END
  FROM (VALUES ('all', ''), ('status', status), ('city', customer_city), ('technician', technician_id::text))
    AS d(dimension, key)
  WHERE d.key IS NOT NULL
$$;
--> statement-breakpoint
-- Each function below adds a set of ticket changes, rows of (sign, ticket columns, escalated), to the
-- totals with the same statement (static, so its plan is cached): summed per total first, written in key
-- order (two writers on the same stripe take their row locks in the same order), and rows that add
-- nothing are not written.
--
-- An organisation's totals from its tickets: the backfill below, and after a change of time zone.
CREATE FUNCTION kpi_rebuild_daily_totals(org uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM kpi_daily_totals WHERE organization_id = org;
  INSERT INTO kpi_daily_totals AS total (organization_id, day, dimension, key, stripe,
      tickets, completed, cancelled, not_fixed, escalated, first_time_fixed, on_time_arrivals, scheduled_arrivals,
      assign_seconds, assign_count, arrival_seconds, arrival_count, repair_seconds, repair_count, cycle_seconds,
      cycle_count, parts_wait_seconds, parts_wait_count, rating_sum, rating_count)
    SELECT c.organization_id, f.day, f.dimension, f.key, pg_backend_pid() % 8,
      sum(f.tickets), sum(f.completed), sum(f.cancelled), sum(f.not_fixed), sum(f.escalated),
      sum(f.first_time_fixed), sum(f.on_time_arrivals), sum(f.scheduled_arrivals), sum(f.assign_seconds),
      sum(f.assign_count), sum(f.arrival_seconds), sum(f.arrival_count), sum(f.repair_seconds),
      sum(f.repair_count), sum(f.cycle_seconds), sum(f.cycle_count), sum(f.parts_wait_seconds),
      sum(f.parts_wait_count), sum(f.rating_sum), sum(f.rating_count)
    FROM (
      SELECT 1, t.organization_id, t.created_at, t.status, t.customer_city, t.technician_id, t.assigned_at, t.arrived_at,
         t.completed_at, t.scheduled_start_at, t.parts_requested_at, t.parts_received_at, t.customer_rating,
             t.id IN (SELECT e.ticket_id FROM escalations e WHERE e.organization_id = org)
      FROM tickets t WHERE t.organization_id = org
    ) AS c(
      sign, organization_id, created_at, status, customer_city, technician_id, assigned_at, arrived_at, completed_at,
      scheduled_start_at, parts_requested_at, parts_received_at, customer_rating, escalated)
    JOIN organizations AS organization ON organization.id = c.organization_id
    CROSS JOIN LATERAL kpi_ticket_facts(
      c.sign, organization.time_zone, c.created_at, c.status, c.customer_city, c.technician_id, c.assigned_at, c.arrived_at, c.completed_at,
      c.scheduled_start_at, c.parts_requested_at, c.parts_received_at, c.customer_rating,
      c.escalated) AS f
    GROUP BY c.organization_id, f.day, f.dimension, f.key
    HAVING sum(f.tickets) <> 0 OR sum(f.completed) <> 0 OR sum(f.cancelled) <> 0 OR sum(f.not_fixed) <> 0 OR
      sum(f.escalated) <> 0 OR sum(f.first_time_fixed) <> 0 OR sum(f.on_time_arrivals) <> 0 OR
      sum(f.scheduled_arrivals) <> 0 OR sum(f.assign_seconds) <> 0 OR sum(f.assign_count) <> 0 OR
      sum(f.arrival_seconds) <> 0 OR sum(f.arrival_count) <> 0 OR sum(f.repair_seconds) <> 0 OR
      sum(f.repair_count) <> 0 OR sum(f.cycle_seconds) <> 0 OR sum(f.cycle_count) <> 0 OR
      sum(f.parts_wait_seconds) <> 0 OR sum(f.parts_wait_count) <> 0 OR sum(f.rating_sum) <> 0 OR
      sum(f.rating_count) <> 0
    ORDER BY c.organization_id, f.day, f.dimension, f.key
    ON CONFLICT (organization_id, day, dimension, key, stripe) DO UPDATE SET
      tickets = total.tickets + excluded.tickets,
      completed = total.completed + excluded.completed,
      cancelled = total.cancelled + excluded.cancelled,
      not_fixed = total.not_fixed + excluded.not_fixed,
      escalated = total.escalated + excluded.escalated,
      first_time_fixed = total.first_time_fixed + excluded.first_time_fixed,
      on_time_arrivals = total.on_time_arrivals + excluded.on_time_arrivals,
      scheduled_arrivals = total.scheduled_arrivals + excluded.scheduled_arrivals,
      assign_seconds = total.assign_seconds + excluded.assign_seconds,
      assign_count = total.assign_count + excluded.assign_count,
      arrival_seconds = total.arrival_seconds + excluded.arrival_seconds,
      arrival_count = total.arrival_count + excluded.arrival_count,
      repair_seconds = total.repair_seconds + excluded.repair_seconds,
      repair_count = total.repair_count + excluded.repair_count,
      cycle_seconds = total.cycle_seconds + excluded.cycle_seconds,
      cycle_count = total.cycle_count + excluded.cycle_count,
      parts_wait_seconds = total.parts_wait_seconds + excluded.parts_wait_seconds,
      parts_wait_count = total.parts_wait_count + excluded.parts_wait_count,
      rating_sum = total.rating_sum + excluded.rating_sum,
      rating_count = total.rating_count + excluded.rating_count;
END
$$;
--> statement-breakpoint
CREATE FUNCTION kpi_tickets_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A new ticket has no escalation: escalations reference an existing ticket.
  INSERT INTO kpi_daily_totals AS total (organization_id, day, dimension, key, stripe,
      tickets, completed, cancelled, not_fixed, escalated, first_time_fixed, on_time_arrivals, scheduled_arrivals,
      assign_seconds, assign_count, arrival_seconds, arrival_count, repair_seconds, repair_count, cycle_seconds,
      cycle_count, parts_wait_seconds, parts_wait_count, rating_sum, rating_count)
    SELECT c.organization_id, f.day, f.dimension, f.key, pg_backend_pid() % 8,
      sum(f.tickets), sum(f.completed), sum(f.cancelled), sum(f.not_fixed), sum(f.escalated),
      sum(f.first_time_fixed), sum(f.on_time_arrivals), sum(f.scheduled_arrivals), sum(f.assign_seconds),
      sum(f.assign_count), sum(f.arrival_seconds), sum(f.arrival_count), sum(f.repair_seconds),
      sum(f.repair_count), sum(f.cycle_seconds), sum(f.cycle_count), sum(f.parts_wait_seconds),
      sum(f.parts_wait_count), sum(f.rating_sum), sum(f.rating_count)
    FROM (
      SELECT 1, n.organization_id, n.created_at, n.status, n.customer_city, n.technician_id, n.assigned_at, n.arrived_at,
         n.completed_at, n.scheduled_start_at, n.parts_requested_at, n.parts_received_at, n.customer_rating, false FROM new_rows n
    ) AS c(
      sign, organization_id, created_at, status, customer_city, technician_id, assigned_at, arrived_at, completed_at,
      scheduled_start_at, parts_requested_at, parts_received_at, customer_rating, escalated)
    JOIN organizations AS organization ON organization.id = c.organization_id
    CROSS JOIN LATERAL kpi_ticket_facts(
      c.sign, organization.time_zone, c.created_at, c.status, c.customer_city, c.technician_id, c.assigned_at, c.arrived_at, c.completed_at,
      c.scheduled_start_at, c.parts_requested_at, c.parts_received_at, c.customer_rating,
      c.escalated) AS f
    GROUP BY c.organization_id, f.day, f.dimension, f.key
    HAVING sum(f.tickets) <> 0 OR sum(f.completed) <> 0 OR sum(f.cancelled) <> 0 OR sum(f.not_fixed) <> 0 OR
      sum(f.escalated) <> 0 OR sum(f.first_time_fixed) <> 0 OR sum(f.on_time_arrivals) <> 0 OR
      sum(f.scheduled_arrivals) <> 0 OR sum(f.assign_seconds) <> 0 OR sum(f.assign_count) <> 0 OR
      sum(f.arrival_seconds) <> 0 OR sum(f.arrival_count) <> 0 OR sum(f.repair_seconds) <> 0 OR
      sum(f.repair_count) <> 0 OR sum(f.cycle_seconds) <> 0 OR sum(f.cycle_count) <> 0 OR
      sum(f.parts_wait_seconds) <> 0 OR sum(f.parts_wait_count) <> 0 OR sum(f.rating_sum) <> 0 OR
      sum(f.rating_count) <> 0
    ORDER BY c.organization_id, f.day, f.dimension, f.key
    ON CONFLICT (organization_id, day, dimension, key, stripe) DO UPDATE SET
      tickets = total.tickets + excluded.tickets,
      completed = total.completed + excluded.completed,
      cancelled = total.cancelled + excluded.cancelled,
      not_fixed = total.not_fixed + excluded.not_fixed,
      escalated = total.escalated + excluded.escalated,
      first_time_fixed = total.first_time_fixed + excluded.first_time_fixed,
      on_time_arrivals = total.on_time_arrivals + excluded.on_time_arrivals,
      scheduled_arrivals = total.scheduled_arrivals + excluded.scheduled_arrivals,
      assign_seconds = total.assign_seconds + excluded.assign_seconds,
      assign_count = total.assign_count + excluded.assign_count,
      arrival_seconds = total.arrival_seconds + excluded.arrival_seconds,
      arrival_count = total.arrival_count + excluded.arrival_count,
      repair_seconds = total.repair_seconds + excluded.repair_seconds,
      repair_count = total.repair_count + excluded.repair_count,
      cycle_seconds = total.cycle_seconds + excluded.cycle_seconds,
      cycle_count = total.cycle_count + excluded.cycle_count,
      parts_wait_seconds = total.parts_wait_seconds + excluded.parts_wait_seconds,
      parts_wait_count = total.parts_wait_count + excluded.parts_wait_count,
      rating_sum = total.rating_sum + excluded.rating_sum,
      rating_count = total.rating_count + excluded.rating_count;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION kpi_tickets_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Most updates (SLA marks, attachments, versions) change nothing the totals read.
  IF NOT EXISTS (
    SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o.organization_id, o.created_at, o.status, o.customer_city, o.technician_id, o.assigned_at, o.arrived_at,
           o.completed_at, o.scheduled_start_at, o.parts_requested_at, o.parts_received_at, o.customer_rating)
      IS DISTINCT FROM (n.organization_id, n.created_at, n.status, n.customer_city, n.technician_id, n.assigned_at, n.arrived_at,
           n.completed_at, n.scheduled_start_at, n.parts_requested_at, n.parts_received_at, n.customer_rating)
  ) THEN
    RETURN NULL;
  END IF;
  -- The ticket's old figures out, its new ones in; its escalations are the same before and after.
  INSERT INTO kpi_daily_totals AS total (organization_id, day, dimension, key, stripe,
      tickets, completed, cancelled, not_fixed, escalated, first_time_fixed, on_time_arrivals, scheduled_arrivals,
      assign_seconds, assign_count, arrival_seconds, arrival_count, repair_seconds, repair_count, cycle_seconds,
      cycle_count, parts_wait_seconds, parts_wait_count, rating_sum, rating_count)
    SELECT c.organization_id, f.day, f.dimension, f.key, pg_backend_pid() % 8,
      sum(f.tickets), sum(f.completed), sum(f.cancelled), sum(f.not_fixed), sum(f.escalated),
      sum(f.first_time_fixed), sum(f.on_time_arrivals), sum(f.scheduled_arrivals), sum(f.assign_seconds),
      sum(f.assign_count), sum(f.arrival_seconds), sum(f.arrival_count), sum(f.repair_seconds),
      sum(f.repair_count), sum(f.cycle_seconds), sum(f.cycle_count), sum(f.parts_wait_seconds),
      sum(f.parts_wait_count), sum(f.rating_sum), sum(f.rating_count)
    FROM (
      WITH changed AS (
        SELECT o.id, EXISTS (SELECT 1 FROM escalations e WHERE e.ticket_id = o.id) AS escalated
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE (o.organization_id, o.created_at, o.status, o.customer_city, o.technician_id, o.assigned_at, o.arrived_at,
               o.completed_at, o.scheduled_start_at, o.parts_requested_at, o.parts_received_at,
               o.customer_rating)
          IS DISTINCT FROM (n.organization_id, n.created_at, n.status, n.customer_city, n.technician_id, n.assigned_at, n.arrived_at,
               n.completed_at, n.scheduled_start_at, n.parts_requested_at, n.parts_received_at,
               n.customer_rating)
      )
      SELECT -1, o.organization_id, o.created_at, o.status, o.customer_city, o.technician_id, o.assigned_at, o.arrived_at,
         o.completed_at, o.scheduled_start_at, o.parts_requested_at, o.parts_received_at, o.customer_rating, changed.escalated
      FROM old_rows o JOIN changed ON changed.id = o.id
      UNION ALL
      SELECT 1, n.organization_id, n.created_at, n.status, n.customer_city, n.technician_id, n.assigned_at, n.arrived_at,
         n.completed_at, n.scheduled_start_at, n.parts_requested_at, n.parts_received_at, n.customer_rating, changed.escalated
      FROM new_rows n JOIN changed ON changed.id = n.id
    ) AS c(
      sign, organization_id, created_at, status, customer_city, technician_id, assigned_at, arrived_at, completed_at,
      scheduled_start_at, parts_requested_at, parts_received_at, customer_rating, escalated)
    JOIN organizations AS organization ON organization.id = c.organization_id
    CROSS JOIN LATERAL kpi_ticket_facts(
      c.sign, organization.time_zone, c.created_at, c.status, c.customer_city, c.technician_id, c.assigned_at, c.arrived_at, c.completed_at,
      c.scheduled_start_at, c.parts_requested_at, c.parts_received_at, c.customer_rating,
      c.escalated) AS f
    GROUP BY c.organization_id, f.day, f.dimension, f.key
    HAVING sum(f.tickets) <> 0 OR sum(f.completed) <> 0 OR sum(f.cancelled) <> 0 OR sum(f.not_fixed) <> 0 OR
      sum(f.escalated) <> 0 OR sum(f.first_time_fixed) <> 0 OR sum(f.on_time_arrivals) <> 0 OR
      sum(f.scheduled_arrivals) <> 0 OR sum(f.assign_seconds) <> 0 OR sum(f.assign_count) <> 0 OR
      sum(f.arrival_seconds) <> 0 OR sum(f.arrival_count) <> 0 OR sum(f.repair_seconds) <> 0 OR
      sum(f.repair_count) <> 0 OR sum(f.cycle_seconds) <> 0 OR sum(f.cycle_count) <> 0 OR
      sum(f.parts_wait_seconds) <> 0 OR sum(f.parts_wait_count) <> 0 OR sum(f.rating_sum) <> 0 OR
      sum(f.rating_count) <> 0
    ORDER BY c.organization_id, f.day, f.dimension, f.key
    ON CONFLICT (organization_id, day, dimension, key, stripe) DO UPDATE SET
      tickets = total.tickets + excluded.tickets,
      completed = total.completed + excluded.completed,
      cancelled = total.cancelled + excluded.cancelled,
      not_fixed = total.not_fixed + excluded.not_fixed,
      escalated = total.escalated + excluded.escalated,
      first_time_fixed = total.first_time_fixed + excluded.first_time_fixed,
      on_time_arrivals = total.on_time_arrivals + excluded.on_time_arrivals,
      scheduled_arrivals = total.scheduled_arrivals + excluded.scheduled_arrivals,
      assign_seconds = total.assign_seconds + excluded.assign_seconds,
      assign_count = total.assign_count + excluded.assign_count,
      arrival_seconds = total.arrival_seconds + excluded.arrival_seconds,
      arrival_count = total.arrival_count + excluded.arrival_count,
      repair_seconds = total.repair_seconds + excluded.repair_seconds,
      repair_count = total.repair_count + excluded.repair_count,
      cycle_seconds = total.cycle_seconds + excluded.cycle_seconds,
      cycle_count = total.cycle_count + excluded.cycle_count,
      parts_wait_seconds = total.parts_wait_seconds + excluded.parts_wait_seconds,
      parts_wait_count = total.parts_wait_count + excluded.parts_wait_count,
      rating_sum = total.rating_sum + excluded.rating_sum,
      rating_count = total.rating_count + excluded.rating_count;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION kpi_tickets_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A ticket with escalations cannot be deleted (escalations_ticket_id_tickets_id_fk).
  INSERT INTO kpi_daily_totals AS total (organization_id, day, dimension, key, stripe,
      tickets, completed, cancelled, not_fixed, escalated, first_time_fixed, on_time_arrivals, scheduled_arrivals,
      assign_seconds, assign_count, arrival_seconds, arrival_count, repair_seconds, repair_count, cycle_seconds,
      cycle_count, parts_wait_seconds, parts_wait_count, rating_sum, rating_count)
    SELECT c.organization_id, f.day, f.dimension, f.key, pg_backend_pid() % 8,
      sum(f.tickets), sum(f.completed), sum(f.cancelled), sum(f.not_fixed), sum(f.escalated),
      sum(f.first_time_fixed), sum(f.on_time_arrivals), sum(f.scheduled_arrivals), sum(f.assign_seconds),
      sum(f.assign_count), sum(f.arrival_seconds), sum(f.arrival_count), sum(f.repair_seconds),
      sum(f.repair_count), sum(f.cycle_seconds), sum(f.cycle_count), sum(f.parts_wait_seconds),
      sum(f.parts_wait_count), sum(f.rating_sum), sum(f.rating_count)
    FROM (
      SELECT -1, o.organization_id, o.created_at, o.status, o.customer_city, o.technician_id, o.assigned_at, o.arrived_at,
         o.completed_at, o.scheduled_start_at, o.parts_requested_at, o.parts_received_at, o.customer_rating, false FROM old_rows o
    ) AS c(
      sign, organization_id, created_at, status, customer_city, technician_id, assigned_at, arrived_at, completed_at,
      scheduled_start_at, parts_requested_at, parts_received_at, customer_rating, escalated)
    JOIN organizations AS organization ON organization.id = c.organization_id
    CROSS JOIN LATERAL kpi_ticket_facts(
      c.sign, organization.time_zone, c.created_at, c.status, c.customer_city, c.technician_id, c.assigned_at, c.arrived_at, c.completed_at,
      c.scheduled_start_at, c.parts_requested_at, c.parts_received_at, c.customer_rating,
      c.escalated) AS f
    GROUP BY c.organization_id, f.day, f.dimension, f.key
    HAVING sum(f.tickets) <> 0 OR sum(f.completed) <> 0 OR sum(f.cancelled) <> 0 OR sum(f.not_fixed) <> 0 OR
      sum(f.escalated) <> 0 OR sum(f.first_time_fixed) <> 0 OR sum(f.on_time_arrivals) <> 0 OR
      sum(f.scheduled_arrivals) <> 0 OR sum(f.assign_seconds) <> 0 OR sum(f.assign_count) <> 0 OR
      sum(f.arrival_seconds) <> 0 OR sum(f.arrival_count) <> 0 OR sum(f.repair_seconds) <> 0 OR
      sum(f.repair_count) <> 0 OR sum(f.cycle_seconds) <> 0 OR sum(f.cycle_count) <> 0 OR
      sum(f.parts_wait_seconds) <> 0 OR sum(f.parts_wait_count) <> 0 OR sum(f.rating_sum) <> 0 OR
      sum(f.rating_count) <> 0
    ORDER BY c.organization_id, f.day, f.dimension, f.key
    ON CONFLICT (organization_id, day, dimension, key, stripe) DO UPDATE SET
      tickets = total.tickets + excluded.tickets,
      completed = total.completed + excluded.completed,
      cancelled = total.cancelled + excluded.cancelled,
      not_fixed = total.not_fixed + excluded.not_fixed,
      escalated = total.escalated + excluded.escalated,
      first_time_fixed = total.first_time_fixed + excluded.first_time_fixed,
      on_time_arrivals = total.on_time_arrivals + excluded.on_time_arrivals,
      scheduled_arrivals = total.scheduled_arrivals + excluded.scheduled_arrivals,
      assign_seconds = total.assign_seconds + excluded.assign_seconds,
      assign_count = total.assign_count + excluded.assign_count,
      arrival_seconds = total.arrival_seconds + excluded.arrival_seconds,
      arrival_count = total.arrival_count + excluded.arrival_count,
      repair_seconds = total.repair_seconds + excluded.repair_seconds,
      repair_count = total.repair_count + excluded.repair_count,
      cycle_seconds = total.cycle_seconds + excluded.cycle_seconds,
      cycle_count = total.cycle_count + excluded.cycle_count,
      parts_wait_seconds = total.parts_wait_seconds + excluded.parts_wait_seconds,
      parts_wait_count = total.parts_wait_count + excluded.parts_wait_count,
      rating_sum = total.rating_sum + excluded.rating_sum,
      rating_count = total.rating_count + excluded.rating_count;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A ticket counts as escalated from its first escalation on. The tickets are locked (in id order) before
-- looking at their other escalations and their current breakdown: a concurrent first escalation or
-- workflow change of the same ticket then waits for this transaction and sees what it wrote.
CREATE FUNCTION kpi_escalations_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM tickets WHERE id IN (SELECT ticket_id FROM new_rows) ORDER BY id FOR NO KEY UPDATE;
  INSERT INTO kpi_daily_totals AS total (organization_id, day, dimension, key, stripe,
      tickets, completed, cancelled, not_fixed, escalated, first_time_fixed, on_time_arrivals, scheduled_arrivals,
      assign_seconds, assign_count, arrival_seconds, arrival_count, repair_seconds, repair_count, cycle_seconds,
      cycle_count, parts_wait_seconds, parts_wait_count, rating_sum, rating_count)
    SELECT c.organization_id, f.day, f.dimension, f.key, pg_backend_pid() % 8,
      sum(f.tickets), sum(f.completed), sum(f.cancelled), sum(f.not_fixed), sum(f.escalated),
      sum(f.first_time_fixed), sum(f.on_time_arrivals), sum(f.scheduled_arrivals), sum(f.assign_seconds),
      sum(f.assign_count), sum(f.arrival_seconds), sum(f.arrival_count), sum(f.repair_seconds),
      sum(f.repair_count), sum(f.cycle_seconds), sum(f.cycle_count), sum(f.parts_wait_seconds),
      sum(f.parts_wait_count), sum(f.rating_sum), sum(f.rating_count)
    FROM (
      WITH first AS (
        SELECT t.* FROM tickets t
        WHERE t.id IN (SELECT ticket_id FROM new_rows)
          AND NOT EXISTS (SELECT 1 FROM escalations e
                          WHERE e.ticket_id = t.id AND e.id NOT IN (SELECT id FROM new_rows))
      )
      SELECT -1, t.organization_id, t.created_at, t.status, t.customer_city, t.technician_id, t.assigned_at, t.arrived_at,
         t.completed_at, t.scheduled_start_at, t.parts_requested_at, t.parts_received_at, t.customer_rating, false FROM first t
      UNION ALL
      SELECT 1, t.organization_id, t.created_at, t.status, t.customer_city, t.technician_id, t.assigned_at, t.arrived_at,
         t.completed_at, t.scheduled_start_at, t.parts_requested_at, t.parts_received_at, t.customer_rating, true FROM first t
    ) AS c(
      sign, organization_id, created_at, status, customer_city, technician_id, assigned_at, arrived_at, completed_at,
      scheduled_start_at, parts_requested_at, parts_received_at, customer_rating, escalated)
    JOIN organizations AS organization ON organization.id = c.organization_id
    CROSS JOIN LATERAL kpi_ticket_facts(
      c.sign, organization.time_zone, c.created_at, c.status, c.customer_city, c.technician_id, c.assigned_at, c.arrived_at, c.completed_at,
      c.scheduled_start_at, c.parts_requested_at, c.parts_received_at, c.customer_rating,
      c.escalated) AS f
    GROUP BY c.organization_id, f.day, f.dimension, f.key
    HAVING sum(f.tickets) <> 0 OR sum(f.completed) <> 0 OR sum(f.cancelled) <> 0 OR sum(f.not_fixed) <> 0 OR
      sum(f.escalated) <> 0 OR sum(f.first_time_fixed) <> 0 OR sum(f.on_time_arrivals) <> 0 OR
      sum(f.scheduled_arrivals) <> 0 OR sum(f.assign_seconds) <> 0 OR sum(f.assign_count) <> 0 OR
      sum(f.arrival_seconds) <> 0 OR sum(f.arrival_count) <> 0 OR sum(f.repair_seconds) <> 0 OR
      sum(f.repair_count) <> 0 OR sum(f.cycle_seconds) <> 0 OR sum(f.cycle_count) <> 0 OR
      sum(f.parts_wait_seconds) <> 0 OR sum(f.parts_wait_count) <> 0 OR sum(f.rating_sum) <> 0 OR
      sum(f.rating_count) <> 0
    ORDER BY c.organization_id, f.day, f.dimension, f.key
    ON CONFLICT (organization_id, day, dimension, key, stripe) DO UPDATE SET
      tickets = total.tickets + excluded.tickets,
      completed = total.completed + excluded.completed,
      cancelled = total.cancelled + excluded.cancelled,
      not_fixed = total.not_fixed + excluded.not_fixed,
      escalated = total.escalated + excluded.escalated,
      first_time_fixed = total.first_time_fixed + excluded.first_time_fixed,
      on_time_arrivals = total.on_time_arrivals + excluded.on_time_arrivals,
      scheduled_arrivals = total.scheduled_arrivals + excluded.scheduled_arrivals,
      assign_seconds = total.assign_seconds + excluded.assign_seconds,
      assign_count = total.assign_count + excluded.assign_count,
      arrival_seconds = total.arrival_seconds + excluded.arrival_seconds,
      arrival_count = total.arrival_count + excluded.arrival_count,
      repair_seconds = total.repair_seconds + excluded.repair_seconds,
      repair_count = total.repair_count + excluded.repair_count,
      cycle_seconds = total.cycle_seconds + excluded.cycle_seconds,
      cycle_count = total.cycle_count + excluded.cycle_count,
      parts_wait_seconds = total.parts_wait_seconds + excluded.parts_wait_seconds,
      parts_wait_count = total.parts_wait_count + excluded.parts_wait_count,
      rating_sum = total.rating_sum + excluded.rating_sum,
      rating_count = total.rating_count + excluded.rating_count;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION kpi_escalations_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM tickets WHERE id IN (SELECT ticket_id FROM old_rows) ORDER BY id FOR NO KEY UPDATE;
  INSERT INTO kpi_daily_totals AS total (organization_id, day, dimension, key, stripe,
      tickets, completed, cancelled, not_fixed, escalated, first_time_fixed, on_time_arrivals, scheduled_arrivals,
      assign_seconds, assign_count, arrival_seconds, arrival_count, repair_seconds, repair_count, cycle_seconds,
      cycle_count, parts_wait_seconds, parts_wait_count, rating_sum, rating_count)
    SELECT c.organization_id, f.day, f.dimension, f.key, pg_backend_pid() % 8,
      sum(f.tickets), sum(f.completed), sum(f.cancelled), sum(f.not_fixed), sum(f.escalated),
      sum(f.first_time_fixed), sum(f.on_time_arrivals), sum(f.scheduled_arrivals), sum(f.assign_seconds),
      sum(f.assign_count), sum(f.arrival_seconds), sum(f.arrival_count), sum(f.repair_seconds),
      sum(f.repair_count), sum(f.cycle_seconds), sum(f.cycle_count), sum(f.parts_wait_seconds),
      sum(f.parts_wait_count), sum(f.rating_sum), sum(f.rating_count)
    FROM (
      WITH last AS (
        SELECT t.* FROM tickets t
        WHERE t.id IN (SELECT ticket_id FROM old_rows)
          AND NOT EXISTS (SELECT 1 FROM escalations e WHERE e.ticket_id = t.id)
      )
      SELECT -1, t.organization_id, t.created_at, t.status, t.customer_city, t.technician_id, t.assigned_at, t.arrived_at,
         t.completed_at, t.scheduled_start_at, t.parts_requested_at, t.parts_received_at, t.customer_rating, true FROM last t
      UNION ALL
      SELECT 1, t.organization_id, t.created_at, t.status, t.customer_city, t.technician_id, t.assigned_at, t.arrived_at,
         t.completed_at, t.scheduled_start_at, t.parts_requested_at, t.parts_received_at, t.customer_rating, false FROM last t
    ) AS c(
      sign, organization_id, created_at, status, customer_city, technician_id, assigned_at, arrived_at, completed_at,
      scheduled_start_at, parts_requested_at, parts_received_at, customer_rating, escalated)
    JOIN organizations AS organization ON organization.id = c.organization_id
    CROSS JOIN LATERAL kpi_ticket_facts(
      c.sign, organization.time_zone, c.created_at, c.status, c.customer_city, c.technician_id, c.assigned_at, c.arrived_at, c.completed_at,
      c.scheduled_start_at, c.parts_requested_at, c.parts_received_at, c.customer_rating,
      c.escalated) AS f
    GROUP BY c.organization_id, f.day, f.dimension, f.key
    HAVING sum(f.tickets) <> 0 OR sum(f.completed) <> 0 OR sum(f.cancelled) <> 0 OR sum(f.not_fixed) <> 0 OR
      sum(f.escalated) <> 0 OR sum(f.first_time_fixed) <> 0 OR sum(f.on_time_arrivals) <> 0 OR
      sum(f.scheduled_arrivals) <> 0 OR sum(f.assign_seconds) <> 0 OR sum(f.assign_count) <> 0 OR
      sum(f.arrival_seconds) <> 0 OR sum(f.arrival_count) <> 0 OR sum(f.repair_seconds) <> 0 OR
      sum(f.repair_count) <> 0 OR sum(f.cycle_seconds) <> 0 OR sum(f.cycle_count) <> 0 OR
      sum(f.parts_wait_seconds) <> 0 OR sum(f.parts_wait_count) <> 0 OR sum(f.rating_sum) <> 0 OR
      sum(f.rating_count) <> 0
    ORDER BY c.organization_id, f.day, f.dimension, f.key
    ON CONFLICT (organization_id, day, dimension, key, stripe) DO UPDATE SET
      tickets = total.tickets + excluded.tickets,
      completed = total.completed + excluded.completed,
      cancelled = total.cancelled + excluded.cancelled,
      not_fixed = total.not_fixed + excluded.not_fixed,
      escalated = total.escalated + excluded.escalated,
      first_time_fixed = total.first_time_fixed + excluded.first_time_fixed,
      on_time_arrivals = total.on_time_arrivals + excluded.on_time_arrivals,
      scheduled_arrivals = total.scheduled_arrivals + excluded.scheduled_arrivals,
      assign_seconds = total.assign_seconds + excluded.assign_seconds,
      assign_count = total.assign_count + excluded.assign_count,
      arrival_seconds = total.arrival_seconds + excluded.arrival_seconds,
      arrival_count = total.arrival_count + excluded.arrival_count,
      repair_seconds = total.repair_seconds + excluded.repair_seconds,
      repair_count = total.repair_count + excluded.repair_count,
      cycle_seconds = total.cycle_seconds + excluded.cycle_seconds,
      cycle_count = total.cycle_count + excluded.cycle_count,
      parts_wait_seconds = total.parts_wait_seconds + excluded.parts_wait_seconds,
      parts_wait_count = total.parts_wait_count + excluded.parts_wait_count,
      rating_sum = total.rating_sum + excluded.rating_sum,
      rating_count = total.rating_count + excluded.rating_count;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A day is a day of the organisation's time zone: a new zone regroups every ticket. Ticket and escalation
-- writers are held off until this transaction ends, so none adds figures of the old zone afterwards.
CREATE FUNCTION kpi_organization_time_zone_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE tickets, escalations IN SHARE MODE;
  PERFORM kpi_rebuild_daily_totals(NEW.id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER kpi_tickets_inserted AFTER INSERT ON tickets REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kpi_tickets_inserted();
--> statement-breakpoint
CREATE TRIGGER kpi_tickets_updated AFTER UPDATE ON tickets REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kpi_tickets_updated();
--> statement-breakpoint
CREATE TRIGGER kpi_tickets_deleted AFTER DELETE ON tickets REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kpi_tickets_deleted();
--> statement-breakpoint
CREATE TRIGGER kpi_escalations_inserted AFTER INSERT ON escalations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kpi_escalations_inserted();
--> statement-breakpoint
CREATE TRIGGER kpi_escalations_deleted AFTER DELETE ON escalations REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kpi_escalations_deleted();
--> statement-breakpoint
CREATE TRIGGER kpi_organization_time_zone AFTER UPDATE OF time_zone ON organizations
  FOR EACH ROW WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone)
  EXECUTE FUNCTION kpi_organization_time_zone_changed();
--> statement-breakpoint
SELECT kpi_rebuild_daily_totals(id) FROM organizations;

