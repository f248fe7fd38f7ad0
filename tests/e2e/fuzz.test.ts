import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createRandom, type Random } from "#app/stats/random.ts";
import { DEMO_PASSWORD } from "./support/demo.ts";
import {
  type Form,
  encodeHostile,
  formsOf,
  hostileJson,
  hostileValue,
  linksOf,
  mutateFields,
  mutatePath,
  pick,
  rawRequest,
  withHostileQuery,
} from "./support/fuzz.ts";
import { HttpSession } from "./support/http.ts";
import { freePort, type Started, startServer, stop, untilReady } from "./support/private-server.ts";

// Every endpoint, fuzzed against a server of this file's own (the fuzz
// deletes, renames and revokes as it goes): pages found by crawling as four
// people, their forms posted with real field names and hostile values (with
// a valid CSRF token, so they reach the actions), the API from its OpenAPI
// document with and without a token, odd methods and headers. No answer may
// be a 5xx and the server may log no error. FUZZ_REQUESTS sets how many
// (the audit's bar is 10,000); FUZZ_SEED replays a run; FUZZ_DEBUG=403 prints
// every answer with that status.

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const SKIP_GET = /\/(sign-out|deconnexion)(\/|$|\?)/;

const people = [
  "platform.admin@institute.example",
  "admin@federal.example",
  "designer@federal.example",
  "analyst@ontario.example",
] as const;

/** What Node lets into a header: the hostile value's printable ASCII. */
const headerSafe = (value: string) => value.replace(/[^\x20-\x7e]/g, "");

interface Failure {
  status: number;
  what: string;
}

let server: Started;
let origin = "";

beforeAll(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  server = startServer({
    PORT: String(port),
    BASE_URL: origin,
    DATABASE_URL: "memory:",
    SEED_DEMO: "true",
    NODE_ENV: "production",
    AUTH_SECRET: randomBytes(32).toString("hex"),
    ENCRYPTION_KEY: randomBytes(32).toString("hex"),
  });
  await untilReady(server, 120_000);
}, 150_000);

afterAll(() => stop(server));

async function signedIn(email: string): Promise<HttpSession> {
  const session = new HttpSession(origin);
  const csrf = await session.csrf("/en/sign-in");
  const response = await session.post("/en/sign-in", { email, password: DEMO_PASSWORD, next: "/en" }, { csrf });
  expect(response.status, `sign-in as ${email}`).toBe(302);
  return session;
}

/** Pages reachable from home by GET, breadth first, and the post forms on them. */
async function crawl(session: HttpSession, limit: number) {
  const queue = ["/en", "/fr"];
  const seen = new Set(queue);
  const forms: Form[] = [];
  const pages: string[] = [];
  while (queue.length > 0 && pages.length < limit) {
    const path = queue.shift() as string;
    const response = await session.get(path);
    expect(response.status, `crawling ${path}`).toBeLessThan(500);
    if (!(response.headers.get("content-type") ?? "").startsWith("text/html")) {
      await response.arrayBuffer();
      continue;
    }
    const html = await response.text();
    pages.push(path);
    forms.push(...formsOf(html, path));
    for (const link of linksOf(html)) {
      if (!seen.has(link) && !SKIP_GET.test(link)) {
        seen.add(link);
        queue.push(link);
      }
    }
  }
  return { pages, forms };
}

async function createToken(admin: HttpSession): Promise<string> {
  const path = "/en/orgs/citizen-services-canada/settings/api-tokens";
  const csrf = await admin.csrf(path);
  const response = await admin.post(
    path,
    { tokenName: "Fuzz", scopes: ["responses:write", "results:read", "members:read"], expires: "" },
    { csrf },
  );
  const token = /oi_[A-Za-z0-9_-]{20,}/.exec(await response.text())?.[0];
  if (!token) throw new Error(`no token created (status ${response.status})`);
  return token;
}

