import { describe, expect, test } from "vitest";
import { type Page, signIn, useBrowser } from "./support/browser.ts";
import { DEMO_PASSWORD } from "./support/demo.ts";
import { watchServerLog } from "./support/server.ts";

// With JavaScript on, pages change without a document load: the root
// loader's data is kept from the first page. A French user who came in
// through an English page must still get French links everywhere. Two ways
// in: signing in in English and switching to French, and signing in in
// French; then clicking through the staff pages, each link's language checked.

watchServerLog();
const browser = useBrowser();

/** Links within the app that are not in the page's language (the language switch and respondent links aside). */
async function linksNotInFrench(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLAnchorElement>("a[href]")]
      .filter((a) => !a.hasAttribute("hreflang"))
      .map((a) => a.getAttribute("href") ?? "")
      .filter((href) => href.startsWith("/") && !href.startsWith("/s/") && !href.startsWith("/api/"))
      .filter((href) => href !== "/fr" && !href.startsWith("/fr/") && !href.startsWith("/fr?")),
  );
}

async function expectFrench(page: Page, where: string) {
  expect(await page.evaluate(() => document.documentElement.lang), where).toBe("fr");
  expect(await linksNotInFrench(page), where).toEqual([]);
  expect(await page.locator("body").innerText(), where).not.toContain("Citizen Services Canada");
}

/** Clicks a link as a person does (JavaScript on: no document load) and checks the page it leads to. */
async function follow(page: Page, name: string | RegExp, scope = "main") {
  const before = page.url();
  await page
    .locator(scope)
    .getByRole("link", { name, exact: typeof name === "string" })
    .first()
    .click();
  await page.waitForURL((u) => u.toString() !== before);
  await page.waitForLoadState("networkidle");
  await expectFrench(page, `${name} → ${new URL(page.url()).pathname}`);
}

async function clickThroughStaffPages(page: Page) {
  await expectFrench(page, "home");
  await follow(page, "Services aux citoyens Canada");
  await follow(page, "Sondages", "main");
  await follow(page, "Services de passeport – en personne");
  await follow(page, "Tableau de bord des résultats");
  await follow(page, "Services de passeport – en personne", "nav.breadcrumbs");
  await follow(page, /^Diffusion/);
  await follow(page, "Accueil", "nav.breadcrumbs");
  await follow(page, "Services aux citoyens Canada");
}

describe("client-side navigation keeps French", () => {
  test("signed in in English, switched to French", async () => {
    const page = await browser.newPage({ javaScript: true, lang: "en" });
    await signIn(page, "admin@federal.example", DEMO_PASSWORD, "en");
    await page.waitForLoadState("networkidle");
    await Promise.all([page.waitForURL(/\/fr$/), page.locator("header a[hreflang=fr]").click()]);
    await page.waitForLoadState("networkidle");
    await clickThroughStaffPages(page);
  });

  test("signed in in French", async () => {
    const page = await browser.newPage({ javaScript: true, lang: "fr" });
    await signIn(page, "admin@federal.example", DEMO_PASSWORD, "fr");
    await page.waitForLoadState("networkidle");
    await clickThroughStaffPages(page);
  });
});
