import { beforeAll, describe, expect, test } from "vitest";
import { tFor } from "#app/i18n/i18n.ts";
import en from "#app/i18n/en.json" with { type: "json" };
import { type Lang, langs, type PageId, pages, pathFor } from "#app/i18n/paths.ts";
import { expectNoAxeViolations } from "./support/axe.ts";
import { type Page, signIn, submitNoJs, useBrowser } from "./support/browser.ts";
import { DEMO_PASSWORD } from "./support/demo.ts";
import { linkIn, waitForMail } from "./support/mail.ts";
import { watchServerLog } from "./support/server.ts";

// Every page of the URL table, in both languages, as the right person and
// without JavaScript: a real status, the right <html lang>, one <h1>, no raw
// catalogue keys, a language toggle to the same page, and no axe violations.
// Then every form, submitted empty and with garbage: a 400 with an error
// summary whose links lead to the fields, still accessible.

watchServerLog();
const browser = useBrowser();

type Visitor = "anonymous" | "orgAdmin" | "designer" | "platformAdmin";
const ORG = "citizen-services-canada";
const other = (lang: Lang): Lang => (lang === "en" ? "fr" : "en");

const visitors = {} as Record<Visitor, Page>;
let memberId = "";
let bankCode = "";
let surveyId = "";
let publicKey = "";
let resumeToken = "";
let responseId = "";
let invitationToken = "";
let importId = "";
let shareToken = "";

interface PageCheck {
  page: PageId;
  as: Visitor;
  query?: string;
  /** A notice (catalogue key) the page must show. */
  notice?: string;
  /** The page this one redirects to (GET sign-out goes home). */
  redirectsTo?: PageId;
  /** Statuses allowed besides 2xx/3xx (an unknown invitation may answer 404 with its notice). */
  alsoAllowed?: number[];
  /** A made-up token instead of the real one the page takes. */
  madeUpToken?: boolean;
}

const checks: PageCheck[] = [
  { page: "home", as: "anonymous" },
  { page: "home", as: "orgAdmin" },
  { page: "signUp", as: "anonymous" },
  { page: "signIn", as: "anonymous" },
  { page: "signInTwoFactor", as: "anonymous" },
  { page: "signOut", as: "orgAdmin", redirectsTo: "home" },
  { page: "verifyEmail", as: "anonymous" },
  { page: "verifyEmail", as: "anonymous", query: "?token=not-a-real-token", notice: "tokens.invalid" },
  { page: "forgotPassword", as: "anonymous" },
  { page: "resetPassword", as: "anonymous", query: "?token=made-up-token" },
  { page: "resetPassword", as: "anonymous", notice: "tokens.invalid" },
  { page: "account", as: "orgAdmin" },
  { page: "accountSecurity", as: "orgAdmin" },
  { page: "invitation", as: "anonymous", notice: "invitations.errors.unavailable", alsoAllowed: [404] },
  { page: "orgHome", as: "orgAdmin" },
  { page: "orgMembers", as: "orgAdmin" },
  { page: "orgMemberInvite", as: "orgAdmin" },
  { page: "orgMember", as: "orgAdmin" },
  { page: "orgAudit", as: "orgAdmin" },
  { page: "orgSettings", as: "orgAdmin" },
  { page: "orgSso", as: "orgAdmin", notice: "sso.noDomain" },
  { page: "questionBank", as: "orgAdmin" },
  { page: "questionBankNew", as: "designer" },
  { page: "questionBankItem", as: "orgAdmin" },
  { page: "surveys", as: "designer" },
  { page: "surveyNew", as: "designer" },
  { page: "survey", as: "designer" },
  { page: "surveySettings", as: "designer" },
  { page: "surveyPreview", as: "designer" },
  { page: "surveyExport", as: "designer" },
  { page: "surveyReport", as: "designer" },
  { page: "adminOrgs", as: "platformAdmin" },
  { page: "adminOrg", as: "platformAdmin" },
  { page: "devMail", as: "anonymous" },
  { page: "surveyDistribution", as: "designer" },
  { page: "surveyResponses", as: "designer" },
  { page: "surveyCrosstab", as: "designer" },
  { page: "surveyWeighting", as: "designer" },
  { page: "surveyResponse", as: "designer" },
  { page: "surveyDelete", as: "designer" },
  { page: "surveyImport", as: "designer" },
  { page: "surveyImportStep", as: "designer" },
  { page: "surveyImportStep", as: "designer", query: "?step=mapping" },
  { page: "surveyImportStep", as: "designer", query: "?step=recoding" },
  { page: "orgApiTokens", as: "orgAdmin" },
  { page: "respondStart", as: "anonymous" },
  { page: "respondPage", as: "anonymous" },
  { page: "surveyInvitations", as: "designer" },
  { page: "respondInvitation", as: "anonymous" },
  {
    page: "respondInvitation",
    as: "anonymous",
    madeUpToken: true,
    notice: "respondent.invitation.unknown",
    alsoAllowed: [404],
  },
  { page: "respondUnsubscribe", as: "anonymous" },
  { page: "orgBenchmarking", as: "orgAdmin" },
  { page: "surveyBenchmark", as: "designer" },
  { page: "surveyResults", as: "designer" },
  { page: "surveyComments", as: "designer" },
  { page: "surveyComments", as: "designer", query: "?search=r%C3%A9ponse&from=2026-13" },
  { page: "surveyShareLinks", as: "designer" },
  { page: "sharedResults", as: "anonymous" },
];

