import type { AppServices } from "#app/context.ts";

/**
 * Work the server does on its own, on a timer: reminders, retention, reports.
 * A job must be safe to run twice at once (another instance, an overlap after a
 * slow run): it claims rows with conditional updates or row locks, never by
 * assuming it is alone. It returns how many things it did, for the log.
 */
export interface PeriodicJob {
  name: string;
  everyMs: number;
  run(services: AppServices, now: Date): Promise<number>;
}

/** Runs each job now and then every `everyMs`, one run at a time per job. Returns a stop function. */
export function startPeriodicJobs(services: AppServices, jobs: readonly PeriodicJob[]): () => Promise<void> {
  let stopped = false;
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  const schedule = (job: PeriodicJob, delayMs: number) => {
    timers.set(
      job.name,
      setTimeout(() => {
        if (stopped) return;
        const run = job
          .run(services, new Date())
          .then((done) => {
            if (done > 0) console.log(`job ${job.name}: ${done} done`);
          })
          .catch((error: unknown) => {
            console.warn(`job ${job.name} failed:`, error instanceof Error ? error.message : error);
          })
          .finally(() => {
            running.delete(run);
            if (!stopped) schedule(job, job.everyMs);
          });
        running.add(run);
      }, delayMs),
    );
  };
  for (const job of jobs) schedule(job, 0);
  return async () => {
    stopped = true;
    for (const timer of timers.values()) clearTimeout(timer);
    await Promise.all(running);
  };
}
