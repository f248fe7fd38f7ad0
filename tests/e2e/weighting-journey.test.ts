import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { pathFor } from "#app/i18n/paths.ts";
import { windows1252 } from "#tests/support/windows-1252.ts";
import { expectNoAxeViolations } from "./support/axe.ts";
import { h1, type Page, signIn, submitNoJs, useBrowser, visit } from "./support/browser.ts";
import { DEMO_PASSWORD } from "./support/demo.ts";
import { watchServerLog } from "./support/server.ts";

// A designer weights the demo call-centre survey to its population, without
// JavaScript: a file with mistakes is refused and named line by line, a
// French office's Latin-1 file previews the weights' spread, saving makes
// results weighted, the margins download as CSV, an analyst may only look,
// another organization sees nothing, and removing the weighting ends it (the
// demo survey is left as it was found, for the other journeys).

watchServerLog();
const browser = useBrowser();

const ORG = "citizen-services-canada";
const TITLE = "Benefits call centre – telephone";
const SHOTS = "/tmp/e2e-shots";
let designer: Page;
let surveyId = "";
let here = "";

const main = (page: Page) => page.locator("main").innerText();
const intentForm = (page: Page, intent: string) =>
  page.locator(`main form:has(input[name="intent"][value="${intent}"])`);

async function upload(page: Page, name: string, bytes: Uint8Array) {
  const form = intentForm(page, "upload");
  await form.locator("input[type=file]").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(bytes) });
  return submitNoJs(page, form.locator("button[type=submit]"));
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  designer = await browser.newPage({ javaScript: false });
  await signIn(designer, "designer@federal.example", DEMO_PASSWORD);
  await visit(designer, pathFor("surveys", "en", { org: ORG }));
  await Promise.all([
    designer.waitForURL(/surveys\/[0-9a-f-]{36}$/),
    designer.getByRole("link", { name: TITLE }).click(),
  ]);
  surveyId = new URL(designer.url()).pathname.split("/").at(-1) ?? "";
  here = pathFor("surveyWeighting", "en", { org: ORG, surveyId });
});

afterAll(async () => {
  // Whatever happened above, the demo survey goes back to unweighted.
  await visit(designer, here);
  const clear = intentForm(designer, "clear");
  if ((await clear.count()) > 0) await submitNoJs(designer, clear.getByRole("button"));
});