const realTokens: Partial<Record<PageId, () => string>> = {
  respondPage: () => resumeToken,
  respondInvitation: () => invitationToken,
  respondUnsubscribe: () => invitationToken,
  sharedResults: () => shareToken,
};

/** The route params of a page (extra ones are ignored by pathFor). */
const paramsFor = (page: PageId, madeUpToken = false): Record<string, string> => ({
  org: ORG,
  userId: memberId,
  token: (!madeUpToken && realTokens[page]?.()) || "made-up-invitation-token",
  code: bankCode,
  surveyId,
  key: publicKey,
  responseId,
  importId,
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
async function expectWellFormed(page: Page, lang: Lang, what: string) {
  expect(await page.locator("html").getAttribute("lang"), `${what}: <html lang>`).toBe(lang);
  const headings = await page.locator("h1").allInnerTexts();
  expect(headings.length, `${what}: number of <h1>`).toBe(1);
  expect(headings[0]?.trim(), `${what}: <h1> text`).not.toBe("");
  expect(await page.title(), `${what}: <title>`).toMatch(/\S — Outside-In$/);
  expect(await rawKeysOn(page), `${what}: untranslated catalogue keys`).toEqual([]);
}

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
  memberId = decodeURIComponent(href?.split("/").at(-1) ?? "");
  expect(memberId).not.toBe("");
  // A question to open: the first of the bank.
  await visitors.orgAdmin.goto(pathFor("questionBank", "en", { org: ORG }));
  bankCode = ((await visitors.orgAdmin.locator("tbody td.code a").first().textContent()) ?? "").trim();
  expect(bankCode).not.toBe("");
  // A survey to open: made from the CMT template by the designer.
  const designer = visitors.designer;
  await designer.goto(pathFor("surveyNew", "en", { org: ORG }));
  await designer.fill("#titleEn", "Counter service 2026");
  await designer.fill("#titleFr", "Service au comptoir 2026");
  await designer.fill("#serviceEn", "Counter service");
  await designer.fill("#serviceFr", "Service au comptoir");
  await designer.check("#channels");
  await submitNoJs(designer, designer.locator("main form button[type=submit]"));
  surveyId = decodeURIComponent(new URL(designer.url()).pathname.split("/").at(-1) ?? "");
  expect(surveyId).toMatch(/^[0-9a-f-]{36}$/);
  // Published, so respondents can start it: its public key, and one respondent's resume token.
  await submitNoJs(designer, designer.locator('main form:has(input[name="op"][value="publish"]) button'));
  await designer.goto(pathFor("surveyDistribution", "en", { org: ORG, surveyId }));
  publicKey = ((await designer.locator("dd.resume-link").first().textContent()) ?? "").trim().split("/").at(-1) ?? "";
  expect(publicKey).toMatch(/^[0-9a-f]{12}$/);
  const respondent = visitors.anonymous;
  await respondent.goto(pathFor("respondStart", "en", { key: publicKey }));
  await submitNoJs(respondent, respondent.getByRole("button", { name: "Start the survey" }));
  resumeToken = new URL(respondent.url()).pathname.split("/").at(-1) ?? "";
  expect(resumeToken).toMatch(/^[0-9A-Z]{12}$/);
  // That response, as staff open it from the survey's list of responses.
  await designer.goto(pathFor("surveyResponses", "en", { org: ORG, surveyId }));
  const link = await designer.locator("main table tbody a").first().getAttribute("href");
  responseId = decodeURIComponent(link?.split("/").at(-1) ?? "");
  expect(responseId).toMatch(/^[0-9a-f-]{36}$/);
  // One person invited by e-mail: their private link.
  const invitee = `a11y.${Date.now().toString(36)}@example.ca`;
  await designer.goto(pathFor("surveyInvitations", "en", { org: ORG, surveyId }));
  const upload = designer.locator('main form:has(input[name="intent"][value="upload"])');
  await upload
    .locator("#file")
    .setInputFiles({ name: "c.csv", mimeType: "text/csv", buffer: Buffer.from(`email\n${invitee}\n`) });
  await submitNoJs(designer, upload.locator('button[type="submit"]'));
  await submitNoJs(designer, designer.locator('main form:has(input[name="intent"][value="send"]) button'));
  const mail = await waitForMail(invitee, "Counter service 2026");
  invitationToken =
    linkIn(mail, /\/i\/[\w-]{22}$/)
      .pathname.split("/")
      .at(-1) ?? "";
  // An import of a small file, taken to its report: a value to match, a row in error.
  await designer.goto(pathFor("surveyImport", "en", { org: ORG, surveyId }));
  await designer.locator("#file").setInputFiles({
    name: "paper.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("CORE-OS-01,lang\nTrès satisfait,fr\n9,en\n"),
  });
  await submitNoJs(designer, designer.locator("main form button[type=submit]"));
  importId = new URL(designer.url()).pathname.split("/").at(-1) ?? "";
  expect(importId).toMatch(/^[0-9a-f-]{36}$/);
  await submitNoJs(designer, designer.locator('main form:has(input[name="intent"][value="mapping"]) button'));
  await submitNoJs(designer, designer.locator('main form:has(input[name="intent"][value="recoding"]) button'));
  // A read-only link to the survey's results.
  await designer.goto(pathFor("surveyShareLinks", "en", { org: ORG, surveyId }));
  await designer.fill("#label", "Accessibility review");
  await submitNoJs(designer, designer.getByRole("button", { name: "Create the link" }));
  shareToken = ((await designer.locator(".token code").innerText()).trim().split("/").at(-1) ?? "").trim();
  expect(shareToken).toMatch(/^[\w-]{43}$/);
});

