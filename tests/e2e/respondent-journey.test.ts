import type { Request } from "playwright-core";
import { beforeAll, describe, expect, test } from "vitest";
import { pathFor } from "#app/i18n/paths.ts";
import { expectNoAxeViolations } from "./support/axe.ts";
import { h1, type Page, signIn, submitNoJs, useBrowser, visit } from "./support/browser.ts";
import { DEMO_PASSWORD } from "./support/demo.ts";
import { watchServerLog } from "./support/server.ts";

// A designer builds a "kitchen-sink" survey with every question type, skip
// logic and a required question, and publishes it. A respondent answers it in
// French on a phone-sized screen with JavaScript off: errors GOV.UK-style, a
// language switch that keeps answers, save and resume by code, Enter meaning
// Continue, a submit that cannot count twice. axe on every page; each page
// under 50 KB transferred.

watchServerLog();
const browser = useBrowser();

const ORG = "citizen-services-canada";
const BUDGET = 50 * 1024;
let designer: Page;
let surveyId = "";
let publicKey = "";
let completeBefore = 0;

const op = (page: Page, name: string) => page.locator(`main form:has(input[name="op"][value="${name}"])`);

async function addQuestion(code: string, pageKey: string) {
  const form = op(designer, "addQuestion");
  await form.locator("#questionCode").fill(code);
  await form.locator("#pageKey").selectOption(pageKey);
  const response = await submitNoJs(designer, form.getByRole("button"));
  expect(response.status(), `add ${code}`).toBe(200);
  expect(new URL(designer.url()).searchParams.get("done")).toBe("saved");
}

async function addPage(titleEn: string, titleFr: string) {
  const form = op(designer, "addPage");
  await form.locator("#titleEn").fill(titleEn);
  await form.locator("#titleFr").fill(titleFr);
  await submitNoJs(designer, form.getByRole("button"));
}

async function completeCount(): Promise<number> {
  await visit(designer, pathFor("surveyDistribution", "en", { org: ORG, surveyId }));
  const text = await designer.locator("dl.summary-list dd").first().innerText();
  return Number(text.split(" ")[0]?.replace(/\D/g, ""));
}

/** Bytes on the wire for everything a navigation loads: the document, its stylesheet, any fonts. */
function trackTransfer(page: Page) {
  const requests: Request[] = [];
  page.on("requestfinished", (r) => requests.push(r));
  return async () => {
    const sizes = await Promise.all(requests.splice(0).map((r) => r.sizes()));
    return sizes.reduce((n, s) => n + s.responseBodySize + s.responseHeadersSize, 0);
  };
}

const fontsLoaded = (page: Page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .map((e) => e.name)
      .filter((n) => n.endsWith(".woff2")),
  );

beforeAll(async () => {
  designer = await browser.newPage({ javaScript: false });
  await signIn(designer, "designer@federal.example", DEMO_PASSWORD);
  await visit(designer, pathFor("surveyNew", "en", { org: ORG }));
  await designer.fill("#titleEn", "Every question type");
  await designer.fill("#titleFr", "Tous les types de questions");
  await designer.fill("#serviceEn", "Demonstration");
  await designer.fill("#serviceFr", "Démonstration");
  await designer.check("#channels");
  await submitNoJs(designer, designer.locator("main form button[type=submit]"));
  surveyId = new URL(designer.url()).pathname.split("/").at(-1) ?? "";
  await addPage("About your visit", "Votre visite");
  for (const code of ["SUP-OVR-01", "SUP-CTX-03", "SUP-CTX-04", "SUP-CTX-01", "SUP-CTX-08", "SUP-CTX-02"]) {
    await addQuestion(code, "p2");
  }
  await addPage("The telephone line", "La ligne téléphonique");
  await addQuestion("SUP-TEL-04", "p3");
  await addQuestion("SUP-TXT-01", "p3");
  await submitNoJs(designer, designer.getByRole("button", { name: "Make SUP-CTX-03 required" }));
  // Skip logic: the transfer question only for people who phoned.
  const logic = designer.locator("details.show-if", { hasText: "Show SUP-TEL-04 only if" });
  await logic.locator("summary").click();
  const channel = logic.getByRole("group", { name: /^SUP-CTX-03 / });
  await channel.getByLabel("By telephone").check();
  await channel.getByLabel("By mail").check();
  await submitNoJs(designer, logic.getByRole("button", { name: "Save the condition" }));
  expect(await designer.locator("main").innerText()).toContain("Asked only if SUP-CTX-03 is: By telephone, By mail");
  // Three driver questions of page 1 as one grid.
  const grid = designer.locator("details.show-if", { hasText: "Show questions of page 1 as a grid" });
  await grid.locator("summary").click();
  for (const code of ["CORE-TIM-01", "CORE-KNO-01", "CORE-COU-01"]) {
    await grid.getByLabel(new RegExp(`^${code} `)).check();
  }
  await grid.getByLabel("Grid introduction (English)").fill("How satisfied were you with the following?");
  await grid
    .getByLabel("Grid introduction (French)")
    .fill("Dans quelle mesure étiez-vous satisfait des éléments suivants?");
  await submitNoJs(designer, grid.getByRole("button", { name: "Make a grid" }));
  expect(await designer.locator("li.survey-grid li").count()).toBe(3);
  await expectNoAxeViolations(designer);
  await submitNoJs(designer, op(designer, "publish").getByRole("button"));
  expect(new URL(designer.url()).searchParams.get("done")).toBe("published");
  await visit(designer, pathFor("surveyDistribution", "en", { org: ORG, surveyId }));
  publicKey = ((await designer.locator("dd.resume-link").first().innerText()).trim().split("/").at(-1) ?? "").trim();
  expect(publicKey).toMatch(/^[0-9a-f]{12}$/);
  completeBefore = await completeCount();
});

