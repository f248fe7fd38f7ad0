CREATE TABLE "org_data_key" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"wrapped_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_token" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_token_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "response" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"survey_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"channel" text NOT NULL,
	"lang" text NOT NULL,
	"resume_hash" text,
	"start_key" text,
	"idempotency_key" text,
	"pages_done" text[] DEFAULT '{}'::text[] NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"contact_id" uuid,
	"entered_by" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"anonymized_at" timestamp with time zone,
	CONSTRAINT "response_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "survey_contact" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"survey_id" uuid NOT NULL,
	"email_sealed" text NOT NULL,
	"email_hash" text NOT NULL,
	"lang" text NOT NULL,
	"token_hash" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"invited_at" timestamp with time zone,
	"reminders_sent" integer DEFAULT 0 NOT NULL,
	"last_reminded_at" timestamp with time zone,
	"responded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_contact_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "survey" ADD COLUMN "public_key" text DEFAULT substr(replace(gen_random_uuid()::text, '-', ''), 1, 12) NOT NULL;--> statement-breakpoint
ALTER TABLE "survey" ADD COLUMN "anonymous" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "survey" ADD COLUMN "privacy_notice_en" text;--> statement-breakpoint
ALTER TABLE "survey" ADD COLUMN "privacy_notice_fr" text;--> statement-breakpoint
ALTER TABLE "survey" ADD COLUMN "retention_months" integer DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE "survey" ADD COLUMN "keep_contacts" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "survey" ADD COLUMN "reminder_days" integer[] DEFAULT '{}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "org_data_key" ADD CONSTRAINT "org_data_key_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response" ADD CONSTRAINT "response_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response" ADD CONSTRAINT "response_org_id_survey_id_survey_org_id_id_fk" FOREIGN KEY ("org_id","survey_id") REFERENCES "public"."survey"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_contact" ADD CONSTRAINT "survey_contact_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_contact" ADD CONSTRAINT "survey_contact_org_id_survey_id_survey_org_id_id_fk" FOREIGN KEY ("org_id","survey_id") REFERENCES "public"."survey"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_token_hash_idx" ON "api_token" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "response_survey_idx" ON "response" USING btree ("org_id","survey_id","status");--> statement-breakpoint
CREATE INDEX "response_survey_order_idx" ON "response" USING btree ("org_id","survey_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "response_resume_idx" ON "response" USING btree ("resume_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "response_start_idx" ON "response" USING btree ("org_id","survey_id","start_key");--> statement-breakpoint
CREATE UNIQUE INDEX "response_idempotency_idx" ON "response" USING btree ("org_id","survey_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_contact_email_idx" ON "survey_contact" USING btree ("org_id","survey_id","email_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_contact_token_idx" ON "survey_contact" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_public_key_idx" ON "survey" USING btree ("public_key");--> statement-breakpoint
-- A submitted response is a record of what someone said: it may be deleted
-- (audited) or anonymized once at the end of retention, never rewritten.
CREATE FUNCTION response_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'complete' THEN
    IF NEW.status <> 'complete' OR NEW.survey_id <> OLD.survey_id OR NEW.version <> OLD.version
       OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at THEN
      RAISE EXCEPTION 'response % is submitted and cannot change', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.answers IS DISTINCT FROM OLD.answers AND NOT (OLD.anonymized_at IS NULL AND NEW.anonymized_at IS NOT NULL) THEN
      RAISE EXCEPTION 'response % is submitted and cannot change', OLD.id USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER response_append_only BEFORE UPDATE ON "response"
  FOR EACH ROW EXECUTE FUNCTION response_append_only();
