import { beforeAll, describe, expect, test } from "vitest";
import { type Lang, pathFor } from "#app/i18n/paths.ts";
import { expectNoAxeViolations } from "./support/axe.ts";
import { h1, type Page, signIn, submitNoJs, useBrowser, visit } from "./support/browser.ts";
import { DEMO_PASSWORD } from "./support/demo.ts";
import { watchServerLog } from "./support/server.ts";

// With JavaScript off: an analyst sees where the passport survey stands among
// its demo peers, and that the call centre's comparison is withheld (too few
// peers); a designer says which service a survey measures; the organization's
// admin stops taking part, sees nothing, and takes part again. Another
// organization's admin gets a 404.

watchServerLog();
const browser = useBrowser();

const ORG = "citizen-services-canada";
let analyst: Page;
let designer: Page;
let admin: Page;
let passports = "";
let phone = "";

async function surveyIdOf(page: Page, title: string): Promise<string> {
  await visit(page, pathFor("surveys", "en", { org: ORG }));
  const href = await page.getByRole("link", { name: title, exact: true }).getAttribute("href");
  return decodeURIComponent(href?.split("/").at(-1) ?? "");
}

const benchmarkOf = (surveyId: string, lang: Lang) => pathFor("surveyBenchmark", lang, { org: ORG, surveyId });

beforeAll(async () => {
  analyst = await browser.newPage({ javaScript: false });
  designer = await browser.newPage({ javaScript: false });
  admin = await browser.newPage({ javaScript: false });
  await signIn(analyst, "analyst@federal.example", DEMO_PASSWORD);
  await signIn(designer, "designer@federal.example", DEMO_PASSWORD);
  await signIn(admin, "admin@federal.example", DEMO_PASSWORD);
  passports = await surveyIdOf(analyst, "Passport services – in person");
  phone = await surveyIdOf(analyst, "Benefits call centre – telephone");
  expect(passports).toMatch(/^[0-9a-f-]{36}$/);
});