describe("weighting a survey's results, without JavaScript", () => {
  test("the survey page leads to the weighting page, unweighted so far", async () => {
    await Promise.all([
      designer.waitForURL((u) => u.pathname === here),
      designer.getByRole("link", { name: "Weighting to the population" }).click(),
    ]);
    expect(await h1(designer)).toBe("Weighting");
    const text = await main(designer);
    expect(text).toContain("Not weighted: results count every response equally.");
    expect(text).toContain("Language of the response (code lang)");
    expect(text).toContain("How the response was collected (code channel)");
  });

  test("a file with mistakes is refused, each named, and nothing is saved", async () => {
    const file = "variable,category,share\nlang,en,80\nlang,fr,30\nchannel,staff,lots\nregion,north,100\n";
    const response = await upload(designer, "margins.csv", new TextEncoder().encode(file));
    expect(response.status()).toBe(400);
    const summary = designer.locator(".error-summary");
    await expect.poll(() => summary.innerText()).toContain("Line 4: the share “lots” is not a number.");
    await upload(designer, "margins.csv", new TextEncoder().encode("lang,en,80\nlang,fr,30\nregion,north,100\n"));
    const text = await summary.innerText();
    expect(text).toContain("“region” is not a variable this survey can be weighted on.");
    expect(text).toContain("Language of the response: the shares add up to 110 %");
    await designer.screenshot({ path: `${SHOTS}/weighting-errors-en.png` });
    await expectNoAxeViolations(designer, "weighting, refused file");
    await visit(designer, here);
    expect(await main(designer)).toContain("Not weighted");
  });

  test("typed shares preview the weights", async () => {
    const form = intentForm(designer, "form");
    await form.getByLabel("English, % of the population").fill("78");
    await form.getByLabel("French, % of the population").fill("22");
    const response = await submitNoJs(designer, form.getByRole("button"));
    expect(response.status()).toBe(200);
    expect(await main(designer)).toContain("Preview: what these margins do");
    // The form keeps what was typed.
    expect(await intentForm(designer, "form").getByLabel("English, % of the population").inputValue()).toBe("78");
  });

  test("a French office's Latin-1, semicolon file previews the spread of the weights", async () => {
    const file =
      "Variable;Catégorie;Part\r\nlang;en;78 %\r\nlang;fr;22 %\r\nchannel;staff;40\r\nchannel;invitation;35\r\nchannel;web;25\r\n";
    const response = await upload(designer, "marges.csv", windows1252(file));
    expect(response.status()).toBe(200);
    const preview = designer.locator("section.weighting-preview");
    const text = await preview.innerText();
    for (const label of [
      "Smallest weight",
      "Largest weight",
      "Largest ÷ smallest",
      "Design effect (Kish, 1 + CV²)",
      "Effective sample size",
      "Converged after",
      "Responses by weight (average weight = 1)",
      "Overall satisfaction, unweighted and weighted",
    ])
      expect(text).toContain(label);
    expect(await preview.locator("table caption", { hasText: "How the response was collected" }).count()).toBe(1);
    await designer.screenshot({ path: `${SHOTS}/weighting-preview-en.png`, fullPage: true });
    await expectNoAxeViolations(designer, "weighting preview");
  });

  test("saving weights the results, and the margins download as CSV", async () => {
    await submitNoJs(designer, intentForm(designer, "save").getByRole("button"));
    expect(new URL(designer.url()).searchParams.get("done")).toBe("saved");
    const text = await main(designer);
    expect(text).toContain("The margins are saved. Results are now weighted.");
    expect(text).toContain("Weighted on: Language of the response, How the response was collected");
    expect(text).toContain("Current weighting");
    const href = await designer.getByRole("link", { name: "Download the margins (CSV)" }).getAttribute("href");
    const file = await designer.request.get(href ?? "");
    expect(file.status()).toBe(200);
    expect(file.headers()["content-type"]).toMatch(/^text\/csv/);
    expect(file.headers()["content-disposition"]).toMatch(
      /attachment; filename="benefits-call-centre-telephone-margins-/,
    );
    const csv = (await file.text()).replace(/^\ufeff/, "");
    expect(csv.split("\r\n").slice(0, 3)).toEqual(["variable,category,share", "lang,en,78", "lang,fr,22"]);
    expect(csv).toContain("channel,staff,40\r\n");
  });

  test("the French page, weighted, is translated and accessible", async () => {
    await visit(designer, pathFor("surveyWeighting", "fr", { org: ORG, surveyId }));
    expect(await h1(designer)).toBe("Pondération");
    const text = await main(designer);
    expect(text).toContain("Pondération selon\u00a0: Langue de la réponse, Mode de collecte de la réponse");
    expect(text).toContain("Effet de plan (Kish, 1 + CV²)");
    await designer.screenshot({ path: `${SHOTS}/weighting-current-fr.png`, fullPage: true });
    await expectNoAxeViolations(designer, "pondération");
  });

  test("an analyst sees the weighting and may preview, but not save or remove it", async () => {
    const analyst = await browser.newPage({ javaScript: false });
    await signIn(analyst, "analyst@federal.example", DEMO_PASSWORD);
    await visit(analyst, here);
    expect(await main(analyst)).toContain("Current weighting");
    expect(await intentForm(analyst, "clear").count()).toBe(0);
    const form = intentForm(analyst, "form");
    await form.getByLabel("English, % of the population").fill("50");
    await form.getByLabel("French, % of the population").fill("50");
    await form.getByLabel("Keyed in by staff, % of the population").fill("");
    await form.getByLabel("E-mail invitation, % of the population").fill("");
    await form.getByLabel("Public link, % of the population").fill("");
    await submitNoJs(analyst, form.getByRole("button"));
    expect(await main(analyst)).toContain("Only survey designers and organization administrators can save margins.");
    expect(await intentForm(analyst, "save").count()).toBe(0);
  });

  test("another organization's member gets a 404", async () => {
    const ontario = await browser.newPage({ javaScript: false });
    await signIn(ontario, "admin@ontario.example", DEMO_PASSWORD);
    await visit(ontario, pathFor("surveyWeighting", "en", { org: "ontario-service-delivery", surveyId }), 404);
    await visit(ontario, here, 404);
    await visit(ontario, `${here}?format=csv`, 404);
  });

  test("removing the weighting makes results unweighted again", async () => {
    await visit(designer, here);
    await submitNoJs(designer, intentForm(designer, "clear").getByRole("button"));
    expect(new URL(designer.url()).searchParams.get("done")).toBe("cleared");
    expect(await main(designer)).toContain("Not weighted: results count every response equally.");
  });
});