describe("the endpoint fuzz", () => {
  test(`answers ${REQUESTS} hostile requests without a 5xx or a logged error`, { timeout: 3_600_000 }, async () => {
    const r: Random = createRandom(SEED);
    const sessions = new Map<string, HttpSession>();
    for (const email of people) sessions.set(email, await signedIn(email));
    const crawled = await Promise.all(people.map((email) => crawl(sessions.get(email) as HttpSession, 120)));
    const pages = [...new Set(crawled.flatMap((c) => c.pages))];
    // One of each form (the sign-out form is on every page), as each person sees it.
    const forms = [
      ...new Map(
        crawled.flatMap((c, i) =>
          c.forms.map((form) => {
            const key = `${people[i]} ${form.action.split("?")[0]} ${form.fields.map(([n, v]) => (n === "intent" || n === "op" ? `${n}=${v}` : n)).join(",")}`;
            return [key, { form, email: people[i] as string }] as const;
          }),
        ),
      ).values(),
    ];
    const token = await createToken(sessions.get("admin@federal.example") as HttpSession);
    const doc = (await (await fetch(`${origin}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    const surveyIds = [...new Set(pages.flatMap((p) => /\/(?:surveys|sondages)\/([0-9a-f-]{36})/.exec(p)?.[1] ?? []))];
    const apiPaths = Object.keys(doc.paths);
    expect(pages.length, "pages found by the crawl").toBeGreaterThan(100);
    expect(forms.length, "forms found by the crawl").toBeGreaterThan(50);
    expect(surveyIds.length).toBeGreaterThan(3);

    const failures: Failure[] = [];
    const statuses = new Map<number, number>();
    const record = async (what: string, status: number) => {
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500) failures.push({ status, what });
      if (process.env.FUZZ_DEBUG && status === Number(process.env.FUZZ_DEBUG)) console.info(status, what.slice(0, 200));
    };
    const anonymous = new HttpSession(origin);
    // The form token depends on the session only: one per session, from a page that does not redirect it.
    const tokens = new WeakMap<HttpSession, string | null>();
    const csrfOf = async (session: HttpSession) => {
      if (!tokens.has(session)) {
        const page = session === anonymous ? "/en/sign-in" : "/en/account";
        tokens.set(session, await session.csrf(page).catch(() => null));
      }
      return tokens.get(session) ?? null;
    };
    const sessionOf = (email?: string) => (email && !r.chance(0.1) ? sessions.get(email) : undefined) ?? anonymous;

    for (let i = 0; i < REQUESTS; i++) {
      // Sessions the fuzz signed out (or whose roles it changed) sign in again.
      if (i % 100 === 99) {
        for (const email of people) {
          const probe = await (sessions.get(email) as HttpSession).get("/en/account");
          await probe.arrayBuffer();
          if (probe.status !== 200) sessions.set(email, await signedIn(email));
        }
      }
      const kind = r.weighted([4, 5, 2, 1]);
      if (kind === 0) {
        const session = sessionOf(pick(r, people));
        const base = pick(r, pages);
        const path = r.chance(0.5)
          ? withHostileQuery(r, base)
          : mutatePath(r, r.chance(0.5) ? withHostileQuery(r, base) : base);
        if (SKIP_GET.test(path)) continue;
        const response = await session.get(path);
        await response.arrayBuffer();
        await record(`GET ${path}`, response.status);
      } else if (kind === 1) {
        const { form, email } = pick(r, forms);
        const session = sessionOf(email);
        const csrf = r.chance(0.95) ? await csrfOf(session) : null;
        const fields = mutateFields(r, form.fields, new Set(["_csrf"])).filter(([n]) => n !== "_csrf");
        const body: Record<string, string | string[] | Blob> = {};
        for (const [name, value] of fields) {
          const had = body[name];
          body[name] = had === undefined ? value : ([] as string[]).concat(had as string | string[], value);
        }
        if (form.multipart && r.chance(0.7)) {
          const bytes = r.chance(0.5)
            ? randomBytes(r.int(4096))
            : Buffer.from(`email;language\n${hostileValue(r)};fr\n`);
          body[pick(r, ["file", "marginsFile", "x"])] = new Blob([bytes], {
            type: pick(r, ["text/csv", "application/octet-stream", ""]),
          });
        }
        const action = r.chance(0.2) ? withHostileQuery(r, form.action) : form.action;
        const response = await session.post(action, body, { csrf: csrf ?? undefined });
        await response.arrayBuffer();
        await record(`POST ${action} ${JSON.stringify(fields).slice(0, 300)}`, response.status);
        // Signed out by the fuzz: sign in again, with a new form token.
        if (SKIP_GET.test(action) && session !== anonymous) sessions.set(email, await signedIn(email));
      } else if (kind === 2) {
        const template = pick(r, apiPaths);
        const path = template.replace(/\{(\w+)\}/g, (_, name: string) =>
          r.chance(0.7)
            ? name === "org"
              ? "citizen-services-canada"
              : pick(r, surveyIds)
            : encodeHostile(hostileValue(r)),
        );
        const method = pick(r, ["GET", "GET", "POST", "POST", "PUT", "DELETE", "OPTIONS", "HEAD"]);
        const headers: Record<string, string> = {};
        const auth = r.int(4);
        if (auth < 2) headers.authorization = `Bearer ${token}`;
        else if (auth === 2)
          headers.authorization = pick(r, [
            "Bearer ",
            "Bearer oi_x",
            `Basic ${headerSafe(hostileValue(r))}`,
            `Bearer ${"a".repeat(500)}`,
          ]);
        if (r.chance(0.8))
          headers["content-type"] = pick(r, ["application/json", "text/plain", "application/x-www-form-urlencoded"]);
        if (r.chance(0.5))
          headers["idempotency-key"] = pick(r, [crypto.randomUUID(), headerSafe(hostileValue(r)).slice(0, 300)]);
        const query = r.chance(0.5) ? withHostileQuery(r, path) : path;
        const body =
          method === "GET" || method === "HEAD"
            ? undefined
            : hostileJson(r, { responses: [{ lang: "en", answers: { "CORE-OS-01": 4 } }] });
        const status = await rawRequest(origin, {
          method,
          path: query,
          headers: { ...headers, ...(body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) }) },
          body,
        });
        await record(`${method} ${query} ${body?.slice(0, 200) ?? ""}`, status);
      } else {
        const method = pick(r, ["TRACE", "PROPFIND", "PATCH", "PUT", "DELETE", "OPTIONS", "HEAD", "CONNECT", "get"]);
        const path = pick(r, ["/en", "/fr", pick(r, pages), "/api/v1/openapi.json", "/healthz", "*", "/%", "/en/%00"]);
        const headers = pick<Record<string, string>>(r, [
          {},
          { cookie: `${headerSafe(hostileValue(r))}=1` },
          { "accept-language": "zz" },
          { "content-type": "multipart/form-data", "content-length": "10" },
          { "content-length": String(1 + r.int(100)), "content-type": "application/x-www-form-urlencoded" },
          { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
          { host: "evil.example" },
        ]);
        const body = headers["content-length"] ? "x".repeat(Number(headers["content-length"])) : undefined;
        await record(
          `${method} ${path} ${JSON.stringify(headers)}`,
          await rawRequest(origin, { method, path, headers, body }),
        );
      }
    }

    console.info(
      `fuzz: ${REQUESTS} requests (seed ${SEED}) over ${pages.length} pages, ${forms.length} forms, ${apiPaths.length} API paths; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`,
    );
    expect(failures.slice(0, 20), `${failures.length} answers were 5xx`).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const logged = server
      .output()
      .split("\n")
      .filter((line) => /error|request failed/i.test(line) && !/^\s+at /.test(line));
    expect(logged.slice(0, 20), "the server logged errors").toEqual([]);
  });
});
