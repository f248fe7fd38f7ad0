import type { AppServices } from "#app/context.ts";
import { backgroundJobs } from "#app/modules/jobs/registry.server.ts";
import { startPeriodicJobs } from "#app/modules/jobs/scheduler.server.ts";
import { smtpTransport, startMailWorker } from "#app/modules/mail/worker.server.ts";

/**
 * Mail delivery and the periodic jobs (reminders, retention, reports). Both
 * are safe to run in two processes at once, but one is enough: a cluster runs
 * them in its primary only. Returns a function that stops them.
 */
export function startBackgroundWork(services: AppServices): () => Promise<void> {
  const { settings } = services;
  const stopMail = startMailWorker(
    services,
    settings.smtpUrl ? smtpTransport(settings.smtpUrl, settings.mailFrom) : null,
  );
  const stopJobs = startPeriodicJobs(services, backgroundJobs);
  return async () => {
    await stopMail();
    await stopJobs();
  };
}
