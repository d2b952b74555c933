CREATE TABLE "ticket_complaints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"message" text NOT NULL,
	"fingerprint" text NOT NULL,
	"escalation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_complaints_message_length" CHECK (char_length("ticket_complaints"."message") BETWEEN 10 AND 2000)
);
--> statement-breakpoint
ALTER TABLE "sla_configs" ADD COLUMN "auto_reassign" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_complaints" ADD CONSTRAINT "ticket_complaints_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_complaints" ADD CONSTRAINT "ticket_complaints_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_complaints" ADD CONSTRAINT "ticket_complaints_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_complaints" ADD CONSTRAINT "ticket_complaints_escalation_id_escalations_id_fk" FOREIGN KEY ("escalation_id") REFERENCES "public"."escalations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_complaints_ticket_fingerprint_key" ON "ticket_complaints" USING btree ("ticket_id","fingerprint");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_complaints_escalation_key" ON "ticket_complaints" USING btree ("escalation_id");