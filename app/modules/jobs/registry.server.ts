import { invitationJobs } from "#app/modules/responses/invitations.server.ts";
import type { PeriodicJob } from "./scheduler.server.ts";

/** Every background job the server runs. Each module adds its own here. */
export const backgroundJobs: readonly PeriodicJob[] = [...invitationJobs];
