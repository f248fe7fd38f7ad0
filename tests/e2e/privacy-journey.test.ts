import { beforeAll, describe, expect, test } from "vitest";
import { pathFor } from "#app/i18n/paths.ts";
import { expectNoAxeViolations } from "./support/axe.ts";
import { h1, type Page, signIn, submitNoJs, useBrowser, visit } from "./support/browser.ts";
import { DEMO_PASSWORD } from "./support/demo.ts";
import { HttpSession } from "./support/http.ts";
import { watchServerLog } from "./support/server.ts";

// With JavaScript off: a designer writes the survey's privacy notice in
// French, then in English, and respondents see it; anonymity cannot be turned
// off once someone has answered. An analyst reads the responses but cannot
// delete one; a designer deletes one, then the whole survey.

watchServerLog();
const browser = useBrowser();

const ORG = "citizen-services-canada";
const TITLE = "Privacy journey 2026";
const NOTICE_FR =
  "Vos réponses sont recueillies en vertu de la Loi sur les services aux citoyens.\n\nQuestions : <b>vie.privee@federal.example</b>";
const NOTICE_EN = "Your answers are collected under the Citizen Services Act.\n\nQuestions: privacy@federal.example";
let designer: Page;
let surveyId = "";
let publicKey = "";
let responseId = "";

const settings = (lang: "en" | "fr") => pathFor("surveySettings", lang, { org: ORG, surveyId });
const privacyForm = (page: Page) => page.locator('main form:has(input[name="intent"][value="privacy"])');

beforeAll(async () => {
  designer = await browser.newPage({ javaScript: false });
  await signIn(designer, "designer@federal.example", DEMO_PASSWORD);
  await visit(designer, pathFor("surveyNew", "en", { org: ORG }));
  await designer.fill("#titleEn", TITLE);
  await designer.fill("#titleFr", "Parcours de confidentialité 2026");
  await designer.fill("#serviceEn", "Counter service");
  await designer.fill("#serviceFr", "Service au comptoir");
  await designer.check("#channels");
  await submitNoJs(designer, designer.locator("main form button[type=submit]"));
  surveyId = new URL(designer.url()).pathname.split("/").at(-1) ?? "";
  await submitNoJs(designer, designer.locator('main form:has(input[name="op"][value="publish"]) button'));
  await visit(designer, pathFor("surveyDistribution", "en", { org: ORG, surveyId }));
  publicKey = ((await designer.locator("dd.resume-link").first().innerText()).trim().split("/").at(-1) ?? "").trim();
  expect(publicKey).toMatch(/^[0-9a-f]{12}$/);
});

