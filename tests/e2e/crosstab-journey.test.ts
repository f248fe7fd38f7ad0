import { beforeAll, describe, expect, test } from "vitest";
import { tFor } from "#app/i18n/i18n.ts";
import { type Lang, langs, pathFor } from "#app/i18n/paths.ts";
import { expectNoAxeViolations } from "./support/axe.ts";
import { h1, type Page, signIn, submitNoJs, useBrowser, visit } from "./support/browser.ts";
import { DEMO_PASSWORD } from "./support/demo.ts";
import { watchServerLog } from "./support/server.ts";

// An analyst builds cross-tabs of a demo survey without JavaScript, in both
// languages: from the survey page's link to a table with its chart and tests,
// then a comparison of two groups, then a bad choice answered with an error
// summary. Another organization's member gets 404. axe on every step.

watchServerLog();
const browser = useBrowser();
const ORG = "citizen-services-canada";
const SURVEY = { en: "Passport services – in person", fr: "Services de passeport – en personne" };
let analyst: Page;
let outsider: Page;
let surveyId = "";

beforeAll(async () => {
  analyst = await browser.newPage({ javaScript: false });
  outsider = await browser.newPage({ javaScript: false });
  await signIn(analyst, "analyst@federal.example", DEMO_PASSWORD);
  await signIn(outsider, "admin@ontario.example", DEMO_PASSWORD);
  await visit(analyst, pathFor("surveys", "en", { org: ORG }));
  const href = await analyst.getByRole("link", { name: SURVEY.en, exact: true }).getAttribute("href");
  surveyId = href?.split("/").at(-1) ?? "";
  expect(surveyId).toMatch(/^[0-9a-f-]{36}$/);
});

const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/crosstab-${name}.png`, fullPage: true });

describe.each(langs)("the cross-tab builder in %s, without JavaScript", (lang: Lang) => {
  const t = tFor(lang);

  test("opens from the survey page with a table, a chart and its tests", async () => {
    await visit(analyst, pathFor("survey", lang, { org: ORG, surveyId }));
    await submitNoJs(analyst, analyst.getByRole("link", { name: t("crosstab.link") }));
    expect(new URL(analyst.url()).pathname).toBe(pathFor("surveyCrosstab", lang, { org: ORG, surveyId }));
    expect(await h1(analyst)).toBe(t("crosstab.title"));
    const main = analyst.locator("main");
    await expect(main.locator("figure svg[role=img]").count()).resolves.toBe(1);
    await expect(main.locator("table caption").count()).resolves.toBe(4);
    expect(await main.innerText()).toContain(t("crosstab.tests.cramersV"));
    await expectNoAxeViolations(analyst, `${lang} cross-tab`);
    await shot(analyst, `${lang}-default`);
  });

  test("compares two groups of the chosen rows", async () => {
    await analyst.selectOption("#rows", "lang");
    await submitNoJs(analyst, analyst.locator("main form button[type=submit]"));
    await analyst.selectOption("#first", "en");
    await analyst.selectOption("#second", "fr");
    await submitNoJs(analyst, analyst.locator("main form button[type=submit]"));
    const text = await analyst.locator("main").innerText();
    expect(text).toContain(t("crosstab.comparison.welch"));
    expect(text).toContain(
      t("crosstab.comparison.diff", { first: t("responses.langs.en"), second: t("responses.langs.fr") }),
    );
    await expectNoAxeViolations(analyst, `${lang} cross-tab comparison`);
    await shot(analyst, `${lang}-comparison`);
  });

  test("answers bad choices with a translated error summary", async () => {
    const path = `${pathFor("surveyCrosstab", lang, { org: ORG, surveyId })}?rows=nope&columns=lang&from=2026-13`;
    await visit(analyst, path);
    const summary = await analyst.locator(".error-summary").innerText();
    expect(summary).toContain(t("crosstab.errors.rows"));
    expect(summary).toContain(t("crosstab.errors.month"));
    expect(await analyst.locator("main table").count()).toBe(0);
    await expectNoAxeViolations(analyst, `${lang} cross-tab errors`);
  });

  test("is not found for another organization's member", async () => {
    await visit(outsider, pathFor("surveyCrosstab", lang, { org: ORG, surveyId }), 404);
  });
});
