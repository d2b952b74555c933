CREATE TABLE "socket_io_attachments" (
	"id" bigserial NOT NULL,
	"created_at" timestamp with time zone DEFAULT now(),
	"payload" "bytea",
	CONSTRAINT "socket_io_attachments_id_unique" UNIQUE("id")
);
--> statement-breakpoint
ALTER TABLE "technicians" ADD COLUMN "location_window_start" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "technicians" ADD COLUMN "location_window_pings" integer DEFAULT 0 NOT NULL;