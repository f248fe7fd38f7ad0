CREATE TABLE "api_idempotency" (
	"org_id" uuid NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_idempotency_org_id_key_pk" PRIMARY KEY("org_id","key")
);
--> statement-breakpoint
CREATE TABLE "response_import" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"survey_id" uuid NOT NULL,
	"status" text DEFAULT 'staged' NOT NULL,
	"format" text NOT NULL,
	"encoding" text,
	"delimiter" text,
	"header" text[] NOT NULL,
	"header_row" integer NOT NULL,
	"row_count" integer NOT NULL,
	"filled_rows" integer NOT NULL,
	"profile" text NOT NULL,
	"mapping" jsonb,
	"recoding" text,
	"report" text,
	"error_count" integer,
	"imported" integer,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"committed_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "response_import_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "response_import_chunk" (
	"org_id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"chunk" integer NOT NULL,
	"rows" text NOT NULL,
	CONSTRAINT "response_import_chunk_org_id_import_id_chunk_pk" PRIMARY KEY("org_id","import_id","chunk")
);
--> statement-breakpoint
ALTER TABLE "response" DROP CONSTRAINT "response_org_id_organization_id_fk";
--> statement-breakpoint
DROP INDEX "response_resume_idx";--> statement-breakpoint
DROP INDEX "response_start_idx";--> statement-breakpoint
DROP INDEX "response_idempotency_idx";--> statement-breakpoint
ALTER TABLE "api_idempotency" ADD CONSTRAINT "api_idempotency_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_import" ADD CONSTRAINT "response_import_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_import" ADD CONSTRAINT "response_import_org_id_survey_id_survey_org_id_id_fk" FOREIGN KEY ("org_id","survey_id") REFERENCES "public"."survey"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_import_chunk" ADD CONSTRAINT "response_import_chunk_org_id_import_id_response_import_org_id_id_fk" FOREIGN KEY ("org_id","import_id") REFERENCES "public"."response_import"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_idempotency_created_idx" ON "api_idempotency" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "response_import_survey_idx" ON "response_import" USING btree ("org_id","survey_id","created_at");--> statement-breakpoint
CREATE INDEX "response_import_expiry_idx" ON "response_import" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "response_resume_idx" ON "response" USING btree ("resume_hash") WHERE resume_hash IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "response_start_idx" ON "response" USING btree ("org_id","survey_id","start_key") WHERE start_key IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "response_idempotency_idx" ON "response" USING btree ("org_id","survey_id","idempotency_key") WHERE idempotency_key IS NOT NULL;