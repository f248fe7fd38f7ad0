import { mkdirSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, test } from "vitest";
import { pathFor } from "#app/i18n/paths.ts";
import { windows1252 } from "#tests/support/windows-1252.ts";
import { expectNoAxeViolations } from "./support/axe.ts";
import { h1, type Page, signIn, submitNoJs, useBrowser, visit } from "./support/browser.ts";
import { DEMO_PASSWORD } from "./support/demo.ts";
import { watchServerLog } from "./support/server.ts";

// A designer imports paper responses typed into a spreadsheet by a French
// office: Latin-1, semicolons, French labels, headings of their own, a few
// mistakes. Without JavaScript: upload, match columns, match answers, read
// the errors, upload a corrected file, import, then find the rows in the
// export.

watchServerLog();
const browser = useBrowser();

const ORG = "citizen-services-canada";
const SHOTS = "/tmp/e2e-shots";
const SCRIPT = "<script>alert('pwned')</script>";
let designer: Page;
let surveyId = "";

const op = (page: Page, name: string) => page.locator(`main form:has(input[name="op"][value="${name}"])`);
const intent = (page: Page, name: string) => page.locator(`main form:has(input[name="intent"][value="${name}"])`);

/** The office's file: their own headings, French labels, "Assez satisfait" (no such label) and a mix of channels. */
function officeFile(fixed: boolean): Uint8Array {
  const rows = [
    "Numéro;CORE-OS-01;De quelle façon avez-vous principalement fait affaire avec nous cette fois-ci?;Commentaire;Date de réception;Langue",
    `1;Très satisfait;Par téléphone;"Très bon service; merci";2026-03-02;fr`,
    `2;Assez satisfait;Au comptoir;${SCRIPT};2026-03-03;FR`,
    `3;${fixed ? "Insatisfait" : "7"};<b>En ligne</b>;"L’attente était longue";${fixed ? "2026-03-04" : "31/02/2026"};fr`,
    ";;;;;",
    "4;Sans objet;par téléphone;;2026-03-05;en",
  ];
  return windows1252(rows.join("\r\n"));
}

async function upload(page: Page, file: Uint8Array, form = page.locator("main form:has(input[type=file])")) {
  await form
    .locator("input[type=file]")
    .setInputFiles({ name: "bureau-est.csv", mimeType: "text/csv", buffer: Buffer.from(file) });
  return submitNoJs(page, form.locator("button[type=submit]"));
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  designer = await browser.newPage({ javaScript: false, lang: "fr" });
  await signIn(designer, "designer@federal.example", DEMO_PASSWORD, "fr");
  await visit(designer, pathFor("surveyNew", "fr", { org: ORG }));
  await designer.fill("#titleEn", "Counter service, east office");
  await designer.fill("#titleFr", "Service au comptoir, bureau est");
  await designer.fill("#serviceEn", "Counter service");
  await designer.fill("#serviceFr", "Service au comptoir");
  await designer.check("#channels");
  await submitNoJs(designer, designer.locator("main form button[type=submit]"));
  surveyId = new URL(designer.url()).pathname.split("/").at(-1) ?? "";
  const page2 = op(designer, "addPage");
  await page2.locator("#titleEn").fill("Your visit");
  await page2.locator("#titleFr").fill("Votre visite");
  await submitNoJs(designer, page2.getByRole("button"));
  for (const code of ["SUP-CTX-03", "SUP-TXT-01"]) {
    const form = op(designer, "addQuestion");
    await form.locator("#questionCode").fill(code);
    await form.locator("#pageKey").selectOption("p2");
    await submitNoJs(designer, form.getByRole("button"));
  }
  await submitNoJs(designer, op(designer, "publish").getByRole("button"));
  expect(new URL(designer.url()).searchParams.get("done")).toBe("published");
});

