import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { pathFor } from "#app/i18n/paths.ts";
import { DEMO_PASSWORD } from "./support/demo.ts";
import { HttpSession } from "./support/http.ts";
import { freePort, type Started, startServer, stop, untilReady } from "./support/private-server.ts";
import { url } from "./support/server.ts";

// The production entry (server/main.ts) started as an operator would, with
// only the settings they give it: the mode it runs in, which settings stop
// it, and what it serves at an address others can reach.

describe("the production server at an address others can reach", () => {
  let port = 0;
  let server: Started;
  beforeAll(async () => {
    port = await freePort();
    server = startServer({
      PORT: String(port),
      // Not loopback: the development mailbox must not exist, whatever else is set.
      BASE_URL: `http://outside-in.example:${port}`,
      DATABASE_URL: "memory:",
      SEED_DEMO: "true",
    });
    await untilReady(server);
  });
  afterAll(() => stop(server));

  test("runs React's production build, with no NODE_ENV set", () => {
    const builds = [...server.output().matchAll(/^\[react build\] (\w+) (\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(builds).toContain("production react");
    expect(builds).toContain("production react-dom-server.node");
    expect(builds.filter((b) => b.startsWith("development"))).toEqual([]);
  });

  test("has no development mailbox, not even for a platform admin", async () => {
    const admin = new HttpSession(`http://127.0.0.1:${port}`);
    await admin.signIn("platform.admin@institute.example", DEMO_PASSWORD);
    const home = await admin.get(pathFor("home", "en"));
    expect(home.status).toBe(200);
    expect(await home.text()).not.toContain(`href="${pathFor("devMail", "en")}"`);
    for (const lang of ["en", "fr"] as const) {
      expect((await admin.get(pathFor("devMail", lang))).status).toBe(404);
      expect((await new HttpSession(`http://127.0.0.1:${port}`).get(pathFor("devMail", lang))).status).toBe(404);
    }
  });
});

describe("start-up refuses", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test("DEV_MAILBOX=true with a BASE_URL that is not loopback, naming the setting", async () => {
    const server = startServer({
      PORT: String(await freePort()),
      BASE_URL: "https://outside-in.example.ca",
      DATABASE_URL: "memory:",
      DEV_MAILBOX: "true",
    });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain("DEV_MAILBOX: the development mailbox shows every account's reset links");
    expect(server.output()).not.toContain("Outside-In is ready");
  });

  test("an ENCRYPTION_KEY other than the one the data was sealed with, naming the setting", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "outside-in-key-"));
    dirs.push(dataDir);
    const env = (key: string, port: number) => ({
      PORT: String(port),
      DATA_DIR: dataDir,
      SEED_DEMO: "false",
      AUTH_SECRET: randomBytes(32).toString("hex"),
      ENCRYPTION_KEY: key,
    });
    const key = randomBytes(32).toString("hex");
    const first = startServer(env(key, await freePort()));
    await untilReady(first);
    await stop(first);

    const wrong = startServer(env(randomBytes(32).toString("hex"), await freePort()));
    expect(await wrong.exited).toBe(1);
    expect(wrong.output()).toContain("ENCRYPTION_KEY: is not the key this database's data was sealed with");
    expect(wrong.output()).not.toContain("Outside-In is ready");
    expect(wrong.output()).not.toMatch(/TypeError|\n\s+at /);

    const again = startServer(env(key, await freePort()));
    await untilReady(again);
    await stop(again);
  });
});

describe("the OpenAPI document", () => {
  test("says once how long it may be kept", async () => {
    const response = await fetch(url("/api/v1/openapi.json"));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
  });
});
