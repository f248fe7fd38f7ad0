-- Messages written before sealing hold addresses and bodies in plain text: they go (a message queued but not
-- yet sent at the upgrade is lost with them; its change can be asked for again). Migration 0009 drops those columns.
DELETE FROM "mail_outbox";--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "org_id" uuid;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "survey_id" uuid;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "to_sealed" text NOT NULL;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "content_sealed" text NOT NULL;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mail_outbox_survey_idx" ON "mail_outbox" USING btree ("org_id","survey_id");--> statement-breakpoint
CREATE INDEX "mail_outbox_created_idx" ON "mail_outbox" USING btree ("created_at");