CREATE SEQUENCE "public"."sla_setup_version_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "sla_setup_version" bigint DEFAULT nextval('sla_setup_version_seq') NOT NULL;--> statement-breakpoint
-- The organisation's SLA setup changed: a new stamp, visible with the change when it commits.
CREATE FUNCTION "bump_sla_setup_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    UPDATE "organizations" SET "sla_setup_version" = nextval('sla_setup_version_seq');
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE "organizations" SET "sla_setup_version" = nextval('sla_setup_version_seq') WHERE "id" = OLD.organization_id;
  ELSE
    UPDATE "organizations" SET "sla_setup_version" = nextval('sla_setup_version_seq') WHERE "id" = NEW.organization_id;
    IF TG_OP = 'UPDATE' AND OLD.organization_id IS DISTINCT FROM NEW.organization_id THEN
      UPDATE "organizations" SET "sla_setup_version" = nextval('sla_setup_version_seq') WHERE "id" = OLD.organization_id;
    END IF;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "sla_configs_setup_version" AFTER INSERT OR UPDATE OR DELETE ON "sla_configs"
  FOR EACH ROW EXECUTE FUNCTION "bump_sla_setup_version"();--> statement-breakpoint
CREATE TRIGGER "sla_configs_setup_version_truncate" AFTER TRUNCATE ON "sla_configs"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_sla_setup_version"();--> statement-breakpoint
CREATE TRIGGER "business_calendars_setup_version" AFTER INSERT OR UPDATE OR DELETE ON "business_calendars"
  FOR EACH ROW EXECUTE FUNCTION "bump_sla_setup_version"();--> statement-breakpoint
CREATE TRIGGER "business_calendars_setup_version_truncate" AFTER TRUNCATE ON "business_calendars"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_sla_setup_version"();--> statement-breakpoint
CREATE TRIGGER "sla_policies_setup_version" AFTER INSERT OR UPDATE OR DELETE ON "sla_policies"
  FOR EACH ROW EXECUTE FUNCTION "bump_sla_setup_version"();--> statement-breakpoint
CREATE TRIGGER "sla_policies_setup_version_truncate" AFTER TRUNCATE ON "sla_policies"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_sla_setup_version"();
