import { mkdirSync } from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";
import { pathFor } from "#app/i18n/paths.ts";
import { expectNoAxeViolations } from "./support/axe.ts";
import { h1, type Page, signIn, submitNoJs, useBrowser, visit } from "./support/browser.ts";
import { DEMO_PASSWORD } from "./support/demo.ts";
import { watchServerLog } from "./support/server.ts";

// An analyst, without JavaScript, opens a demo survey's results from the
// survey page, reads the headline and the priorities for improvement, filters
// to French responses and to one answer, then tries a malformed filter and
// gets a translated error above the unfiltered results. Both languages, axe on every state.

watchServerLog();
const browser = useBrowser();

const ORG = "citizen-services-canada";
const SHOTS = "/tmp/e2e-shots";
const title = { en: "Passport services – in person", fr: "Services de passeport – en personne" } as const;
const text = {
  en: { link: "Results dashboard", h1: "Results", priorities: "Priorities for improvement", apply: "Apply filters" },
  fr: {
    link: "Tableau de bord des résultats",
    h1: "Résultats",
    priorities: "Priorités d’amélioration",
    apply: "Appliquer les filtres",
  },
} as const;

const kpi = async (page: Page, index: number) =>
  ((await page.locator(".results-kpis .results-kpi").nth(index).textContent()) ?? "").trim();
const asNumber = (shown: string) => Number(shown.replace(/[\s\u00a0\u202f,]/g, "").replace(",", "."));

beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

describe.each(["en", "fr"] as const)("an analyst reads a survey's results without JavaScript (%s)", (lang) => {
  let analyst: Page;
  let surveyId = "";

  beforeAll(async () => {
    analyst = await browser.newPage({ javaScript: false, lang });
    await signIn(analyst, "analyst@federal.example", DEMO_PASSWORD, lang);
  });

  test("the survey page leads to the results: headline, priorities with their CSMBoK topics, trend", async () => {
    await visit(analyst, pathFor("surveys", lang, { org: ORG }));
    await analyst.locator("main table tbody a", { hasText: title[lang] }).first().click();
    await analyst.waitForLoadState("load");
    surveyId = new URL(analyst.url()).pathname.split("/").at(-1) ?? "";
    await Promise.all([
      analyst.waitForURL(/\/(results|resultats)$/),
      analyst.getByRole("link", { name: text[lang].link }).click(),
    ]);
    expect(await h1(analyst)).toBe(text[lang].h1);
    const sqs = Number((await kpi(analyst, 0)).replace(",", "."));
    expect(sqs).toBeGreaterThan(0);
    expect(sqs).toBeLessThan(100);
    const priorities = analyst.locator("section.results-priorities");
    expect(await priorities.getByRole("heading", { level: 2 }).textContent()).toBe(text[lang].priorities);
    expect(await priorities.locator("ol > li h3").count()).toBeGreaterThan(0);
    // The recommendations are plain text until Learn & Certify opens: no dead links.
    expect(await priorities.locator("a").count()).toBe(0);
    expect(await priorities.textContent()).toContain(lang === "en" ? "CSMBoK topics" : "Thèmes du CSMBoK");
    // Three yearly fieldwork waves, and any other journey's responses dated elsewhere (the API's, in March).
    expect(
      await analyst.locator("section[aria-labelledby=results-trend] > .table-wrap tbody tr").count(),
    ).toBeGreaterThanOrEqual(3);
    // Charts drawn on the server: scores, the matrix and the trend, each an image with a text alternative.
    expect(await analyst.locator("main figure.chart svg[role=img]").count()).toBe(3);
    await expectNoAxeViolations(analyst);
    await analyst.screenshot({ path: `${SHOTS}/results-${lang}.png`, fullPage: true });
  });

  test("filtering by language keeps the headline and priorities, on fewer responses", async () => {
    const all = asNumber(await kpi(analyst, 2));
    const form = analyst.locator("main form.results-filters");
    await form.locator("#lang").selectOption("fr");
    await submitNoJs(analyst, form.getByRole("button", { name: text[lang].apply }));
    expect(new URL(analyst.url()).searchParams.get("lang")).toBe("fr");
    expect(await analyst.locator("#lang").inputValue()).toBe("fr");
    const french = asNumber(await kpi(analyst, 2));
    expect(french).toBeGreaterThan(0);
    expect(french).toBeLessThan(all);
    expect(await analyst.locator("section.results-priorities ol > li").count()).toBeGreaterThan(0);
    await expectNoAxeViolations(analyst);
    await analyst.screenshot({ path: `${SHOTS}/results-filtered-${lang}.png`, fullPage: true });
  });

  test("filtering on an answer keeps the model, the charts and the trend, on those who gave it", async () => {
    const path = pathFor("surveyResults", lang, { org: ORG, surveyId });
    await visit(analyst, path);
    const all = asNumber(await kpi(analyst, 2));
    // Those who rated knowledge 4: the cells cannot answer it, so the database sums the responses.
    await visit(analyst, `${path}?q=CORE-KNO-01&a=4`);
    expect(await analyst.locator("#q").inputValue()).toBe("CORE-KNO-01");
    const some = asNumber(await kpi(analyst, 2));
    expect(some).toBeGreaterThan(0);
    expect(some).toBeLessThan(all);
    expect(await analyst.locator("main figure.chart svg[role=img]").count()).toBe(3);
    expect(
      await analyst.locator("section[aria-labelledby=results-trend] > .table-wrap tbody tr").count(),
    ).toBeGreaterThanOrEqual(3);
    await expectNoAxeViolations(analyst);
    await analyst.screenshot({ path: `${SHOTS}/results-answer-${lang}.png`, fullPage: true });
  });

  test("a malformed filter is explained above the unfiltered results", async () => {
    const all = pathFor("surveyResults", lang, { org: ORG, surveyId });
    await visit(analyst, `${all}?from=2026-13&q=NOPE-01`);
    const summary = analyst.getByRole("alert");
    expect(await summary.textContent()).toContain(
      lang === "en" ? "Enter a month as year and month" : "Entrez un mois sous la forme année-mois",
    );
    expect(await analyst.locator(".results-kpis").count()).toBe(1);
    await expectNoAxeViolations(analyst);
    await visit(analyst, `${all}?from=2099-01`);
    expect(await analyst.locator("main").textContent()).toContain(
      lang === "en" ? "No response matches these filters" : "Aucune réponse ne correspond à ces filtres",
    );
  });
});

describe("who may read a survey's results", () => {
  test("a member without results.view is refused, and another organization's member finds nothing", async () => {
    const analyst = await browser.newPage({ javaScript: false });
    await signIn(analyst, "analyst@federal.example", DEMO_PASSWORD);
    await visit(analyst, pathFor("surveys", "en", { org: ORG }));
    const href =
      (await analyst.locator("main table tbody a", { hasText: title.en }).first().getAttribute("href")) ?? "";
    const surveyId = href.split("/").at(-1) ?? "";
    const results = pathFor("surveyResults", "en", { org: ORG, surveyId });
    const learner = await browser.newPage({ javaScript: false });
    await signIn(learner, "learner@federal.example", DEMO_PASSWORD);
    await visit(learner, results, 403);
    const ontario = await browser.newPage({ javaScript: false });
    await signIn(ontario, "admin@ontario.example", DEMO_PASSWORD);
    await visit(ontario, pathFor("surveyResults", "en", { org: "ontario-service-delivery", surveyId }), 404);
    expect(await ontario.locator("main").textContent()).not.toContain(title.en);
  });
});
