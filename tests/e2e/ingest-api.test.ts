import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { beforeAll, describe, expect, test } from "vitest";
import { pathFor } from "#app/i18n/paths.ts";
import { type Page, signIn, submitNoJs, useBrowser, visit } from "./support/browser.ts";
import { DEMO_PASSWORD } from "./support/demo.ts";
import { HttpSession, signedInSession } from "./support/http.ts";
import { url, watchServerLog } from "./support/server.ts";

// The ingestion API over real HTTP: an organization admin makes a token on
// the settings page, a system sends responses with it, and revoking it stops
// it. Cookies never authenticate the API, and it needs no CSRF token.

watchServerLog();
const browser = useBrowser();

const ORG = "citizen-services-canada";
let admin: Page;
let token = "";
let surveyId = "";
let ontarioSurveyId = "";
const api = new HttpSession();

/** The id of a survey on an organization's survey list, by its title. */
async function surveyIdOf(session: HttpSession, org: string, title: string) {
  const html = await (await session.get(pathFor("surveys", "en", { org }))).text();
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const id = new RegExp(`/surveys/([0-9a-f-]{36})"[^>]*>${escaped}<`).exec(html)?.[1];
  if (!id) throw new Error(`no survey "${title}" in ${org}`);
  return id;
}

const body = {
  responses: [
    { answers: { "CORE-OS-01": 4, "SUP-WAIT-01": "5_15_min" }, lang: "fr", submittedAt: "2026-03-02T09:30:00-05:00" },
    { answers: { "CORE-OS-01": "na" }, lang: "en" },
  ],
};

function post(path: string, options: { auth?: string | null; key?: string | null; type?: string; body?: string } = {}) {
  const headers = new Headers({ "content-type": options.type ?? "application/json" });
  if (options.auth !== null) headers.set("authorization", options.auth ?? `Bearer ${token}`);
  if (options.key !== null) headers.set("idempotency-key", options.key ?? randomUUID());
  return api.request(path, { method: "POST", headers, body: options.body ?? JSON.stringify(body) });
}
const responsesOf = (id: string) => `/api/v1/surveys/${id}/responses`;

beforeAll(async () => {
  admin = await browser.newPage({ javaScript: false });
  await signIn(admin, "admin@federal.example", DEMO_PASSWORD);
  await visit(admin, pathFor("orgSettings", "en", { org: ORG }));
  await Promise.all([admin.waitForURL(/api-tokens$/), admin.getByRole("link", { name: /API tokens/ }).click()]);
  await admin.fill("#tokenName", "Kiosk at the Main Street office");
  // No scope ticked: a translated error, the name kept, no token.
  await submitNoJs(admin, admin.getByRole("button", { name: "Create the token" }));
  expect(await admin.locator(".error-summary").innerText()).toContain("Choose at least one thing the token may do.");
  expect(await admin.inputValue("#tokenName")).toBe("Kiosk at the Main Street office");
  await admin.getByLabel(/Send responses to published surveys/).check();
  await submitNoJs(admin, admin.getByRole("button", { name: "Create the token" }));
  token = (await admin.locator(".token code").innerText()).trim();
  expect(token).toMatch(/^oi_[\w-]{43}$/);
  mkdirSync("/tmp/e2e-shots", { recursive: true });
  await admin.screenshot({ path: "/tmp/e2e-shots/api-tokens-created-en.png", fullPage: true });
  const designer = await signedInSession("designer@federal.example", DEMO_PASSWORD);
  surveyId = await surveyIdOf(designer, ORG, "Passport services – in person");
  const ontario = await signedInSession("admin@ontario.example", DEMO_PASSWORD);
  ontarioSurveyId = await surveyIdOf(ontario, "ontario-service-delivery", "Driver and vehicle licensing – in person");
});