describe("benchmarking, without JavaScript", () => {
  test.each(["en", "fr"] as const)("%s: the passport survey stands among its peers", async (lang) => {
    await visit(analyst, benchmarkOf(passports, lang));
    expect(await h1(analyst)).toBe(lang === "en" ? "Benchmark" : "Étalonnage");
    const main = analyst.locator("main");
    const summary = await main.innerText();
    expect(summary).toContain(lang === "en" ? "the median of its 6 peers" : "la médiane de ses 6 homologues");
    expect(await main.locator("table.benchmark-table caption").count()).toBe(3);
    // The chart: an image with its summary, and its numbers as a table.
    expect(await main.locator('figure.chart--benchmark svg[role="img"]').count()).toBe(1);
    expect(await main.locator("figure.chart--benchmark figcaption").innerText()).toContain(
      lang === "en" ? "Bar: the middle half of peers" : "Barre\u00a0: la moitié centrale des homologues",
    );
    const overall = main.locator("tbody tr", { hasText: "CORE-OS-01" });
    const cells = await overall.locator("td").allInnerTexts();
    expect(cells).toHaveLength(6);
    expect(cells[5]?.trim()).toBe("6");
    expect(cells[2]).toMatch(/^\d+[.,]\d$/);
    // Placed against the published quartiles only: no rank among peers (decision 0039).
    const bands =
      lang === "en"
        ? /^(Below the 1st quartile|Between the 1st quartile and the median|At the median|Between the median and the 3rd quartile|Above the 3rd quartile)$/
        : /^(Sous le 1er quartile|Entre le 1er quartile et la médiane|À la médiane|Entre la médiane et le 3e quartile|Au-dessus du 3e quartile)$/;
    expect(cells[4]?.trim()).toMatch(bands);
    expect(summary).toContain(lang === "en" ? "It stands " : "Il se situe ");
    expect(summary).not.toMatch(/percentile|centile/i);
    // No one may change the service type but a designer.
    expect(await main.locator('select[name="serviceType"]').count()).toBe(0);
    await expectNoAxeViolations(analyst, benchmarkOf(passports, lang));
    if (lang === "en") {
      await analyst.screenshot({ path: "/tmp/benchmark-passport-en.png", fullPage: true });
      await main.locator("figure.chart--benchmark").screenshot({ path: "/tmp/benchmark-chart-en.png" });
    }
  });

  test.each(["en", "fr"] as const)("%s: the call centre's comparison is withheld: too few peers", async (lang) => {
    await visit(analyst, benchmarkOf(phone, lang));
    const text = await analyst.locator("main").innerText();
    expect(text).toContain(
      lang === "en" ? "Not shown: fewer than 5 peers." : "Non affiché\u00a0: moins de 5 homologues.",
    );
    expect(await analyst.locator("main tbody td.num", { hasText: /^\d+[.,]\d$/ }).count()).toBeGreaterThan(0);
    await expectNoAxeViolations(analyst, benchmarkOf(phone, lang));
  });

  test("a designer says which service a survey measures", async () => {
    await visit(designer, benchmarkOf(phone, "fr"));
    const form = designer.locator('main form:has(select[name="serviceType"])');
    expect(await form.locator("select").inputValue()).toBe("benefits_payments");
    await form.locator("select").selectOption("information_enquiries");
    await submitNoJs(designer, form.locator('button[type="submit"]'));
    expect(new URL(designer.url()).pathname).toBe(benchmarkOf(phone, "fr"));
    expect(await designer.getByRole("status").innerText()).toContain("Le type de service est enregistré.");
    expect(await designer.locator("main dl").innerText()).toContain("Information et renseignements");
    await designer.screenshot({ path: "/tmp/benchmark-designer-fr.png", fullPage: true });
    await designer.locator('main form select[name="serviceType"]').selectOption("benefits_payments");
    await submitNoJs(designer, designer.locator('main form:has(select[name="serviceType"]) button[type="submit"]'));
    expect(await designer.locator("main dl").innerText()).toContain("Prestations et paiements");
  });

  test("the admin stops taking part, sees nothing, and takes part again", async () => {
    for (const lang of ["en", "fr"] as const) {
      await visit(admin, pathFor("orgBenchmarking", lang, { org: ORG }));
      await expectNoAxeViolations(admin, pathFor("orgBenchmarking", lang, { org: ORG }));
      if (lang === "fr") await admin.screenshot({ path: "/tmp/benchmarking-settings-fr.png", fullPage: true });
    }
    await visit(admin, pathFor("orgBenchmarking", "en", { org: ORG }));
    expect(await admin.locator("main").innerText()).toContain("has taken part in benchmarking since");
    await submitNoJs(admin, admin.getByRole("button", { name: "Stop taking part" }));
    expect(await admin.getByRole("status").innerText()).toContain("no longer takes part");
    await expectNoAxeViolations(admin, "benchmarking page after opting out");

    await visit(admin, benchmarkOf(passports, "en"));
    const text = await admin.locator("main").innerText();
    expect(text).toContain("does not take part in benchmarking");
    expect(await admin.locator("main table").count()).toBe(0);
    await expectNoAxeViolations(admin, "benchmark while not taking part");

    await visit(admin, pathFor("orgBenchmarking", "en", { org: ORG }));
    await submitNoJs(admin, admin.getByRole("button", { name: "Take part in benchmarking" }));
    expect(await admin.getByRole("status").innerText()).toContain("now takes part");
    await visit(admin, benchmarkOf(passports, "en"));
    expect(await admin.locator("main table.benchmark-table").count()).toBe(3);
  });

  test("another organization's admin gets a 404, and an analyst cannot open the opt-in page", async () => {
    const ontario = await browser.newPage({ javaScript: false });
    await signIn(ontario, "admin@ontario.example", DEMO_PASSWORD);
    await visit(ontario, benchmarkOf(passports, "en"), 404);
    await visit(analyst, pathFor("orgBenchmarking", "en", { org: ORG }), 403);
  });
});
