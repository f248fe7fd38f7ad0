// `npm run dev`: the same server as production, with Vite in middleware mode
// so routes and styles reload on save.
import type { ServerBuild } from "react-router";
import { createServer } from "vite";
import { backgroundJobs } from "#app/modules/jobs/registry.server.ts";
import { startPeriodicJobs } from "#app/modules/jobs/scheduler.server.ts";
import { smtpTransport, startMailWorker } from "#app/modules/mail/worker.server.ts";
import { createServices } from "#app/modules/platform/services.server.ts";
import { loadSettings } from "#app/modules/platform/settings.server.ts";
import { seedDemoIfEmpty } from "#db/seed.ts";
import { createApp } from "../server/app.ts";

const settings = loadSettings({ NODE_ENV: "development", ...process.env });
const { services } = await createServices(settings);
if (settings.seedDemo) await seedDemoIfEmpty(services);
startMailWorker(services.db, settings.smtpUrl ? smtpTransport(settings.smtpUrl, settings.mailFrom) : null);
startPeriodicJobs(services, backgroundJobs);

const vite = await createServer({ server: { middlewareMode: true }, appType: "custom" });
const app = createApp({
  services,
  loadBuild: () => vite.ssrLoadModule("virtual:react-router/server-build") as Promise<ServerBuild>,
  before: (express) => express.use(vite.middlewares),
});
app.listen(settings.port, settings.host ?? "::", () => {
  console.log(`Outside-In (development) at ${settings.baseUrl}`);
});
