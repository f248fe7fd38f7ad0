-- Decision 0042: an anonymous survey keeps the day a response was submitted
-- (noon UTC of its date in America/Toronto), never the time. The responses
-- submitted before this rule are brought to it once; the append-only trigger,
-- which forbids changing a submitted time, is lifted for this statement only.
ALTER TABLE "response" DISABLE TRIGGER "response_append_only";--> statement-breakpoint
UPDATE "response" AS r
SET "started_at" = ((r."submitted_at" AT TIME ZONE 'America/Toronto')::date + time '12:00') AT TIME ZONE 'UTC',
    "updated_at" = ((r."submitted_at" AT TIME ZONE 'America/Toronto')::date + time '12:00') AT TIME ZONE 'UTC',
    "submitted_at" = ((r."submitted_at" AT TIME ZONE 'America/Toronto')::date + time '12:00') AT TIME ZONE 'UTC'
FROM "survey" AS s
WHERE s."org_id" = r."org_id" AND s."id" = r."survey_id" AND s."anonymous"
  AND r."status" = 'complete' AND r."submitted_at" IS NOT NULL
  AND r."channel" IN ('web', 'invitation', 'staff');--> statement-breakpoint
ALTER TABLE "response" ENABLE TRIGGER "response_append_only";--> statement-breakpoint
-- Partial ones keep the day they were started; their last save's time stays
-- exact for the grace period of deleting partials, and is never shown.
UPDATE "response" AS r
SET "started_at" = ((r."started_at" AT TIME ZONE 'America/Toronto')::date + time '12:00') AT TIME ZONE 'UTC'
FROM "survey" AS s
WHERE s."org_id" = r."org_id" AND s."id" = r."survey_id" AND s."anonymous" AND r."status" = 'partial';
