import { describe, expect, test } from "vitest";
import { tFor } from "#app/i18n/i18n.ts";
import { langs, type PageId, pages, pathFor } from "#app/i18n/paths.ts";
import { expectNoAxeViolations } from "./support/axe.ts";
import {
  expectWellFormed,
  other,
  paramsFor,
  useAccessibilityVisitors,
  type Visitor,
} from "./support/accessibility-visitors.ts";

// Every page of the URL table, in both languages, as the right person and
// without JavaScript: a real status, the right <html lang>, one <h1>, no raw
// catalogue keys, a language toggle to the same page, and no axe violations.
// (Every form, submitted with mistakes: accessibility-forms.test.ts.)

const visitors = useAccessibilityVisitors();

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
  { page: "adminSecurityLog", as: "platformAdmin" },
  { page: "devMail", as: "platformAdmin" },
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
    const title = lang === "en" ? "We could not find that page" : "Nous n’avons pas trouvé cette page";
    expect((await page.locator("h1").innerText()).trim()).toBe(title);
    expect(await page.locator("main").innerText()).toContain(tFor(lang)("errors.status.404"));
    expect(await page.locator("main a").getAttribute("href")).toBe(`/${lang}`);
    expect(await page.locator("a.lang-toggle").getAttribute("href")).toBe(`/${other(lang)}`);
    await expectNoAxeViolations(page, path);
  });
});