describe("every page, in both languages, without JavaScript", () => {
  test("the checks cover every page of the URL table", () => {
    expect(new Set(checks.map((c) => c.page))).toEqual(new Set(Object.keys(pages)));
  });

  const cases = checks.flatMap((c) =>
    langs.map((lang) => ({
      ...c,
      lang,
      label: `${c.page}${c.query ?? ""}${c.madeUpToken ? " (made-up token)" : ""} as ${c.as}`,
    })),
  );
  test.each(cases)(
    "$lang: $label",
    async ({ page: pageId, as, query = "", notice, redirectsTo, alsoAllowed, madeUpToken, lang }) => {
      const page = visitors[as];
      const params = paramsFor(pageId, madeUpToken);
      const path = pathFor(pageId, lang, params) + query;
      const response = await page.goto(path);
      expect(response, path).not.toBeNull();
      const status = response?.status() ?? 0;
      if (!alsoAllowed?.includes(status)) expect(status, `GET ${path}`).toBeLessThan(400);
      const landed = new URL(page.url());
      const expectedPath = redirectsTo ? pathFor(redirectsTo, lang) : pathFor(pageId, lang, params);
      expect(landed.pathname, `GET ${path} landed on ${page.url()}`).toBe(expectedPath);
      await expectWellFormed(page, lang, path);
      if (notice) expect(await page.locator("main").innerText()).toContain(tFor(lang)(notice));

      // On a page of questions the switch is a button of the answer form: it saves, then switches.
      if (pageId === "respondPage") {
        const button = page.locator("button.lang-toggle");
        expect(await button.getAttribute("form")).toBe(await page.locator("main form").getAttribute("id"));
        expect(await button.getAttribute("lang")).toBe(other(lang));
        await expectNoAxeViolations(page, path);
        return;
      }
      // The toggle goes to the same page (same params and query) in the other language.
      const toggle = page.locator("a.lang-toggle");
      expect(await toggle.count()).toBe(1);
      const shownPage = redirectsTo ?? pageId;
      const expectedHref = pathFor(shownPage, other(lang), params) + (redirectsTo ? "" : query);
      expect(await toggle.getAttribute("href"), `language toggle on ${path}`).toBe(expectedHref);
      expect(await toggle.getAttribute("lang")).toBe(other(lang));
      expect((await toggle.innerText()).trim()).toBe(lang === "en" ? "Français" : "English");

      await expectNoAxeViolations(page, path);
    },
  );

  test.each(langs)("%s: the 404 page is translated and accessible", async (lang) => {
    const page = visitors.anonymous;
    const path = lang === "en" ? "/en/this-page-does-not-exist" : "/fr/cette-page-n-existe-pas";
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    expect(response?.headers()["content-type"]).toMatch(/^text\/html/);
    await expectWellFormed(page, lang, path);
    const title = lang === "en" ? "We could not find that page" : "Nous n'avons pas trouvé cette page";
    expect((await page.locator("h1").innerText()).trim()).toBe(title);
    expect(await page.locator("main").innerText()).toContain(tFor(lang)("errors.status.404"));
    expect(await page.locator("main a").getAttribute("href")).toBe(`/${lang}`);
    expect(await page.locator("a.lang-toggle").getAttribute("href")).toBe(`/${other(lang)}`);
    await expectNoAxeViolations(page, path);
  });
});