describe("answering a survey on a phone, in French, without JavaScript", () => {
  let phone: Page;
  let transferred: () => Promise<number>;
  let resumeCode = "";

  test("the start page and the first page of questions", async () => {
    phone = await browser.newPage({ javaScript: false, viewport: { width: 375, height: 740 } });
    transferred = trackTransfer(phone);
    await visit(phone, pathFor("respondStart", "fr", { key: publicKey }));
    expect(await h1(phone)).toBe("Tous les types de questions");
    // The organization asking is named on every respondent page, in the page's language.
    expect(await phone.locator("header .brand").innerText()).toBe("Services aux citoyens Canada");
    expect(await phone.locator("script").count()).toBe(0);
    // System fonts only: no web font is worth a third of the budget.
    expect(await fontsLoaded(phone)).toEqual([]);
    expect(await transferred()).toBeLessThan(BUDGET);
    await expectNoAxeViolations(phone);
    await submitNoJs(phone, phone.locator("main").getByRole("button", { name: "Commencer le sondage", exact: true }));
    expect(await h1(phone)).toBe("Votre expérience du service");
    expect(await phone.locator("header .brand").innerText()).toBe("Services aux citoyens Canada");
    expect(await phone.locator(".progress-label").innerText()).toBe("Page 1 de 3");
    const grid = phone.getByRole("group", { name: "Dans quelle mesure étiez-vous satisfait des éléments suivants?" });
    expect(await grid.locator("fieldset").count()).toBe(3);
    // Each radio keeps a full name of its own: the row's question is its fieldset's legend.
    expect(await grid.locator("fieldset").first().getByRole("radio", { name: "4 – Satisfait" }).count()).toBe(1);
    expect(await transferred()).toBeLessThan(BUDGET);
    await expectNoAxeViolations(phone);
    // By keyboard: the first scale, then Continue.
    await phone.locator("main input[type=radio]").first().focus();
    await phone.keyboard.press("ArrowDown");
    expect(await phone.locator("main input[type=radio]:checked").count()).toBe(1);
    await submitNoJs(phone, phone.locator("main").getByRole("button", { name: "Continuer", exact: true }));
    expect(await h1(phone)).toBe("Votre visite");
  });

  test("mistakes come back GOV.UK-style, in French, with nothing lost", async () => {
    await phone.locator('[name="q_SUP-CTX-08"]').fill("trois");
    await phone.locator('[name="q_SUP-CTX-01"]').fill("Bureau de Gatineau");
    const response = await submitNoJs(
      phone,
      phone.locator("main").getByRole("button", { name: "Continuer", exact: true }),
    );
    expect(response.status()).toBe(400);
    const summary = phone.getByRole("alert");
    expect(await summary.locator("h2").innerText()).toBe("Il y a un problème");
    const links = await summary.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(links.sort()).toEqual(["#q_SUP-CTX-03", "#q_SUP-CTX-08"]);
    for (const href of links) expect(await phone.locator(href as string).count()).toBe(1);
    expect(await summary.innerText()).toContain("Sélectionnez une réponse");
    expect(await phone.locator("#q_SUP-CTX-08-error").innerText()).toContain("Entrez un nombre");
    expect(await phone.locator('[name="q_SUP-CTX-01"]').inputValue()).toBe("Bureau de Gatineau");
    await expectNoAxeViolations(phone);
  });

  test("switching language keeps what was typed, and Enter means Continue", async () => {
    await phone.locator('[name="q_SUP-CTX-08"]').fill("3");
    await phone.locator('[name="q_SUP-CTX-02"]').fill("2026-03-02");
    await phone.locator('[name="q_SUP-CTX-03"][value="telephone"]').check();
    await phone.locator('[name="q_SUP-CTX-04"][value="telephone"]').check();
    await phone.locator('[name="q_SUP-CTX-04"][value="online"]').check();
    await submitNoJs(phone, phone.locator("button.lang-toggle"));
    expect(new URL(phone.url()).pathname).toMatch(/^\/en\/s\//);
    expect(await h1(phone)).toBe("About your visit");
    expect(await phone.locator('[name="q_SUP-CTX-08"]').inputValue()).toBe("3");
    expect(await phone.locator('[name="q_SUP-CTX-01"]').inputValue()).toBe("Bureau de Gatineau");
    expect(await phone.locator('[name="q_SUP-CTX-04"]:checked').count()).toBe(2);
    await expectNoAxeViolations(phone);
    await submitNoJs(phone, phone.locator("button.lang-toggle"));
    expect(await h1(phone)).toBe("Votre visite");
    // Enter in a text box presses the hidden Continue, not the language switch.
    await phone.locator('[name="q_SUP-CTX-01"]').focus();
    const answered = phone.waitForEvent("load");
    await phone.keyboard.press("Enter");
    await answered;
    expect(new URL(phone.url()).pathname).toMatch(/^\/fr\/s\//);
    expect(await h1(phone)).toBe("La ligne téléphonique");
  });

  test("save, then resume on another device with the code", async () => {
    await submitNoJs(
      phone,
      phone.locator("main").getByRole("button", { name: "Enregistrer et continuer plus tard", exact: true }),
    );
    expect(await phone.getByRole("status").innerText()).toContain("Vos réponses sont enregistrées");
    resumeCode = (await phone.locator(".resume-code").innerText()).trim();
    // On one line at 375 px: a code split across lines is misread.
    const lines = await phone.locator(".resume-code").evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });
    expect(lines).toBe(1);
    expect(resumeCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await expectNoAxeViolations(phone);

    const other = await browser.newPage({ javaScript: false, viewport: { width: 375, height: 740 } });
    await visit(other, pathFor("respondStart", "fr", { key: publicKey }));
    await other.getByLabel("Code de reprise").fill(resumeCode.toLowerCase());
    await submitNoJs(other, other.locator("main").getByRole("button", { name: "Continuer", exact: true }));
    expect(await h1(other)).toBe("La ligne téléphonique");
    // The phone question is asked because the respondent phoned.
    expect(await other.locator('[name="q_SUP-TEL-04"]').count()).toBeGreaterThan(0);
    await submitNoJs(other, other.locator("main").getByRole("button", { name: "Retour", exact: true }));
    expect(await other.locator('[name="q_SUP-CTX-03"][value="telephone"]').isChecked()).toBe(true);
    await other.close();
  });

  test("submitting twice records one response", async () => {
    await visit(phone, phone.url().split("?")[0] as string);
    await phone.locator('[name="q_SUP-TEL-04"][value="once"]').check();
    await phone.locator('[name="q_SUP-TXT-01"]').fill("<script>alert(1)</script> Très bien, merci.");
    const form = phone.locator("main form");
    const action = phone.url();
    const fields = await form.evaluate((f: HTMLFormElement) => [...new FormData(f)].map(([k, v]) => [k, String(v)]));
    expect(await transferred()).toBeLessThan(BUDGET * 8); // every page so far, each under budget on its own
    await submitNoJs(phone, phone.locator("main").getByRole("button", { name: "Envoyer mes réponses", exact: true }));
    expect(await h1(phone)).toBe("Merci");
    expect(await fontsLoaded(phone)).toEqual([]);
    await expectNoAxeViolations(phone);
    // The same form again, as a retry or a double click would send it.
    const again = await phone.request.post(action, {
      form: Object.fromEntries([...fields, ["intent", "next"]]),
      maxRedirects: 0,
    });
    expect(again.status()).toBe(302);
    await visit(phone, action);
    expect(await h1(phone)).toBe("Merci");
    expect(await completeCount()).toBe(completeBefore + 1);
  });

  test("an unknown survey or response says so, in the page's language", async () => {
    const response = await phone.goto(pathFor("respondStart", "fr", { key: "000000000000" }));
    expect(response?.status()).toBe(404);
    expect(await phone.locator("main").innerText()).toContain("Nous ne trouvons pas ce sondage");
    const missing = await phone.goto(pathFor("respondPage", "en", { key: publicKey, token: "AAAAAAAAAAAA" }));
    expect(missing?.status()).toBe(404);
    expect(await phone.locator("main").innerText()).toContain("We can’t find these answers");
    // No link to the staff home page, which would only ask a respondent to sign in.
    expect(await phone.locator('main a[href="/en"]').count()).toBe(0);
    await expectNoAxeViolations(phone);
  });
});

describe("a required answer cannot be skipped", () => {
  test("emptied after its page was passed, then the last page reached by its address: sent back to it", async () => {
    const page = await browser.newPage({ javaScript: false });
    await visit(page, pathFor("respondStart", "en", { key: publicKey }));
    await submitNoJs(page, page.locator("main").getByRole("button", { name: "Start the survey", exact: true }));
    await submitNoJs(page, page.locator("main").getByRole("button", { name: "Continue", exact: true }));
    // The date question says how to write a date, for browsers without a date picker.
    expect(await page.locator("#q_SUP-CTX-02-format").innerText()).toBe("For example, 2026-03-31 (year, month, day)");
    expect(await page.locator("#q_SUP-CTX-02").getAttribute("aria-describedby")).toContain("q_SUP-CTX-02-format");
    // Page 2 with its required question answered (in person: the telephone question is not asked).
    await page.locator('[name="q_SUP-CTX-03"][value="in_person"]').check();
    await submitNoJs(page, page.locator("main").getByRole("button", { name: "Continue", exact: true }));
    expect(await h1(page)).toBe("The telephone line");
    const lastPage = page.url();
    // Back to page 2, the answer cleared (as a crafted form would), saved for later.
    await submitNoJs(page, page.locator("main").getByRole("button", { name: "Back", exact: true }));
    const form = page.locator("main form");
    const fields = await form.evaluate((f: HTMLFormElement) =>
      [...new FormData(f)].map(([k, v]) => [k, String(v)]).filter(([k]) => k !== "q_SUP-CTX-03"),
    );
    const saved = await page.request.post(page.url(), {
      form: Object.fromEntries([...fields, ["intent", "save"]]),
      maxRedirects: 0,
    });
    expect(saved.status()).toBe(302);
    // Straight to the last page by its address, and submit.
    await visit(page, lastPage);
    expect(await h1(page)).toBe("The telephone line");
    await submitNoJs(page, page.locator("main").getByRole("button", { name: "Submit my answers", exact: true }));
    expect(await h1(page)).toBe("About your visit");
    const summary = page.getByRole("alert");
    expect(await summary.innerText()).toContain("Some required questions on this page have no answer");
    expect(await summary.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")))).toEqual([
      "#q_SUP-CTX-03",
    ]);
    await expectNoAxeViolations(page);
    const before = await completeCount();
    // Answered, it goes through.
    await page.locator('[name="q_SUP-CTX-03"][value="in_person"]').check();
    await submitNoJs(page, page.locator("main").getByRole("button", { name: "Continue", exact: true }));
    await submitNoJs(page, page.locator("main").getByRole("button", { name: "Submit my answers", exact: true }));
    expect(await h1(page)).toBe("Thank you");
    expect(await page.locator("header .brand").innerText()).toBe("Citizen Services Canada");
    expect(await completeCount()).toBe(before + 1);
  });

  test("staff keying in a paper form may leave it blank, as paper does, and are told so", async () => {
    await visit(designer, pathFor("surveyDistribution", "en", { org: ORG, surveyId }));
    await submitNoJs(designer, designer.locator("main").getByRole("button", { name: "Start a new entry" }));
    expect(await designer.locator("main").innerText()).toContain("Staff entry: you are keying in a paper form");
    await submitNoJs(designer, designer.locator("main").getByRole("button", { name: "Continue", exact: true }));
    expect(await h1(designer)).toBe("About your visit");
    // The required SUP-CTX-03 left blank.
    await submitNoJs(designer, designer.locator("main").getByRole("button", { name: "Continue", exact: true }));
    expect(await h1(designer)).toBe("The telephone line");
    await submitNoJs(
      designer,
      designer.locator("main").getByRole("button", { name: "Submit my answers", exact: true }),
    );
    expect(await h1(designer)).toBe("Thank you");
  });
});
