import { beforeAll, expect } from "vitest";
import en from "#app/i18n/en.json" with { type: "json" };
import { type Lang, type PageId, pathFor } from "#app/i18n/paths.ts";
import { type Page, signIn, submitNoJs, useBrowser } from "./browser.ts";
import { DEMO_PASSWORD } from "./demo.ts";
import { linkIn, waitForMail } from "./mail.ts";
import { watchServerLog } from "./server.ts";

// What the accessibility scans share: the people who open the pages
// (without JavaScript), a survey of their own with something behind every
// page (a response, an invitation, an import, a share link), and the checks
// every page gets. The pages and the forms are scanned in two files, so the
// two browser runs of `npm test` can share the work (decision 0030).

export type Visitor = "anonymous" | "orgAdmin" | "designer" | "platformAdmin";
const ORG = "citizen-services-canada";
export const other = (lang: Lang): Lang => (lang === "en" ? "fr" : "en");

const ids = {
  memberId: "",
  bankCode: "",
  surveyId: "",
  publicKey: "",
  resumeToken: "",
  responseId: "",
  invitationToken: "",
  importId: "",
  shareToken: "",
};

const realTokens: Partial<Record<PageId, () => string>> = {
  respondPage: () => ids.resumeToken,
  respondInvitation: () => ids.invitationToken,
  respondUnsubscribe: () => ids.invitationToken,
  sharedResults: () => ids.shareToken,
};

/** The route params of a page (extra ones are ignored by pathFor). */
export const paramsFor = (page: PageId, madeUpToken = false): Record<string, string> => ({
  org: ORG,
  userId: ids.memberId,
  token: (!madeUpToken && realTokens[page]?.()) || "made-up-invitation-token",
  code: ids.bankCode,
  surveyId: ids.surveyId,
  key: ids.publicKey,
  responseId: ids.responseId,
  importId: ids.importId,
});

const catalogueKeys = new Set<string>();
(function collect(node: unknown, prefix: string) {
  if (typeof node === "string") catalogueKeys.add(prefix);
  else if (node && typeof node === "object")
    for (const [k, v] of Object.entries(node)) collect(v, prefix ? `${prefix}.${k}` : k);
})(en, "");

/** Catalogue keys shown as text: a missing translation or a typo in a key. */
async function rawKeysOn(page: Page): Promise<string[]> {
  const text = `${await page.title()}\n${await page.locator("body").innerText()}`;
  return [...text.matchAll(/\b[a-zA-Z]+(?:\.[a-zA-Z0-9_]+)+\b/g)].map((m) => m[0]).filter((k) => catalogueKeys.has(k));
}

/** The checks every page gets, whatever it is. */
export async function expectWellFormed(page: Page, lang: Lang, what: string) {
  expect(await page.locator("html").getAttribute("lang"), `${what}: <html lang>`).toBe(lang);
  const headings = await page.locator("h1").allInnerTexts();
  expect(headings.length, `${what}: number of <h1>`).toBe(1);
  expect(headings[0]?.trim(), `${what}: <h1> text`).not.toBe("");
  expect(await page.title(), `${what}: <title>`).toMatch(/\S — Outside-In$/);
  expect(await rawKeysOn(page), `${what}: untranslated catalogue keys`).toEqual([]);
}

/**
 * Signs the visitors in and makes the survey and what hangs off it, before
 * the file's tests. Returns the visitors, each a page with JavaScript off.
 */