// ---------------------------------------------------------------------------
// Forms

const GARBAGE = ["<script>alert(1)</script>", "'; drop table user;--", "x".repeat(5000), "abc-def"];
const UNKNOWN = "not-a-real-value";

interface FormCase {
  name: string;
  as: Visitor;
  page: PageId;
  query?: string;
  /** Picks the form on the page (default: the only form in <main>). */
  form?: string;
  method?: "get" | "post";
  /** Fields that must be reported in error, per variant. */
  errors: { empty: string[]; garbage: string[] };
}

const formCases: FormCase[] = [
  {
    name: "sign up",
    as: "anonymous",
    page: "signUp",
    errors: {
      empty: ["name", "email", "password", "confirmPassword"],
      garbage: ["email", "password", "confirmPassword"],
    },
  },
  {
    name: "sign in",
    as: "anonymous",
    page: "signIn",
    form: 'main form:has(input[name="password"])',
    errors: { empty: ["email", "password"], garbage: ["email"] },
  },
  {
    name: "sign in with my organization",
    as: "anonymous",
    page: "signIn",
    form: 'main form:has(input[name="ssoEmail"])',
    errors: { empty: ["ssoEmail"], garbage: ["ssoEmail"] },
  },
  { name: "two-step code", as: "anonymous", page: "signInTwoFactor", errors: { empty: ["code"], garbage: ["code"] } },
  {
    name: "resend verification",
    as: "anonymous",
    page: "verifyEmail",
    errors: { empty: ["email"], garbage: ["email"] },
  },
  {
    name: "forgot password",
    as: "anonymous",
    page: "forgotPassword",
    errors: { empty: ["email"], garbage: ["email"] },
  },
  {
    name: "reset password",
    as: "anonymous",
    page: "resetPassword",
    query: "?token=made-up-token",
    errors: { empty: ["password", "confirmPassword"], garbage: ["confirmPassword"] },
  },
  { name: "my account", as: "orgAdmin", page: "account", errors: { empty: ["name"], garbage: ["locale"] } },
  {
    name: "turn on two-step verification",
    as: "orgAdmin",
    page: "accountSecurity",
    errors: { empty: ["password"], garbage: ["password"] },
  },
  {
    name: "invite a member",
    as: "orgAdmin",
    page: "orgMemberInvite",
    errors: { empty: ["email", "roles"], garbage: ["email", "roles", "lang"] },
  },
  {
    name: "change roles",
    as: "orgAdmin",
    page: "orgMember",
    form: 'main form:has(input[name="intent"][value="roles"])',
    errors: { empty: ["roles"], garbage: ["roles"] },
  },
  {
    name: "remove member",
    as: "orgAdmin",
    page: "orgMember",
    form: 'main form:has(input[name="intent"][value="remove"])',
    errors: { empty: ["confirm"], garbage: ["confirm"] },
  },
  {
    name: "organization settings",
    as: "orgAdmin",
    page: "orgSettings",
    errors: { empty: ["nameEn", "nameFr", "jurisdiction"], garbage: ["orderOfGovernment", "jurisdiction"] },
  },
  {
    name: "add an organization",
    as: "platformAdmin",
    page: "adminOrgs",
    errors: {
      empty: ["slug", "nameEn", "nameFr", "jurisdiction", "adminEmail"],
      garbage: ["slug", "nameFr", "orderOfGovernment", "jurisdiction", "adminEmail", "adminLang"],
    },
  },
  // Empty is a valid answer here (no single sign-on domain).
  {
    name: "single sign-on domain",
    as: "platformAdmin",
    page: "adminOrg",
    errors: { empty: [], garbage: ["ssoDomain"] },
  },
  {
    name: "new bank question",
    as: "designer",
    page: "questionBankNew",
    errors: {
      empty: ["textEn", "textFr", "channels", "module"],
      garbage: ["helpEn", "type", "scale", "min", "channels", "dimension", "driver", "element", "variant", "module"],
    },
  },
  {
    name: "new survey",
    as: "designer",
    page: "surveyNew",
    errors: {
      empty: ["titleEn", "titleFr", "serviceEn", "serviceFr", "channels"],
      garbage: ["serviceEn", "channels", "variant"],
    },
  },
  {
    name: "survey settings",
    as: "designer",
    page: "surveySettings",
    form: 'main form:has(input[name="titleEn"])',
    errors: {
      empty: ["titleEn", "titleFr", "serviceEn", "serviceFr"],
      garbage: ["serviceEn", "opensAt", "closesAt", "responseTarget"],
    },
  },
  {
    name: "survey privacy settings",
    as: "designer",
    page: "surveySettings",
    form: 'main form:has(input[name="intent"][value="privacy"])',
    errors: { empty: ["anonymous", "retentionMonths"], garbage: ["anonymous", "retentionMonths"] },
  },
  {
    name: "delete a survey",
    as: "designer",
    page: "surveyDelete",
    errors: { empty: ["confirmTitle"], garbage: ["confirmTitle"] },
  },
  {
    name: "delete a response",
    as: "designer",
    page: "surveyResponse",
    form: 'main form:has(input[name="intent"][value="delete"])',
    errors: { empty: ["confirm"], garbage: ["confirm"] },
  },
  {
    name: "response filters",
    as: "designer",
    page: "surveyResponses",
    form: 'main form[method="get"]',
    method: "get",
    errors: { empty: [], garbage: ["status", "channel"] },
  },
  {
    name: "add a question to a survey",
    as: "designer",
    page: "survey",
    form: 'main form:has(input[name="op"][value="addQuestion"])',
    errors: { empty: ["questionCode"], garbage: ["questionCode", "pageKey"] },
  },
  {
    name: "add a page to a survey",
    as: "designer",
    page: "survey",
    form: 'main form:has(input[name="op"][value="addPage"])',
    errors: { empty: ["titleEn", "titleFr"], garbage: [] },
  },
  {
    name: "upload contacts",
    as: "designer",
    page: "surveyInvitations",
    form: 'main form:has(input[name="intent"][value="upload"])',
    errors: { empty: ["file"], garbage: ["file", "defaultLang"] },
  },
  {
    name: "reminders and contact list",
    as: "designer",
    page: "surveyInvitations",
    form: 'main form:has(input[name="intent"][value="settings"])',
    errors: { empty: ["reminderInterval"], garbage: ["reminderInterval", "reminderMax", "keepContacts"] },
  },
  {
    name: "delete the contact list",
    as: "designer",
    page: "surveyInvitations",
    form: 'main form:has(input[name="intent"][value="delete"])',
    errors: { empty: ["confirm"], garbage: ["confirm"] },
  },
  {
    name: "upload a file to import",
    as: "designer",
    page: "surveyImport",
    errors: { empty: ["file"], garbage: ["file"] },
  },
  {
    name: "match columns to questions",
    as: "designer",
    page: "surveyImportStep",
    query: "?step=mapping",
    form: 'main form:has(input[name="intent"][value="mapping"])',
    errors: { empty: [], garbage: ["col_0", "col_1"] },
  },
  {
    name: "create an API token",
    as: "orgAdmin",
    page: "orgApiTokens",
    form: 'main form:has(input[name="tokenName"])',
    errors: { empty: ["tokenName"], garbage: [] },
  },
  {
    name: "a survey's service type for benchmarking",
    as: "designer",
    page: "surveyBenchmark",
    form: 'main form:has(select[name="serviceType"])',
    errors: { empty: ["serviceType"], garbage: ["serviceType"] },
  },
  {
    name: "resume a survey",
    as: "anonymous",
    page: "respondStart",
    form: 'main form:has(input[name="intent"][value="resume"])',
    errors: { empty: ["resumeCode"], garbage: ["resumeCode"] },
  },
  {
    name: "question bank search",
    as: "orgAdmin",
    page: "questionBank",
    method: "get",
    errors: { empty: [], garbage: ["channel", "dimension", "driver", "element", "variant", "module"] },
  },
  {
    name: "report choices",
    as: "designer",
    page: "surveyReport",
    form: 'main form[method="get"]',
    method: "get",
    errors: { empty: [], garbage: ["format", "language", "version", "channel", "from", "to"] },
  },
  {
    name: "report by email",
    as: "designer",
    page: "surveyReport",
    form: 'main form:has(input[name="intent"][value="subscribe"])',
    errors: { empty: ["lang", "formats"], garbage: ["lang", "formats"] },
  },
  {
    name: "audit log filters",
    as: "orgAdmin",
    page: "orgAudit",
    method: "get",
    errors: { empty: [], garbage: ["action", "from", "to"] },
  },
];

