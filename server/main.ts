// First, before anything loads React or React Router: they pick their
// production builds from NODE_ENV.
import "./production-mode.ts";
import cluster from "node:cluster";
import { fileURLToPath } from "node:url";
import type { AppServices } from "#app/context.ts";
import { createServices, openServices } from "#app/modules/platform/services.server.ts";
import { loadSettings, type Settings, SettingsError } from "#app/modules/platform/settings.server.ts";
import { POOL_MAX, poolSizePerProcess } from "#db/client.ts";
import { seedDemoIfEmpty } from "#db/seed.ts";
import { startBackgroundWork } from "./background.ts";
import { superviseWorkers } from "./cluster.ts";
import { serveHttp } from "./http-server.ts";

/** A worker's exit code for a failure every worker would share (the port is taken). */
const WORKER_CANNOT_START = 78;
/** Connections of a cluster's primary: start-up, mail and jobs (decision 0032). */
const PRIMARY_POOL_SIZE = 2;
/** Set by the first stop signal (declared before the awaits below, which may never end). */
let stopRequested = false;

// Production entry: `node server/main.ts` after `react-router build`.
// One process does everything, unless WEB_CONCURRENCY asks for more: then this
// process (the primary) prepares the database and runs the mail worker and the
// periodic jobs, and forks that many workers, which run this file again and
// only serve HTTP (decision 0032).
/** A wrong setting stops the start with its message, not a stack trace. */
function exitOnSettingsError(error: unknown): never {
  if (error instanceof SettingsError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

let settings: Settings;
try {
  settings = loadSettings();
} catch (error) {
  exitOnSettingsError(error);
}

if (cluster.isWorker) {
  const { handle, services } = openServices(settings, poolSizePerProcess(settings.processes));
  const http = await serveHttp(services).catch((error: unknown) => {
    // Every worker would fail the same way (the port is taken, say): the
    // supervisor stops at this exit code instead of starting another.
    console.error(cannotServe(error));
    process.exit(WORKER_CANNOT_START);
  });
  const stop = stopOnce(async () => {
    await http.close();
    await handle.close();
  });
  process.on("SIGTERM", () => stop());
  process.on("SIGINT", () => stop());
} else {
  const clustered = settings.processes > 1;
  // A cluster's primary only migrates, seeds, sends mail and runs the jobs:
  // the workers get the connections (decision 0032).
  // The master key is checked here, once, before any worker starts (decision 0037).
  const { handle, services } = await createServices(settings, clustered ? PRIMARY_POOL_SIZE : POOL_MAX).catch(
    exitOnSettingsError,
  );
  if (settings.seedDemo) {
    const seeded = await seedDemoIfEmpty(services);
    if (seeded) console.log("Demo data created (see README for the demo accounts).");
  }
  const stopBackground = startBackgroundWork(services);
  let serving: Serving | null = null;
  const stop = stopOnce(async () => {
    await serving?.stop();
    await stopBackground();
    await handle.close();
  });
  // A second signal (Ctrl-C again) does not wait for requests to finish.
  const onSignal = () => (stopRequested ? process.exit(1) : stop());
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  try {
    serving = await startServing(services, (reason) => {
      console.error(`Stopping: ${reason}.`);
      stop(1);
    });
  } catch (error) {
    console.error(cannotServe(error));
    stop(1);
  }
  if (serving) {
    await serving.ready;
    console.log(
      `Outside-In is ready at ${settings.baseUrl} (database: ${handle.kind}` +
        `${clustered ? `, ${settings.processes} processes` : ""})`,
    );
  }
}

function cannotServe(error: unknown): string {
  const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
  return `Cannot serve HTTP on port ${settings.port}: ${reason}`;
}

interface Serving {
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** HTTP from this process, or from a supervised cluster of workers. */
async function startServing(services: AppServices, onGiveUp: (reason: string) => void): Promise<Serving> {
  if (settings.processes === 1) {
    const http = await serveHttp(services);
    return { ready: Promise.resolve(), stop: () => http.close() };
  }
  return superviseWorkers({
    count: settings.processes,
    exec: fileURLToPath(import.meta.url),
    fatalExitCode: WORKER_CANNOT_START,
    onGiveUp,
  });
}

/**
 * Runs `stop` on the first call only, then exits with the highest code any
 * call gave (a give-up during a signal's stop still exits 1).
 */
function stopOnce(stop: () => Promise<void>): (exitCode?: number) => void {
  let code = 0;
  return (exitCode = 0) => {
    code = Math.max(code, exitCode);
    process.exitCode = code;
    if (stopRequested) return;
    stopRequested = true;
    stop().then(
      () => process.exit(),
      (error: unknown) => {
        console.error("shutdown failed:", error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
}
