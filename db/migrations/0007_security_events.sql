CREATE TABLE "platform_audit_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" text,
	"actor_email" text,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"after" jsonb,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
ALTER TABLE "audit_event" ADD COLUMN "ip" text;--> statement-breakpoint
ALTER TABLE "audit_event" ADD COLUMN "user_agent" text;--> statement-breakpoint
CREATE INDEX "platform_audit_event_at_idx" ON "platform_audit_event" USING btree ("at");