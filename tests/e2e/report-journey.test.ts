import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, test } from "vitest";
import { pathFor } from "#app/i18n/paths.ts";
import { expectNoAxeViolations } from "./support/axe.ts";
import { type Page, signIn, submitNoJs, useBrowser, visit } from "./support/browser.ts";
import { DEMO_PASSWORD } from "./support/demo.ts";
import { HttpSession } from "./support/http.ts";
import { watchServerLog } from "./support/server.ts";

// An analyst takes a survey's report without JavaScript: from the survey's
// page to the report page, the PDF in French, the workbook and the CSV, then
// asks for it by e-mail after each wave and stops. Another organization's
// admin gets 404 for the file as for the page.

watchServerLog();
const browser = useBrowser();
const ORG = "citizen-services-canada";
let analyst: Page;
let surveyId = "";

beforeAll(async () => {
  analyst = await browser.newPage({ javaScript: false });
  await signIn(analyst, "analyst@federal.example", DEMO_PASSWORD, "fr");
  await visit(analyst, pathFor("surveys", "fr", { org: ORG }));
  await analyst.locator("main table tbody a", { hasText: "Services de passeport – en personne" }).first().click();
  surveyId = new URL(analyst.url()).pathname.split("/").at(-1) ?? "";
  expect(surveyId).toMatch(/^[0-9a-f-]{36}$/);
});

/** The URL the report page's GET form would load with these choices. */
async function formUrl(page: Page, choices: Record<string, string>) {
  const form = page.locator('main form[method="get"]');
  for (const [name, value] of Object.entries(choices)) {
    const radio = form.locator(`input[name="${name}"][value="${value}"]`);
    if ((await radio.count()) > 0) await radio.check();
    else await form.locator(`[name="${name}"]`).selectOption(value);
  }
  const params = await form.evaluate((f) =>
    new URLSearchParams(new FormData(f as HTMLFormElement) as unknown as Record<string, string>).toString(),
  );
  return `${new URL(page.url()).pathname}?${params}`;
}

describe("a survey's report", () => {
  test("is linked from the survey and downloads as PDF, Excel and CSV, in the chosen language", async () => {
    await analyst.getByRole("link", { name: "Rapport (PDF, Excel, CSV)" }).click();
    expect(new URL(analyst.url()).pathname).toBe(pathFor("surveyReport", "fr", { org: ORG, surveyId }));
    await expectNoAxeViolations(analyst, "report page (fr)");

    const pdf = await analyst.request.get(await formUrl(analyst, { format: "pdf", language: "fr" }));
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect(pdf.headers()["content-disposition"]).toMatch(
      /^attachment; filename="services-de-passeport-en-personne-rapport-\d{4}-\d{2}-\d{2}\.pdf"$/,
    );
    const bytes = await pdf.body();
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(bytes.toString("latin1")).toContain("/Lang (fr-CA)");

    const xlsx = await analyst.request.get(await formUrl(analyst, { format: "xlsx", language: "both", version: "1" }));
    expect(xlsx.status()).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual([
      "Summary",
      "Scores",
      "Drivers",
      "Priorities",
      "Sommaire",
      "Notes",
      "Facteurs",
      "Priorités",
    ]);
    const summary = book.getWorksheet("Sommaire");
    const included = summary?.getColumn(1).values.find((v) => String(v).startsWith("Réponses incluses"));
    expect(String(included)).toContain("version 1");

    const csv = await analyst.request.get(await formUrl(analyst, { format: "csv", language: "en", version: "" }));
    expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    expect(csv.headers()["content-disposition"]).toMatch(/services-de-passeport-en-personne-notes-/);
    const rows = parse(await csv.body(), { bom: true }) as string[][];
    expect(rows[0]?.slice(0, 4)).toEqual(["Code", "Question", "n", "Score"]);
    expect(rows.some((r) => r[0] === "CORE-OS-01")).toBe(true);

    const bilingualCsv = await analyst.request.get(await formUrl(analyst, { format: "csv", language: "both" }));
    expect(bilingualCsv.headers()["content-type"]).toMatch(/^text\/html/);
    expect(await bilingualCsv.text()).toContain("Un fichier CSV est dans une seule langue");
  });

  test("comes by e-mail after each wave once asked, and stops when asked", async () => {
    await visit(analyst, pathFor("surveyReport", "en", { org: ORG, surveyId }));
    const form = analyst.locator('main form:has(input[name="intent"][value="subscribe"])');
    await form.locator('input[name="lang"][value="fr"]').check();
    await form.locator('input[name="formats"][value="xlsx"]').check();
    await submitNoJs(analyst, form.locator('button[type="submit"]'));
    const main = analyst.locator("main");
    expect(await main.innerText()).toContain("You will receive this report by email after each wave.");
    expect(await main.innerText()).toContain("You receive this report in French, as PDF, Excel.");
    await expectNoAxeViolations(analyst, "report page after subscribing (en)");
    await submitNoJs(analyst, analyst.getByRole("button", { name: "Stop emailing me this report" }));
    expect(await main.innerText()).toContain("You do not receive this report by email.");
  });

  test("is not found for another organization's admin, as a page or a file", async () => {
    const outsider = new HttpSession();
    await outsider.signIn("admin@ontario.example", DEMO_PASSWORD);
    const page = pathFor("surveyReport", "en", { org: ORG, surveyId });
    expect((await outsider.get(page)).status).toBe(404);
    expect((await outsider.get(`${page}?format=pdf&language=en`)).status).toBe(404);
  });
});
