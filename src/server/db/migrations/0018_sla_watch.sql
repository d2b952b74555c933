CREATE TABLE "ticket_sla_watch" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"status" text NOT NULL,
	"version" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"stage_started_at" timestamp with time zone,
	"stage_check_at" timestamp with time zone,
	"age_check_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "ticket_sla_watch" ADD CONSTRAINT "ticket_sla_watch_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ticket_sla_watch_stage_idx" ON "ticket_sla_watch" USING btree ("organization_id","status","stage_started_at","ticket_id") WHERE "ticket_sla_watch"."stage_check_at" IS NULL;--> statement-breakpoint
CREATE INDEX "ticket_sla_watch_age_idx" ON "ticket_sla_watch" USING btree ("organization_id","created_at","ticket_id") WHERE "ticket_sla_watch"."age_check_at" IS NULL;--> statement-breakpoint
CREATE INDEX "ticket_sla_watch_stage_check_idx" ON "ticket_sla_watch" USING btree ("organization_id","stage_check_at","ticket_id") WHERE "ticket_sla_watch"."stage_check_at" < 'infinity';--> statement-breakpoint
CREATE INDEX "ticket_sla_watch_age_check_idx" ON "ticket_sla_watch" USING btree ("organization_id","age_check_at","ticket_id") WHERE "ticket_sla_watch"."age_check_at" < 'infinity';--> statement-breakpoint
-- The stage clock of each status with a stage rule (seed 000 §7.1); other statuses have none and are marked
-- handled for the stage. Closed tickets leave the table.
CREATE FUNCTION "ticket_sla_watch_sync"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  stage_at timestamptz;
BEGIN
  IF NEW.status IN ('completed', 'not_fixed', 'cancelled') THEN
    DELETE FROM ticket_sla_watch WHERE ticket_id = NEW.id;
    RETURN NULL;
  END IF;
  stage_at := CASE NEW.status
    WHEN 'new' THEN NEW.created_at
    WHEN 'assigned' THEN NEW.assigned_at
    WHEN 'scheduled' THEN NEW.scheduled_start_at
    WHEN 'on_route' THEN NEW.started_trip_at
    WHEN 'waiting_parts' THEN NEW.parts_requested_at
    WHEN 'in_workshop' THEN NEW.workshop_checked_in_at
  END;
  INSERT INTO ticket_sla_watch AS watch (ticket_id, organization_id, status, version, created_at, stage_started_at,
                                          stage_check_at)
  VALUES (NEW.id, NEW.organization_id, NEW.status, NEW.version, NEW.created_at, stage_at,
          CASE WHEN stage_at IS NULL THEN 'infinity'::timestamptz END)
  ON CONFLICT (ticket_id) DO UPDATE
    SET status = excluded.status, version = excluded.version, created_at = excluded.created_at,
        stage_started_at = excluded.stage_started_at, stage_check_at = excluded.stage_check_at;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "tickets_sla_watch_insert" AFTER INSERT ON "tickets"
  FOR EACH ROW EXECUTE FUNCTION "ticket_sla_watch_sync"();--> statement-breakpoint
CREATE TRIGGER "tickets_sla_watch_update" AFTER UPDATE ON "tickets"
  FOR EACH ROW WHEN ((OLD.version, OLD.status, OLD.assigned_at, OLD.scheduled_start_at, OLD.started_trip_at,
                      OLD.parts_requested_at, OLD.workshop_checked_in_at, OLD.created_at)
                     IS DISTINCT FROM
                     (NEW.version, NEW.status, NEW.assigned_at, NEW.scheduled_start_at, NEW.started_trip_at,
                      NEW.parts_requested_at, NEW.workshop_checked_in_at, NEW.created_at))
  EXECUTE FUNCTION "ticket_sla_watch_sync"();--> statement-breakpoint
-- Existing open tickets with the marks the sweep already wrote, so nothing is looked at twice.
INSERT INTO "ticket_sla_watch" ("ticket_id", "organization_id", "status", "version", "created_at", "stage_started_at",
                                "stage_check_at", "age_check_at")
SELECT t.id, t.organization_id, t.status, t.version, t.created_at, stage.at,
       CASE WHEN stage.at IS NULL THEN 'infinity'::timestamptz ELSE t.sla_stage_check_at END, t.sla_age_check_at
FROM "tickets" t
CROSS JOIN LATERAL (SELECT CASE t.status
    WHEN 'new' THEN t.created_at
    WHEN 'assigned' THEN t.assigned_at
    WHEN 'scheduled' THEN t.scheduled_start_at
    WHEN 'on_route' THEN t.started_trip_at
    WHEN 'waiting_parts' THEN t.parts_requested_at
    WHEN 'in_workshop' THEN t.workshop_checked_in_at
  END AS at) stage
WHERE t.status NOT IN ('completed', 'not_fixed', 'cancelled');--> statement-breakpoint
DROP INDEX "tickets_sla_new_idx";--> statement-breakpoint
DROP INDEX "tickets_sla_assigned_idx";--> statement-breakpoint
DROP INDEX "tickets_sla_scheduled_due_idx";--> statement-breakpoint
DROP INDEX "tickets_sla_on_route_idx";--> statement-breakpoint
DROP INDEX "tickets_sla_waiting_parts_idx";--> statement-breakpoint
DROP INDEX "tickets_sla_in_workshop_idx";--> statement-breakpoint
DROP INDEX "tickets_sla_open_created_idx";--> statement-breakpoint
DROP INDEX "tickets_sla_stage_check_idx";--> statement-breakpoint
DROP INDEX "tickets_sla_age_check_idx";--> statement-breakpoint
ALTER TABLE "tickets" DROP COLUMN "sla_stage_check_at";--> statement-breakpoint
ALTER TABLE "tickets" DROP COLUMN "sla_age_check_at";