/** Empties every field of the form, or fills each with garbage and unknown choices. */
async function prepare(page: Page, formSelector: string, variant: "empty" | "garbage") {
  await page.locator(formSelector).evaluate(
    (form, { variant, garbage, unknown }) => {
      let i = 0;
      for (const el of Array.from(form.querySelectorAll("input, select, textarea"))) {
        if (el instanceof HTMLInputElement && el.type === "hidden") continue;
        if (el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio")) {
          el.checked = false;
          if (variant === "garbage" && el.closest("fieldset") && !el.id.includes("-")) {
            // The first box of a group: an option the server does not know.
            el.value = unknown;
            el.checked = true;
          }
          continue;
        }
        if (el instanceof HTMLSelectElement) {
          if (variant === "garbage") {
            const option = document.createElement("option");
            option.value = unknown;
            option.textContent = unknown;
            el.append(option);
            el.value = unknown;
          }
          continue;
        }
        const field = el as HTMLInputElement | HTMLTextAreaElement;
        if (field instanceof HTMLInputElement) field.type = "text";
        field.value = variant === "empty" ? "" : (garbage[i++ % garbage.length] as string);
      }
    },
    { variant, garbage: GARBAGE, unknown: UNKNOWN },
  );
}

describe("every form, submitted empty and with garbage", () => {
  // Each variant in one language, alternating from form to form, so both
  // languages see both kinds of mistakes without doubling the run time.
  const cases = formCases.flatMap((f, i) =>
    (["empty", "garbage"] as const)
      .filter((variant) => f.errors[variant].length > 0)
      .map((variant) => ({ ...f, variant, lang: langs[(i + (variant === "empty" ? 0 : 1)) % 2] as Lang })),
  );
  test.each(cases)(
    "$lang: $name, $variant",
    async ({ as, page: pageId, query = "", form, method = "post", errors, variant, lang }) => {
      const page = visitors[as];
      const path = pathFor(pageId, lang, paramsFor(pageId)) + query;
      await page.goto(path);
      const formSelector = form ?? "main form";
      expect(await page.locator(formSelector).count(), `one form ${formSelector} on ${path}`).toBe(1);
      await prepare(page, formSelector, variant);
      const response = await submitNoJs(page, page.locator(formSelector).locator('button[type="submit"]'));

      if (method === "post") {
        expect(response.request().method()).toBe("POST");
        expect(response.status(), `POST ${path} (${variant})`).toBe(400);
      } else {
        // A GET filter shows its errors on the page it lists.
        expect(response.request().method()).toBe("GET");
        expect(response.status(), `GET ${page.url()} (${variant})`).toBe(200);
      }
      expect(new URL(page.url()).pathname).toBe(pathFor(pageId, lang, paramsFor(pageId)));
      await expectWellFormed(page, lang, `${path} after a ${variant} submission`);

      const summary = page.getByRole("alert");
      expect(await summary.count()).toBe(1);
      expect((await summary.locator("h2").innerText()).trim()).toBe(
        lang === "en" ? "There is a problem" : "Il y a un problème",
      );
      const hrefs = await summary.locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
      expect(hrefs.map((h) => h.slice(1)).sort(), "fields in the error summary").toEqual([...errors[variant]].sort());
      for (const href of hrefs) {
        const id = href.slice(1);
        const target = page.locator(formSelector).locator(`[id="${id}"]`);
        expect(await target.count(), `${href} leads to a field of the form`).toBe(1);
        expect(await target.evaluate((el) => el.tagName)).toMatch(/^(INPUT|SELECT|TEXTAREA)$/);
        // The field's own message, tied to it for screen readers.
        const message = page.locator(`[id="${id}-error"]`);
        expect(await message.count(), `message for ${id}`).toBe(1);
        const describedBy = await page.locator(formSelector).locator(`[aria-describedby~="${id}-error"]`).count();
        expect(describedBy, `a control or group of ${id} is described by its message`).toBeGreaterThan(0);
      }
      // Garbage comes back as text, never as markup.
      expect(await page.locator("main script").count()).toBe(0);
      await expectNoAxeViolations(page, `${path} after a ${variant} submission`);
    },
  );
});