describe("importing a messy spreadsheet, without JavaScript, in French", () => {
  test("the survey page leads to the import, which reads the Latin-1 file", async () => {
    await visit(designer, pathFor("survey", "fr", { org: ORG, surveyId }));
    await Promise.all([
      designer.waitForURL(/\/importer$/),
      designer.getByRole("link", { name: "Importer des réponses à partir d’un fichier" }).click(),
    ]);
    expect(await h1(designer)).toBe("Importer des réponses");
    const response = await upload(designer, officeFile(false));
    expect(response.status()).toBe(200);
    expect(await h1(designer)).toBe("Associer les colonnes aux questions");
    const main = await designer.locator("main").innerText();
    expect(main).toContain("Windows Latin-1 (Windows-1252) · séparé par des points-virgules");
    expect(main).toContain("Très satisfait");
    await expectNoAxeViolations(designer);
    // Before the rows are checked there is no error report: a translated refusal, not a cut-off file.
    const early = await designer.request.get(`${designer.url()}?download=errors`);
    expect(early.status()).toBe(409);
    expect(await early.text()).toContain("Le rapport d’erreurs est prêt une fois les lignes vérifiées");
  });

  test("columns are matched by code and wording; the rest by hand", async () => {
    expect(await designer.locator("#col_0").inputValue()).toBe("ignore");
    expect(await designer.locator("#col_1").inputValue()).toBe("q:CORE-OS-01");
    expect(await designer.locator("#col_2").inputValue()).toBe("q:SUP-CTX-03");
    expect(await designer.locator("#col_5").inputValue()).toBe("lang");
    await designer.screenshot({ path: `${SHOTS}/import-mapping-fr.png`, fullPage: true });
    // Two columns for one question: refused, with the column named.
    await designer.locator("#col_3").selectOption("q:CORE-OS-01");
    const refused = await submitNoJs(designer, intent(designer, "mapping").locator("button[type=submit]"));
    expect(refused.status()).toBe(400);
    const summary = designer.getByRole("alert");
    expect(await summary.innerText()).toContain(
      "Colonne D\u00a0: Commentaire\u00a0: Ce choix est déjà fait pour une autre colonne.",
    );
    await expectNoAxeViolations(designer);
    await designer.locator("#col_3").selectOption("q:SUP-TXT-01");
    await designer.locator("#col_4").selectOption("submittedAt");
    const saved = await submitNoJs(designer, intent(designer, "mapping").locator("button[type=submit]"));
    expect(saved.status()).toBe(200);
    expect(await h1(designer)).toBe("Associer les réponses aux codes");
  });

  test("answers are matched from their French labels; the others by hand, markup shown as text", async () => {
    const value = (label: string) => designer.getByLabel(label, { exact: true });
    expect(await value("Très satisfait").inputValue()).toBe("5");
    expect(await value("Sans objet").inputValue()).toBe("na");
    expect(await value("Par téléphone").inputValue()).toBe("telephone");
    expect(await value("par téléphone").inputValue()).toBe("telephone");
    expect(await value("Assez satisfait").inputValue()).toBe("");
    expect(await value("<b>En ligne</b>").inputValue()).toBe("");
    expect(await designer.locator("main b").count()).toBe(0);
    await value("Assez satisfait").selectOption("4");
    await value("Au comptoir").selectOption("in_person");
    await value("<b>En ligne</b>").selectOption("online");
    await expectNoAxeViolations(designer);
    await submitNoJs(designer, intent(designer, "recoding").locator("button[type=submit]"));
    expect(await h1(designer)).toBe("Vérifier les lignes");
  });

  test("the dry run lists the errors with their spreadsheet rows, and nothing can be imported", async () => {
    const main = await designer.locator("main").innerText();
    expect(main).toContain("Lignes comportant des erreurs\u00a0: 1.");
    const rows = await designer.locator("main table").last().locator("tbody tr").allInnerTexts();
    expect(rows.map((r) => r.split("\t").slice(0, 2).join(" | "))).toEqual([
      "4 | Colonne B\u00a0: CORE-OS-01",
      "4 | Colonne E\u00a0: Date de réception",
    ]);
    expect(main).toContain("Ce n’est pas l’un des codes de réponse de la question.");
    expect(await intent(designer, "commit").count()).toBe(0);
    const download = await designer.request.get(`${new URL(designer.url()).pathname}?download=errors`);
    expect(download.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    const records: string[][] = parse(await download.body(), { bom: true });
    expect(records[0]).toEqual(["Ligne", "Colonne", "En-tête", "Question", "Valeur", "Problème"]);
    expect(records.slice(1).map((r) => [r[0], r[1], r[4]])).toEqual([
      ["4", "B", "7"],
      ["4", "E", "31/02/2026"],
    ]);
    await designer.screenshot({ path: `${SHOTS}/import-report-errors-fr.png`, fullPage: true });
    await expectNoAxeViolations(designer);
  });

  test("a corrected file keeps the matching; the import writes every row once", async () => {
    const form = intent(designer, "replace");
    await upload(designer, officeFile(true), form);
    expect(await h1(designer)).toBe("Associer les réponses aux codes");
    expect(await designer.getByLabel("Assez satisfait", { exact: true }).inputValue()).toBe("4");
    await submitNoJs(designer, intent(designer, "recoding").locator("button[type=submit]"));
    expect(await designer.locator("main").innerText()).toContain(
      "Toutes les lignes peuvent être importées. Réponses prêtes\u00a0: 4.",
    );
    await designer.screenshot({ path: `${SHOTS}/import-report-ready-fr.png`, fullPage: true });
    const done = await submitNoJs(designer, designer.getByRole("button", { name: "Importer les réponses (4)" }));
    expect(done.status()).toBe(200);
    expect(await h1(designer)).toBe("Réponses importées");
    expect(await designer.locator("main").innerText()).toContain("Réponses importées\u00a0: 4.");
    // Reloading the result, or posting the commit again, adds nothing.
    const again = await designer.request.post(new URL(designer.url()).pathname, {
      form: { _csrf: await designer.locator('input[name="_csrf"]').first().inputValue(), intent: "commit" },
      maxRedirects: 0,
    });
    expect(again.status()).toBe(302);
    await Promise.all([
      designer.waitForURL(/\/diffusion$/),
      designer.getByRole("link", { name: "Voir les réponses au sondage" }).click(),
    ]);
    expect(await designer.locator("dl.summary-list dd").first().innerText()).toMatch(/^4\b/);
  });

  test("the export has the imported rows, free text as it was written", async () => {
    const path = pathFor("surveyExport", "en", { org: ORG, surveyId });
    const file = await designer.request.get(`${path}?format=csv&values=labels&labels=fr`);
    const records: Record<string, string>[] = parse(await file.body(), { bom: true, columns: true });
    expect(records).toHaveLength(4);
    expect(records.every((r) => r.channel === "import" && r.status === "complete" && r.version === "1")).toBe(true);
    const byDate = new Map(records.map((r) => [r.submitted_at?.slice(0, 10), r]));
    expect(byDate.get("2026-03-02")).toMatchObject({
      "CORE-OS-01": "Très satisfait",
      "SUP-TXT-01": "Très bon service; merci",
      lang: "fr",
    });
    expect(byDate.get("2026-03-03")).toMatchObject({
      "CORE-OS-01": "Satisfait",
      "SUP-CTX-03": "En personne",
      "SUP-TXT-01": SCRIPT,
    });
    expect(byDate.get("2026-03-04")?.["SUP-TXT-01"]).toBe("L’attente était longue");
    expect(byDate.get("2026-03-05")).toMatchObject({ "CORE-OS-01": "Sans objet", lang: "en" });
  });
});
