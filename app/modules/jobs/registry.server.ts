import { pruneThrottle } from "#app/modules/identity/throttle.server.ts";
import { reportJobs } from "#app/modules/insights/report-mail.server.ts";
import { mailRetentionJob } from "#app/modules/mail/outbox.server.ts";
import { expireImports } from "#app/modules/responses/import.server.ts";
import { expireIdempotencyKeys } from "#app/modules/responses/ingest-api.server.ts";
import { invitationJobs } from "#app/modules/responses/invitations.server.ts";
import { retentionJob } from "#app/modules/responses/retention.server.ts";
import type { PeriodicJob } from "./scheduler.server.ts";

/** Every background job the server runs. Each module adds its own here. */
export const backgroundJobs: readonly PeriodicJob[] = [
  retentionJob,
  ...invitationJobs,
  expireImports,
  expireIdempotencyKeys,
  ...reportJobs,
  pruneThrottle,
  mailRetentionJob,
];
