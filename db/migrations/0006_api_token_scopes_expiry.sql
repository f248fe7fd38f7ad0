-- Tokens made before scopes keep the reach they had (every scope), then each new token names its own.
ALTER TABLE "api_token" ADD COLUMN "scopes" text[] NOT NULL DEFAULT '{responses:write,results:read,members:read}';--> statement-breakpoint
ALTER TABLE "api_token" ALTER COLUMN "scopes" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "api_token" ADD COLUMN "expires_at" timestamp with time zone;
