import type { Server } from "node:http";
import { fileURLToPath } from "node:url";
import type { ServerBuild } from "react-router";
import type { AppServices } from "#app/context.ts";
import { createApp } from "./app.ts";

/** How long a stopping server lets requests in flight finish before it drops their connections. */
const DRAIN_MS = 10_000;

export interface HttpServer {
  /** Stops accepting connections, lets requests in flight finish (up to DRAIN_MS), then closes. */
  close(): Promise<void>;
}

/** Serves the production build (`react-router build`) on the configured host and port. */
export async function serveHttp(services: AppServices): Promise<HttpServer> {
  const buildPath = fileURLToPath(new URL("../build/server/index.js", import.meta.url));
  const build = (await import(buildPath)) as ServerBuild;
  const app = createApp({
    services,
    loadBuild: async () => build,
    staticDir: fileURLToPath(new URL("../build/client", import.meta.url)),
  });
  const { port, host } = services.settings;
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(port, host ?? "::");
    listening.once("error", reject);
    listening.once("listening", () => resolve(listening));
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        const drop = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
        server.close(() => {
          clearTimeout(drop);
          resolve();
        });
      }),
  };
}
