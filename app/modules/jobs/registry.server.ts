import { expireImports } from "#app/modules/responses/import.server.ts";
import { expireIdempotencyKeys } from "#app/modules/responses/ingest-api.server.ts";
import type { PeriodicJob } from "./scheduler.server.ts";

/** Every background job the server runs. Each module adds its own here. */
export const backgroundJobs: readonly PeriodicJob[] = [expireImports, expireIdempotencyKeys];
