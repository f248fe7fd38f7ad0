CREATE TABLE "benchmark_disclosure" (
	"org_id" uuid NOT NULL,
	"question_code" text NOT NULL,
	"set_hash" text NOT NULL,
	"members" uuid[] NOT NULL,
	"shown_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "benchmark_disclosure_org_id_question_code_set_hash_pk" PRIMARY KEY("org_id","question_code","set_hash")
);
--> statement-breakpoint
CREATE TABLE "benchmark_participation" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"opted_in_by" text,
	"opted_in_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_delivery" (
	"org_id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"wave" text NOT NULL,
	"recipients" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_delivery_org_id_survey_id_wave_pk" PRIMARY KEY("org_id","survey_id","wave")
);
--> statement-breakpoint
CREATE TABLE "report_subscription" (
	"org_id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"lang" text NOT NULL,
	"formats" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_subscription_org_id_survey_id_user_id_pk" PRIMARY KEY("org_id","survey_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "results_share_link" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"survey_id" uuid NOT NULL,
	"label" text NOT NULL,
	"token_hash" text NOT NULL,
	"excluded" text[] NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_viewed_at" timestamp with time zone,
	CONSTRAINT "results_share_link_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "survey_benchmark" (
	"org_id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"service_type" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_benchmark_org_id_survey_id_pk" PRIMARY KEY("org_id","survey_id")
);
--> statement-breakpoint
CREATE TABLE "survey_weighting" (
	"org_id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"margins" jsonb NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_weighting_org_id_survey_id_pk" PRIMARY KEY("org_id","survey_id")
);
--> statement-breakpoint
ALTER TABLE "benchmark_disclosure" ADD CONSTRAINT "benchmark_disclosure_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benchmark_participation" ADD CONSTRAINT "benchmark_participation_org_id_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_delivery" ADD CONSTRAINT "report_delivery_org_id_survey_id_survey_org_id_id_fk" FOREIGN KEY ("org_id","survey_id") REFERENCES "public"."survey"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_subscription" ADD CONSTRAINT "report_subscription_org_id_survey_id_survey_org_id_id_fk" FOREIGN KEY ("org_id","survey_id") REFERENCES "public"."survey"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "results_share_link" ADD CONSTRAINT "results_share_link_org_id_survey_id_survey_org_id_id_fk" FOREIGN KEY ("org_id","survey_id") REFERENCES "public"."survey"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_benchmark" ADD CONSTRAINT "survey_benchmark_org_id_survey_id_survey_org_id_id_fk" FOREIGN KEY ("org_id","survey_id") REFERENCES "public"."survey"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_weighting" ADD CONSTRAINT "survey_weighting_org_id_survey_id_survey_org_id_id_fk" FOREIGN KEY ("org_id","survey_id") REFERENCES "public"."survey"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "results_share_link_token_idx" ON "results_share_link" USING btree ("token_hash");