describe("privacy of a survey, without JavaScript", () => {
  test("the designer writes the notice in French, then in English", async () => {
    await visit(designer, settings("fr"));
    const form = privacyForm(designer);
    expect(await form.locator("#anonymous").isChecked()).toBe(true);
    expect(await form.locator("#retentionMonths").inputValue()).toBe("24");
    await form.locator("#privacyNoticeFr").fill(NOTICE_FR);
    await submitNoJs(designer, form.getByRole("button", { name: "Enregistrer les paramètres de confidentialité" }));
    expect(new URL(designer.url()).pathname).toBe(settings("fr"));
    expect(await designer.getByRole("status").innerText()).toContain(
      "Les paramètres de confidentialité ont été enregistrés",
    );
    // One language only: the designer is told who will not see it.
    expect(await designer.locator(".notice--warning").innerText()).toContain("n’existe qu’en français");
    await expectNoAxeViolations(designer);

    await visit(designer, settings("en"));
    await privacyForm(designer).locator("#privacyNoticeEn").fill(NOTICE_EN);
    await submitNoJs(designer, privacyForm(designer).getByRole("button", { name: "Save the privacy settings" }));
    expect(await designer.locator(".notice--warning").count()).toBe(0);
    expect(await privacyForm(designer).locator("#privacyNoticeFr").inputValue()).toBe(NOTICE_FR);
  });

  test("respondents read it in their language, as paragraphs, markup shown as typed", async () => {
    const respondent = await browser.newPage({ javaScript: false, lang: "fr" });
    await visit(respondent, pathFor("respondStart", "fr", { key: publicKey }));
    const notice = respondent.locator(".privacy-notice p");
    expect(await notice.allInnerTexts()).toEqual([
      "Vos réponses sont recueillies en vertu de la Loi sur les services aux citoyens.",
      "Questions : <b>vie.privee@federal.example</b>",
    ]);
    expect(await respondent.locator(".privacy-notice b").count()).toBe(0);
    expect(await respondent.locator("main").innerText()).toContain("Ce sondage est anonyme");
    await expectNoAxeViolations(respondent);
    await visit(respondent, pathFor("respondStart", "en", { key: publicKey }));
    expect(await respondent.locator(".privacy-notice p").first().innerText()).toBe(
      "Your answers are collected under the Citizen Services Act.",
    );
    // One response, submitted.
    await submitNoJs(respondent, respondent.getByRole("button", { name: "Start the survey" }));
    await respondent.locator("main input[type=radio]").first().check();
    await submitNoJs(respondent, respondent.getByRole("button", { name: "Submit my answers" }));
    expect(await h1(respondent)).toBe("Thank you");
  });

  test("once someone has answered, the survey stays anonymous", async () => {
    await visit(designer, settings("en"));
    await privacyForm(designer).locator("#anonymous-no").check();
    const refused = await submitNoJs(designer, privacyForm(designer).getByRole("button"));
    expect(refused.status()).toBe(400);
    expect(await designer.getByRole("alert").innerText()).toContain("cannot stop being anonymous");
    expect(await privacyForm(designer).locator("#anonymous-no").isChecked()).toBe(true);
    await visit(designer, settings("en"));
    expect(await privacyForm(designer).locator("#anonymous").isChecked()).toBe(true);
    expect(await designer.locator("main").innerText()).toContain("People have already answered this survey");
  });

  test("an analyst reads the responses but cannot delete one", async () => {
    const analyst = await browser.newPage({ javaScript: false });
    await signIn(analyst, "analyst@federal.example", DEMO_PASSWORD);
    await visit(analyst, pathFor("survey", "en", { org: ORG, surveyId }));
    await submitNoJs(analyst, analyst.getByRole("link", { name: "Read the responses" }));
    expect(await h1(analyst)).toBe("Responses");
    const rows = analyst.locator("main table tbody tr");
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain("Complete");
    await expectNoAxeViolations(analyst);
    await submitNoJs(analyst, rows.first().getByRole("link"));
    responseId = new URL(analyst.url()).pathname.split("/").at(-1) ?? "";
    expect(await analyst.locator("main").innerText()).toContain("Overall, how satisfied were you");
    expect(await analyst.getByRole("button", { name: /Delete/ }).count()).toBe(0);
    await expectNoAxeViolations(analyst);

    // Posting the deletion anyway is refused.
    const session = new HttpSession();
    await session.signIn("analyst@federal.example", DEMO_PASSWORD);
    const path = pathFor("surveyResponse", "en", { org: ORG, surveyId, responseId });
    const post = await session.post(path, { intent: "delete", confirm: "yes" }, { csrf: await session.csrf(path) });
    expect(post.status).toBe(403);
    expect((await session.get(path)).status).toBe(200);
  });

  test("a designer deletes the response after confirming", async () => {
    await visit(designer, pathFor("surveyResponse", "fr", { org: ORG, surveyId, responseId }));
    const form = designer.locator('main form:has(input[name="intent"][value="delete"])');
    const unconfirmed = await submitNoJs(designer, form.getByRole("button", { name: "Supprimer la réponse" }));
    expect(unconfirmed.status()).toBe(400);
    await form.getByLabel("Oui, supprimer cette réponse").check();
    await submitNoJs(designer, form.getByRole("button", { name: "Supprimer la réponse" }));
    expect(new URL(designer.url()).pathname).toBe(pathFor("surveyResponses", "fr", { org: ORG, surveyId }));
    expect(await designer.getByRole("status").innerText()).toBe("La réponse a été supprimée.");
    expect(await designer.locator("main table").count()).toBe(0);
    await expectNoAxeViolations(designer);
  });

  test("a designer deletes the published survey by typing its title", async () => {
    await visit(designer, settings("en"));
    await submitNoJs(designer, designer.getByRole("link", { name: "Delete this survey" }));
    expect(await h1(designer)).toBe("Delete the survey");
    await expectNoAxeViolations(designer);
    await designer.getByLabel("To confirm, type the survey’s title").fill("Privacy journey");
    const wrong = await submitNoJs(designer, designer.getByRole("button", { name: "Delete the survey" }));
    expect(wrong.status()).toBe(400);
    await designer.getByLabel("To confirm, type the survey’s title").fill(TITLE);
    await submitNoJs(designer, designer.getByRole("button", { name: "Delete the survey" }));
    expect(new URL(designer.url()).pathname).toBe(pathFor("surveys", "en", { org: ORG }));
    expect(await designer.getByRole("status").innerText()).toContain("The survey has been deleted");
    expect(await designer.locator("main").innerText()).not.toContain(TITLE);
    await visit(designer, settings("en"), 404);
    await visit(designer, pathFor("respondStart", "en", { key: publicKey }), 404);
  });
});
