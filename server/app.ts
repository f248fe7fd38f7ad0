import { readdirSync } from "node:fs";
import { createRequestHandler } from "@react-router/express";
import { toNodeHandler } from "better-auth/node";
import compression from "compression";
import { sql } from "drizzle-orm";
import express from "express";
import { RouterContextProvider, type ServerBuild } from "react-router";
import type { AppServices, RequestInfo } from "#app/context.ts";
import { readSessionUser } from "#app/modules/identity/session.server.ts";
import { withSsoGuard } from "#app/modules/identity/sso-outbound.server.ts";
import { authenticateApiToken } from "#app/modules/responses/api-tokens.server.ts";
import { csrfCookie, requestGuards, type SenderCheck, securityHeaders } from "./security.ts";

type ContextKeys = Pick<typeof import("#app/context.ts"), "servicesContext" | "requestInfoContext">;

/**
 * The HTTP server around React Router: security headers, body limits, static
 * files and the health check. better-auth's own HTTP endpoints are not mounted
 * (our forms call it on the server, behind our CSRF check and sign-in
 * throttle), except the single sign-on callback.
 * `loadBuild` gives the server build (fixed in production, fresh from Vite in
 * development).
 */
export function createApp(options: {
  services: AppServices;
  loadBuild: () => Promise<ServerBuild>;
  staticDir?: string;
  before?: (app: express.Express) => void;
}) {
  const { services } = options;
  const { settings } = services;
  const app = express();
  // Express's own error pages show stack traces outside "production".
  app.set("env", settings.env === "development" ? "development" : "production");
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use(compression());
  app.use(securityHeaders(settings));
  app.use(requestGuards(settings, knownSender(services)));

  app.get("/healthz", async (_req, res) => {
    try {
      await services.db.execute(sql`select 1`);
      res.set("Cache-Control", "no-store").json({ status: "ok", database: "ok" });
    } catch {
      res.status(503).set("Cache-Control", "no-store").json({ status: "error", database: "unreachable" });
    }
  });

  // The one better-auth endpoint reached over HTTP: identity providers send
  // the browser back here after single sign-on. The token, key and user-info
  // requests it makes may reach only public addresses or trusted origins.
  const ssoCallback = toNodeHandler(services.auth);
  app.get("/api/auth/sso/callback/:providerId", (req, res) =>
    withSsoGuard(settings.trustedOrigins, () => ssoCallback(req, res)),
  );

  if (options.staticDir) {
    app.use("/assets", express.static(`${options.staticDir}/assets`, { immutable: true, maxAge: "1y" }));
    // Files at the root of the build (a favicon, robots.txt) are listed once
    // here: looking each page's path up on disk first cost 3 % of the
    // server's time under load (bench/ingest).
    const rootFiles = new Set(readdirSync(options.staticDir).filter((name) => name !== "assets"));
    const serveRootFile = express.static(options.staticDir, { maxAge: "1h", index: false });
    app.use((req, res, next) => (rootFiles.has(req.path.split("/")[1] ?? "") ? serveRootFile(req, res, next) : next()));
  }
  options.before?.(app);

  app.use(csrfCookie(settings));
  // One request handler per build: the same one always in production, a new
  // one whenever Vite hands out a new build in development.
  const handlers = new WeakMap<ServerBuild, ReturnType<typeof createRequestHandler>>();
  const handlerFor = (build: ServerBuild) => {
    let handler = handlers.get(build);
    if (!handler) {
      const keys = build.entry.module as unknown as ContextKeys;
      handler = createRequestHandler({
        build,
        mode: settings.env === "development" ? "development" : "production",
        getLoadContext: (req, res) => {
          const context = new RouterContextProvider();
          context.set(keys.servicesContext, services);
          const info: RequestInfo = {
            nonce: res.locals.nonce as string,
            csrfToken: res.locals.csrfToken as string,
            clientIp: req.ip ?? "",
          };
          context.set(keys.requestInfoContext, info);
          return context;
        },
      });
      handlers.set(build, handler);
    }
    return handler;
  };
  app.all("*splat", async (req, res, next) => {
    try {
      noStoreUnlessTheRouteSays(res);
      await handlerFor(await options.loadBuild())(req, res, next);
    } catch (error) {
      next(error);
    }
  });
  // Last resort: whatever escaped (a malformed URL, a bug) is logged without
  // the request and answered plainly, never with a stack trace.
  app.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = error instanceof URIError || (error as { status?: number }).status === 400 ? 400 : 500;
    if (status === 500) console.error("request failed:", req.method, req.path.slice(0, 200), errorSummary(error));
    if (!res.headersSent)
      res
        .status(status)
        .type("text/plain")
        .send(status === 400 ? "Bad request" : "Server error");
  });
  return app;
}

/**
 * Pages and API answers are not kept by browsers or caches, unless their
 * route says otherwise (openapi.json for five minutes): the route's
 * Cache-Control then replaces this default. React Router's adapter adds a
 * Response's headers with `res.append`, which joined the two into one
 * contradictory header ("no-store, public, max-age=300").
 */
function noStoreUnlessTheRouteSays(res: express.Response): void {
  res.set("Cache-Control", "no-store");
  const append = res.append.bind(res);
  res.append = (field: string, value?: string | string[]) =>
    field.toLowerCase() === "cache-control" && value !== undefined ? res.set(field, value) : append(field, value);
}

function errorSummary(error: unknown): string {
  if (!(error instanceof Error)) return "unknown error";
  const code = (error as { code?: string }).code ?? (error.cause as { code?: string } | undefined)?.code;
  return `${error.name}${code ? ` (${code})` : ""}`;
}

/**
 * Who may send a large body: on the API, a token that may send responses (the
 * one API route that takes a large body); on pages, a signed-in user.
 */
function knownSender(services: AppServices): SenderCheck {
  return async (req) => {
    if (req.path.startsWith("/api/")) {
      return (await authenticateApiToken(services.db, req.headers.authorization ?? null, "responses:write")).ok;
    }
    const headers = new Headers();
    if (req.headers.cookie) headers.set("cookie", req.headers.cookie);
    return (await readSessionUser(services.auth, headers)) !== null;
  };
}
