DROP INDEX "tickets_sla_assigned_idx";--> statement-breakpoint
DROP INDEX "tickets_sla_on_route_idx";--> statement-breakpoint
DROP INDEX "tickets_sla_waiting_parts_idx";--> statement-breakpoint
DROP INDEX "tickets_sla_in_workshop_idx";--> statement-breakpoint
DROP INDEX "tickets_sla_open_created_idx";--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_stage_check_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_age_check_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "tickets_sla_new_idx" ON "tickets" USING btree ("organization_id","created_at","id") WHERE "tickets"."status" = 'new' AND "tickets"."sla_stage_check_at" IS NULL;--> statement-breakpoint
CREATE INDEX "tickets_sla_scheduled_due_idx" ON "tickets" USING btree ("organization_id","scheduled_start_at","id") WHERE "tickets"."status" = 'scheduled' AND "tickets"."sla_stage_check_at" IS NULL;--> statement-breakpoint
CREATE INDEX "tickets_sla_stage_check_idx" ON "tickets" USING btree ("organization_id","sla_stage_check_at") WHERE "tickets"."sla_stage_check_at" < 'infinity';--> statement-breakpoint
CREATE INDEX "tickets_sla_age_check_idx" ON "tickets" USING btree ("organization_id","sla_age_check_at") WHERE "tickets"."sla_age_check_at" < 'infinity';--> statement-breakpoint
CREATE INDEX "tickets_sla_assigned_idx" ON "tickets" USING btree ("organization_id","assigned_at","id") WHERE "tickets"."status" = 'assigned' AND "tickets"."sla_stage_check_at" IS NULL;--> statement-breakpoint
CREATE INDEX "tickets_sla_on_route_idx" ON "tickets" USING btree ("organization_id","started_trip_at","id") WHERE "tickets"."status" = 'on_route' AND "tickets"."sla_stage_check_at" IS NULL;--> statement-breakpoint
CREATE INDEX "tickets_sla_waiting_parts_idx" ON "tickets" USING btree ("organization_id","parts_requested_at","id") WHERE "tickets"."status" = 'waiting_parts' AND "tickets"."sla_stage_check_at" IS NULL;--> statement-breakpoint
CREATE INDEX "tickets_sla_in_workshop_idx" ON "tickets" USING btree ("organization_id","workshop_checked_in_at","id") WHERE "tickets"."status" = 'in_workshop' AND "tickets"."sla_stage_check_at" IS NULL;--> statement-breakpoint
CREATE INDEX "tickets_sla_open_created_idx" ON "tickets" USING btree ("organization_id","created_at","id") WHERE "tickets"."status" NOT IN ('completed', 'not_fixed', 'cancelled') AND "tickets"."sla_age_check_at" IS NULL;