export function useAccessibilityVisitors(): Record<Visitor, Page> {
  watchServerLog();
  const browser = useBrowser();
  const visitors = {} as Record<Visitor, Page>;
  beforeAll(async () => {
    visitors.anonymous = await browser.newPage({ javaScript: false });
    visitors.orgAdmin = await browser.newPage({ javaScript: false });
    visitors.designer = await browser.newPage({ javaScript: false });
    visitors.platformAdmin = await browser.newPage({ javaScript: false });
    await signIn(visitors.orgAdmin, "admin@federal.example", DEMO_PASSWORD);
    await signIn(visitors.designer, "designer@federal.example", DEMO_PASSWORD);
    await signIn(visitors.platformAdmin, "platform.admin@institute.example", DEMO_PASSWORD);
    // A member to open: Dana Singh, the survey designer.
    await visitors.orgAdmin.goto(pathFor("orgMembers", "en", { org: ORG }));
    const href = await visitors.orgAdmin.getByRole("link", { name: "Dana Singh" }).getAttribute("href");
    ids.memberId = decodeURIComponent(href?.split("/").at(-1) ?? "");
    expect(ids.memberId).not.toBe("");
    // A question to open: the first of the bank.
    await visitors.orgAdmin.goto(pathFor("questionBank", "en", { org: ORG }));
    ids.bankCode = ((await visitors.orgAdmin.locator("tbody td.code a").first().textContent()) ?? "").trim();
    expect(ids.bankCode).not.toBe("");
    // A survey to open: made from the CMT template by the designer.
    const designer = visitors.designer;
    await designer.goto(pathFor("surveyNew", "en", { org: ORG }));
    await designer.fill("#titleEn", "Counter service 2026");
    await designer.fill("#titleFr", "Service au comptoir 2026");
    await designer.fill("#serviceEn", "Counter service");
    await designer.fill("#serviceFr", "Service au comptoir");
    await designer.check("#channels");
    await submitNoJs(designer, designer.locator("main form button[type=submit]"));
    ids.surveyId = decodeURIComponent(new URL(designer.url()).pathname.split("/").at(-1) ?? "");
    expect(ids.surveyId).toMatch(/^[0-9a-f-]{36}$/);
    // Published, so respondents can start it: its public key, and one respondent's resume token.
    await submitNoJs(designer, designer.locator('main form:has(input[name="op"][value="publish"]) button'));
    await designer.goto(pathFor("surveyDistribution", "en", { org: ORG, surveyId: ids.surveyId }));
    ids.publicKey =
      ((await designer.locator("dd.resume-link").first().textContent()) ?? "").trim().split("/").at(-1) ?? "";
    expect(ids.publicKey).toMatch(/^[0-9a-f]{12}$/);
    const respondent = visitors.anonymous;
    await respondent.goto(pathFor("respondStart", "en", { key: ids.publicKey }));
    await submitNoJs(respondent, respondent.getByRole("button", { name: "Start the survey" }));
    ids.resumeToken = new URL(respondent.url()).pathname.split("/").at(-1) ?? "";
    expect(ids.resumeToken).toMatch(/^[0-9A-Z]{12}$/);
    // That response, as staff open it from the survey's list of responses.
    await designer.goto(pathFor("surveyResponses", "en", { org: ORG, surveyId: ids.surveyId }));
    const link = await designer.locator("main table tbody a").first().getAttribute("href");
    ids.responseId = decodeURIComponent(link?.split("/").at(-1) ?? "");
    expect(ids.responseId).toMatch(/^[0-9a-f-]{36}$/);
    // One person invited by e-mail (with the four others an anonymous survey invites at once): their private link.
    const run = Date.now().toString(36);
    const invitee = `a11y.${run}@example.ca`;
    const list = [invitee, ...[1, 2, 3, 4].map((i) => `a11y.${run}.${i}@example.ca`)];
    await designer.goto(pathFor("surveyInvitations", "en", { org: ORG, surveyId: ids.surveyId }));
    const upload = designer.locator('main form:has(input[name="intent"][value="upload"])');
    await upload
      .locator("#file")
      .setInputFiles({ name: "c.csv", mimeType: "text/csv", buffer: Buffer.from(`email\n${list.join("\n")}\n`) });
    await submitNoJs(designer, upload.locator('button[type="submit"]'));
    await submitNoJs(designer, designer.locator('main form:has(input[name="intent"][value="send"]) button'));
    const mail = await waitForMail(invitee, "Counter service 2026");
    ids.invitationToken =
      linkIn(mail, /\/i\/[\w-]{22}$/)
        .pathname.split("/")
        .at(-1) ?? "";
    // An import of a small file, taken to its report: a value to match, a row in error.
    await designer.goto(pathFor("surveyImport", "en", { org: ORG, surveyId: ids.surveyId }));
    await designer.locator("#file").setInputFiles({
      name: "paper.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("CORE-OS-01,lang\nTrès satisfait,fr\n9,en\n"),
    });
    await submitNoJs(designer, designer.locator("main form button[type=submit]"));
    ids.importId = new URL(designer.url()).pathname.split("/").at(-1) ?? "";
    expect(ids.importId).toMatch(/^[0-9a-f-]{36}$/);
    await submitNoJs(designer, designer.locator('main form:has(input[name="intent"][value="mapping"]) button'));
    await submitNoJs(designer, designer.locator('main form:has(input[name="intent"][value="recoding"]) button'));
    // A read-only link to the survey's results.
    await designer.goto(pathFor("surveyShareLinks", "en", { org: ORG, surveyId: ids.surveyId }));
    await designer.fill("#label", "Accessibility review");
    await submitNoJs(designer, designer.getByRole("button", { name: "Create the link" }));
    ids.shareToken = ((await designer.locator(".token code").innerText()).trim().split("/").at(-1) ?? "").trim();
    expect(ids.shareToken).toMatch(/^[\w-]{43}$/);
  });
  return visitors;
}
