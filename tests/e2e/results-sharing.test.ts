import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";
import { pathFor } from "#app/i18n/paths.ts";
import { expectNoAxeViolations } from "./support/axe.ts";
import { h1, type Page, signIn, submitNoJs, useBrowser, visit } from "./support/browser.ts";
import { DEMO_PASSWORD } from "./support/demo.ts";
import { decodeEntities, HttpSession, signedInSession } from "./support/http.ts";
import { watchServerLog } from "./support/server.ts";

// Insights beyond the dashboard, over real HTTP with JavaScript off: the
// results API with a bearer token, the open comments page (search without
// accents, HTML shown as text), and read-only share links opened without an
// account, then revoked. axe in both languages on the new pages.

watchServerLog();
const browser = useBrowser();

const ORG = "citizen-services-canada";
const TITLE = "Passport services – in person";
const COMMENT = `<img src=x onerror="alert(1)"><b>Le kiosque : réponse d'un zèbre ${randomUUID().slice(0, 8)}</b>`;
let token = "";
let surveyId = "";
let analyst: Page;
const api = new HttpSession();
const shots = "/tmp/e2e-shots";

async function surveyIdOf(session: HttpSession, org: string, title: string) {
  const html = await (await session.get(pathFor("surveys", "en", { org }))).text();
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const id = new RegExp(`/surveys/([0-9a-f-]{36})"[^>]*>${escaped}<`).exec(html)?.[1];
  if (!id) throw new Error(`no survey "${title}" in ${org}`);
  return id;
}

/** An API token, made on the settings page by an organization admin. */
async function apiToken(session: HttpSession) {
  const page = pathFor("orgApiTokens", "en", { org: ORG });
  const fields = { tokenName: "Results e2e", scopes: ["responses:write", "results:read"] };
  const response = await session.post(page, fields, { csrf: await session.csrf(page) });
  const found = /<code>(oi_[\w-]{43})<\/code>/.exec(await response.text())?.[1];
  if (!found) throw new Error("no token on the API tokens page");
  return found;
}

const results = (id: string, query = "", auth: string | null = `Bearer ${token}`) =>
  api.request(`/api/v1/surveys/${id}/results${query}`, { headers: auth ? { authorization: auth } : {} });

beforeAll(async () => {
  const admin = await signedInSession("admin@federal.example", DEMO_PASSWORD);
  surveyId = await surveyIdOf(admin, ORG, TITLE);
  token = await apiToken(admin);
  const sent = await api.request(`/api/v1/surveys/${surveyId}/responses`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "idempotency-key": randomUUID(), "content-type": "application/json" },
    body: JSON.stringify({ responses: [{ answers: { "CORE-OS-01": 4, "SUP-TXT-01": COMMENT }, lang: "fr" }] }),
  });
  expect(sent.status).toBe(201);
  analyst = await browser.newPage({ javaScript: false });
  await signIn(analyst, "analyst@federal.example", DEMO_PASSWORD);
  mkdirSync(shots, { recursive: true });
});

