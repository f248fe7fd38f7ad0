import { fileURLToPath } from "node:url";
import type { ServerBuild } from "react-router";
import { backgroundJobs } from "#app/modules/jobs/registry.server.ts";
import { startPeriodicJobs } from "#app/modules/jobs/scheduler.server.ts";
import { smtpTransport, startMailWorker } from "#app/modules/mail/worker.server.ts";
import { createServices } from "#app/modules/platform/services.server.ts";
import { loadSettings, SettingsError } from "#app/modules/platform/settings.server.ts";
import { seedDemoIfEmpty } from "#db/seed.ts";
import { createApp } from "./app.ts";

// Production entry: `node server/main.ts` after `react-router build`.
let settings: ReturnType<typeof loadSettings>;
try {
  settings = loadSettings();
} catch (error) {
  if (error instanceof SettingsError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const { handle, services } = await createServices(settings);
if (settings.seedDemo) {
  const seeded = await seedDemoIfEmpty(services);
  if (seeded) console.log("Demo data created (see README for the demo accounts).");
}
const stopWorker = startMailWorker(
  services.db,
  settings.smtpUrl ? smtpTransport(settings.smtpUrl, settings.mailFrom) : null,
);
const stopJobs = startPeriodicJobs(services, backgroundJobs);

const buildPath = fileURLToPath(new URL("../build/server/index.js", import.meta.url));
const build = (await import(buildPath)) as ServerBuild;
const app = createApp({
  services,
  loadBuild: async () => build,
  staticDir: fileURLToPath(new URL("../build/client", import.meta.url)),
});

const server = app.listen(settings.port, settings.host ?? "::", () => {
  console.log(`Outside-In is ready at ${settings.baseUrl} (database: ${handle.kind})`);
});

async function shutdown() {
  server.close();
  await stopWorker();
  await stopJobs();
  await handle.close();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
