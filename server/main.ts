import cluster from "node:cluster";
import { fileURLToPath } from "node:url";
import type { AppServices } from "#app/context.ts";
import { createServices, openServices } from "#app/modules/platform/services.server.ts";
import { loadSettings, type Settings, SettingsError } from "#app/modules/platform/settings.server.ts";
import { seedDemoIfEmpty } from "#db/seed.ts";
import { startBackgroundWork } from "./background.ts";
import { superviseWorkers } from "./cluster.ts";
import { serveHttp } from "./http-server.ts";

// Production entry: `node server/main.ts` after `react-router build`.
// One process does everything, unless WEB_CONCURRENCY asks for more: then this
// process (the primary) prepares the database and runs the mail worker and the
// periodic jobs, and forks that many workers, which run this file again and
// only serve HTTP (decision 0032).
let settings: Settings;
try {
  settings = loadSettings();
} catch (error) {
  if (error instanceof SettingsError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

if (cluster.isWorker) {
  const { handle, services } = openServices(settings);
  const http = await serveHttp(services);
  const stop = stopOnce(async () => {
    await http.close();
    await handle.close();
  });
  process.on("SIGTERM", () => stop());
  process.on("SIGINT", () => stop());
} else {
  const { handle, services } = await createServices(settings);
  if (settings.seedDemo) {
    const seeded = await seedDemoIfEmpty(services);
    if (seeded) console.log("Demo data created (see README for the demo accounts).");
  }
  const stopBackground = startBackgroundWork(services);
  let stopServing = async () => {};
  const stop = stopOnce(async () => {
    await stopServing();
    await stopBackground();
    await handle.close();
  });
  process.on("SIGTERM", () => stop());
  process.on("SIGINT", () => stop());
  stopServing = await startServing(services, (reason) => {
    console.error(`Stopping: ${reason}.`);
    stop(1);
  });
  console.log(
    `Outside-In is ready at ${settings.baseUrl} (database: ${handle.kind}` +
      `${settings.processes > 1 ? `, ${settings.processes} processes` : ""})`,
  );
}

/** HTTP from this process, or from a supervised cluster of workers. Returns how to stop it. */
async function startServing(services: AppServices, onGiveUp: (reason: string) => void): Promise<() => Promise<void>> {
  if (settings.processes === 1) {
    const http = await serveHttp(services);
    return () => http.close();
  }
  const workers = superviseWorkers({ count: settings.processes, exec: fileURLToPath(import.meta.url), onGiveUp });
  await workers.ready;
  return () => workers.stop();
}

/** Runs `stop` on the first call only, then exits with the code that call gave. */
function stopOnce(stop: () => Promise<void>): (exitCode?: number) => void {
  let stopping = false;
  return (exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(exitCode),
      (error: unknown) => {
        console.error("shutdown failed:", error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
}