describe("the results API", () => {
  test("answers a bearer token of the survey's organization with the command line's keys", async () => {
    const response = await results(surveyId, "?by=lang&compare=lang");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("no-store");
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(
      expect.arrayContaining(["n", "items", "drivers", "crosstab", "comparison", "weighted", "notes"]),
    );
    expect(body.crosstab).toMatchObject({ by: "lang", item: "CORE-OS-01" });
  });

  test("refuses no token, a cookie, a bad query and another organization's survey", async () => {
    expect((await results(surveyId, "", null)).status).toBe(401);
    const cookie = await signedInSession("analyst@federal.example", DEMO_PASSWORD);
    expect((await cookie.get(`/api/v1/surveys/${surveyId}/results`)).status).toBe(401);
    const bad = await results(surveyId, "?from=2026-13&by=nope");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "InvalidQuery", errors: [{ param: "from", reason: "month" }] });
    const ontario = await signedInSession("admin@ontario.example", DEMO_PASSWORD);
    const theirs = await surveyIdOf(ontario, "ontario-service-delivery", "Driver and vehicle licensing – in person");
    expect((await results(theirs)).status).toBe(404);
    expect((await api.request(`/api/v1/surveys/${surveyId}/results`, { method: "POST" })).status).toBe(405);
    const doc = (await (await api.get("/api/v1/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(doc.paths["/api/v1/surveys/{surveyId}/results"]).toBeDefined();
  });
});

describe("open comments", () => {
  test("are searched without accents, show HTML as text, and pass axe in English and French", async () => {
    const page = pathFor("surveyComments", "en", { org: ORG, surveyId });
    await visit(analyst, page);
    await expectNoAxeViolations(analyst, "comments (en)");
    await analyst.fill("#search", "REPONSE zebre");
    await submitNoJs(analyst, analyst.getByRole("button", { name: "Search" }));
    expect(analyst.url()).toContain("search=REPONSE+zebre");
    const found = analyst.locator(".comment blockquote");
    await expect.poll(() => found.count()).toBe(1);
    expect(await found.innerText()).toBe(COMMENT);
    expect(await found.getAttribute("lang")).toBe("fr");
    expect(await analyst.locator(".comment-list img, .comment-list b, .comment-list script").count()).toBe(0);
    await analyst.screenshot({ path: `${shots}/comments-search-en.png`, fullPage: true });
    await expectNoAxeViolations(analyst, "comments searched (en)");

    await visit(analyst, `${pathFor("surveyComments", "fr", { org: ORG, surveyId })}?search=z%C3%A8bre&from=2026-13`);
    expect(await h1(analyst)).toBe("Commentaires ouverts");
    expect(await analyst.locator(".error-summary").innerText()).toContain("2026-03");
    await expectNoAxeViolations(analyst, "comments with an error (fr)");
    await visit(analyst, `${pathFor("surveyComments", "fr", { org: ORG, surveyId })}?search=introuvable-xyz`);
    expect(await analyst.locator("main").innerText()).toContain("Aucun commentaire ne correspond");
    await expectNoAxeViolations(analyst, "comments, none found (fr)");
  });

  test("are another organization's business: 404", async () => {
    const ontario = await signedInSession("admin@ontario.example", DEMO_PASSWORD);
    const response = await ontario.get(pathFor("surveyComments", "en", { org: ORG, surveyId }));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("zèbre");
  });
});

describe("share links", () => {
  async function createLink(label: string, exclude: string[]) {
    await visit(analyst, pathFor("surveyShareLinks", "en", { org: ORG, surveyId }));
    await analyst.fill("#label", label);
    for (const code of exclude) await analyst.locator(`input[name="excluded"][value="${code}"]`).check();
    await submitNoJs(analyst, analyst.getByRole("button", { name: "Create the link" }));
    const url = (await analyst.locator(".token code").innerText()).trim();
    expect(url).toMatch(/\/en\/shared\/results\/[\w-]{43}$/);
    return new URL(url).pathname;
  }

  test("show the results without signing in, leave out the chosen question, and stop when revoked", async () => {
    await visit(analyst, pathFor("surveyShareLinks", "en", { org: ORG, surveyId }));
    await expectNoAxeViolations(analyst, "share links (en)");
    const option = analyst.locator('input[name="excluded"][value^="CORE-"]:not([value="CORE-OS-01"])').first();
    const code = (await option.getAttribute("value")) ?? "";
    const label = await analyst.locator(`label[for="${await option.getAttribute("id")}"]`).innerText();
    const question = label.split(" — ")[1]?.trim() ?? "";
    expect(question.length).toBeGreaterThan(5);

    const everything = await createLink("Everything but comments", []);
    const chosen = await createLink("Regional directors", [code]);
    await analyst.screenshot({ path: `${shots}/share-link-created-en.png`, fullPage: true });

    const visitor = await browser.newPage({ javaScript: false });
    const whole = await visit(visitor, everything);
    expect(whole.headers()["x-robots-tag"]).toContain("noindex");
    expect(decodeEntities(await visitor.content())).toContain(question);
    expect(decodeEntities(await visitor.content())).not.toContain("zèbre");

    await visit(visitor, chosen);
    expect(await h1(visitor)).toBe(TITLE);
    const html = decodeEntities(await visitor.content());
    expect(html).not.toContain(question);
    expect(html).toContain('<meta name="robots" content="noindex, nofollow"');
    expect(await visitor.locator('nav.nav-bar, a[href^="/en/orgs/"]').count()).toBe(0);
    expect(await visitor.locator("form[method=post]").count()).toBe(0);
    await visitor.screenshot({ path: `${shots}/shared-results-en.png`, fullPage: true });
    await expectNoAxeViolations(visitor, "shared results (en)");
    await visit(visitor, chosen.replace("/en/shared/results/", "/fr/partage/resultats/"));
    expect(decodeEntities(await visitor.content())).not.toContain(code);
    await expectNoAxeViolations(visitor, "shared results (fr)");

    // Revoked: the same page is a clear 404, in both languages.
    await visit(analyst, pathFor("surveyShareLinks", "en", { org: ORG, surveyId }));
    await submitNoJs(analyst, analyst.getByRole("button", { name: "Revoke Regional directors" }));
    expect(await analyst.locator(".notice--success").innerText()).toContain("revoked");
    await visit(visitor, chosen, 404);
    expect(await visitor.locator("main").innerText()).toContain("does not work");
    await expectNoAxeViolations(visitor, "revoked share link (en)");
    await visit(visitor, chosen.replace("/en/shared/results/", "/fr/partage/resultats/"), 404);
    expect(await visitor.locator("main").innerText()).toContain("ne fonctionne pas");
    await visit(visitor, "/en/shared/results/not-a-token", 404);
    // The other link still works; the audit log has both changes.
    await visit(visitor, everything);
    const admin = await signedInSession("admin@federal.example", DEMO_PASSWORD);
    const audit = await (await admin.get(`${pathFor("orgAudit", "en", { org: ORG })}`)).text();
    expect(audit).toContain("Results share link revoked");
    expect(audit).toContain("Results share link created");
  });

  test("are another organization's business: 404", async () => {
    const ontario = await signedInSession("admin@ontario.example", DEMO_PASSWORD);
    expect((await ontario.get(pathFor("surveyShareLinks", "en", { org: ORG, surveyId }))).status).toBe(404);
  });
});
