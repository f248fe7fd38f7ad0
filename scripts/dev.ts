// `npm run dev`: the same server as production, with Vite in middleware mode
// so routes and styles reload on save; always one process (WEB_CONCURRENCY
// is for production).
import type { ServerBuild } from "react-router";
import { createServer } from "vite";
import { createServices } from "#app/modules/platform/services.server.ts";
import { loadSettings } from "#app/modules/platform/settings.server.ts";
import { seedDemoIfEmpty } from "#db/seed.ts";
import { createApp } from "../server/app.ts";
import { startBackgroundWork } from "../server/background.ts";

const settings = loadSettings({ NODE_ENV: "development", ...process.env, WEB_CONCURRENCY: "1" });
const { services } = await createServices(settings);
if (settings.seedDemo) await seedDemoIfEmpty(services);
startBackgroundWork(services);

const vite = await createServer({ server: { middlewareMode: true }, appType: "custom" });
const app = createApp({
  services,
  loadBuild: () => vite.ssrLoadModule("virtual:react-router/server-build") as Promise<ServerBuild>,
  before: (express) => express.use(vite.middlewares),
});
app.listen(settings.port, settings.host ?? "::", () => {
  console.log(`Outside-In (development) at ${settings.baseUrl}`);
});