describe("the ingestion API", () => {
  test("adds responses with a bearer token, no CSRF token, and replays a retry", async () => {
    const key = randomUUID();
    const first = await post(responsesOf(surveyId), { key });
    expect(first.status).toBe(201);
    const result = (await first.json()) as { received: number; responseIds: string[] };
    expect(result).toMatchObject({ surveyId, received: 2 });
    const again = await post(responsesOf(surveyId), { key });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(result);
    const other = await post(responsesOf(surveyId), { key, body: JSON.stringify({ responses: [body.responses[1]] }) });
    expect(other.status).toBe(409);
    expect(await other.json()).toEqual({ error: "IdempotencyKeyReused" });
    // The page lists when the token was last used.
    await visit(admin, pathFor("orgApiTokens", "en", { org: ORG }));
    expect(await admin.locator("tbody tr").first().innerText()).not.toContain("Never");
  });

  test("lists what is wrong with each response and writes none", async () => {
    const bad = { responses: [body.responses[0], { answers: { "CORE-OS-01": 6 }, lang: "en" }] };
    const response = await post(responsesOf(surveyId), { body: JSON.stringify(bad) });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: "ValidationFailed",
      errors: [
        { index: 1, code: "CORE-OS-01", reason: "choice", message: "This is not one of the question’s answer codes." },
      ],
    });
  });

  test("refuses what is not a well-formed request, with JSON", async () => {
    expect((await post(responsesOf(surveyId), { key: null })).status).toBe(400);
    const text = await post(responsesOf(surveyId), { type: "text/plain" });
    expect(text.status).toBe(415);
    expect(await text.json()).toEqual({ error: "UnsupportedMediaType" });
    const big = await post(responsesOf(surveyId), { body: JSON.stringify({ pad: "x".repeat(6 * 1024 * 1024) }) });
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ error: "PayloadTooLarge" });
    expect((await post(responsesOf(surveyId), { body: "{" })).status).toBe(400);
    const get = await api.get(responsesOf(surveyId));
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });

  test("answers 401 without a valid token, even to a signed-in browser, and 404 outside the token's organization", async () => {
    const signedIn = await signedInSession("admin@federal.example", DEMO_PASSWORD);
    const headers = { "content-type": "application/json", "idempotency-key": randomUUID() };
    const cookieOnly = await signedIn.request(responsesOf(surveyId), {
      method: "POST",
      headers,
      body: JSON.stringify(body),
    });
    expect(cookieOnly.status).toBe(401);
    expect(cookieOnly.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await post(responsesOf(surveyId), { auth: "Bearer oi_not-a-real-token" })).status).toBe(401);
    const foreign = await post(responsesOf(ontarioSurveyId));
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toEqual({ error: "NotFound" });
    expect((await post(responsesOf(randomUUID()))).status).toBe(404);
  });

  test("reaches only its scopes: a token that sends responses cannot read results", async () => {
    const results = await api.request(`/api/v1/surveys/${surveyId}/results`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(results.status).toBe(403);
    expect(await results.json()).toEqual({ error: "InsufficientScope", scope: "results:read" });
    expect(results.headers.get("www-authenticate")).toContain('error="insufficient_scope", scope="results:read"');
    const members = await api.request(`/api/v1/orgs/${ORG}/members`, { headers: { authorization: `Bearer ${token}` } });
    expect(members.status).toBe(403);
    await visit(admin, pathFor("orgApiTokens", "en", { org: ORG }));
    const row = await admin.locator("tbody tr").first().innerText();
    expect(row).toContain("responses:write");
    expect(row).toContain("admin@federal.example");
    expect(row).toContain("No end date");
  });

  test("a members:read token lists its own organization's members, and finds no other organization", async () => {
    const adminHttp = await signedInSession("admin@federal.example", DEMO_PASSWORD);
    const page = pathFor("orgApiTokens", "en", { org: ORG });
    const made = await adminHttp.post(
      page,
      { tokenName: "Directory sync", scopes: "members:read" },
      { csrf: await adminHttp.csrf(page) },
    );
    const directory = /<code>(oi_[\w-]{43})<\/code>/.exec(await made.text())?.[1];
    expect(directory).toBeDefined();
    const bearer = { authorization: `Bearer ${directory}` };
    const members = await api.request(`/api/v1/orgs/${ORG}/members`, { headers: bearer });
    expect(members.status).toBe(200);
    expect(members.headers.get("cache-control")).toBe("private, no-store");
    const list = (await members.json()) as { organization: string; members: { email: string }[] };
    expect(list.organization).toBe(ORG);
    expect(list.members.map((m) => m.email)).toContain("admin@federal.example");
    const foreign = await api.request("/api/v1/orgs/ontario-service-delivery/members", { headers: bearer });
    expect(foreign.status).toBe(404);
    const writing = await post(responsesOf(surveyId), { auth: `Bearer ${directory}` });
    expect(writing.status).toBe(403);
    expect(await writing.json()).toEqual({ error: "InsufficientScope", scope: "responses:write" });
  });

  test("stops working once the token is revoked", async () => {
    await visit(admin, pathFor("orgApiTokens", "en", { org: ORG }));
    await submitNoJs(admin, admin.getByRole("button", { name: "Revoke Kiosk at the Main Street office" }));
    expect(await admin.locator("main").innerText()).toContain("The token was revoked.");
    const refused = await post(responsesOf(surveyId));
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: "Unauthenticated" });
  });

  test("a file too large for the import page is refused with a translated page", async () => {
    // Only the headers are sent: the server answers from the announced length.
    const target = new URL(url(pathFor("surveyImport", "fr", { org: ORG, surveyId })));
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = httpRequest(target, {
        method: "POST",
        headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(60 * 1024 * 1024) },
      });
      request.on("response", async (response) => {
        const chunks: Buffer[] = [];
        for await (const chunk of response) chunks.push(chunk as Buffer);
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") });
        request.destroy();
      });
      request.on("error", reject);
      request.flushHeaders();
    });
    expect(status).toBe(413);
    expect(text).toContain("Le fichier dépasse 50 Mo.");
  });

  test("is described by an OpenAPI 3.1 document", async () => {
    const response = await api.get("/api/v1/openapi.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      servers: { url: string }[];
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual([
      "/api/v1/surveys/{surveyId}/responses",
      "/api/v1/surveys/{surveyId}/results",
      "/api/v1/orgs/{org}/members",
    ]);
    expect(doc.servers[0]?.url).toMatch(/^http:\/\/localhost:\d+$/);
  });
});
