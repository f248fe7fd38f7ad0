import { mkdirSync } from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";
import { pathFor } from "#app/i18n/paths.ts";
import { expectNoAxeViolations } from "./support/axe.ts";
import { h1, type Page, signIn, submitNoJs, useBrowser, visit } from "./support/browser.ts";
import { DEMO_PASSWORD } from "./support/demo.ts";
import { linkIn, waitForMail } from "./support/mail.ts";
import { watchServerLog } from "./support/server.ts";

// A designer invites two people by e-mail, with JavaScript off: a CSV with an
// English and a French contact, uploaded and sent. Each message arrives in its
// reader's language; the French contact answers through the private link,
// which then says it was used; the English contact unsubscribes. The page's
// counts follow. Screenshots of the page and of the message go to /tmp/e2e-shots.

watchServerLog();
const browser = useBrowser();

const ORG = "citizen-services-canada";
const SHOTS = "/tmp/e2e-shots";
const run = Date.now().toString(36);
const english = `invitee.en.${run}@example.ca`;
const french = `invitee.fr.${run}@example.ca`;
let designer: Page;
let surveyId = "";
let here = "";

const section = (page: Page, intent: string) => page.locator(`main form:has(input[name="intent"][value="${intent}"])`);
const counts = async (page: Page) => (await page.locator("dl.summary-list").innerText()).replace(/\s+/g, " ");

async function uploadCsv(page: Page, name: string, csv: string, status: number) {
  const form = section(page, "upload");
  await form.locator("#file").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(csv, "latin1") });
  await form.locator("#defaultLang").selectOption("en");
  const response = await submitNoJs(page, form.locator('button[type="submit"]'));
  expect(response.status(), `upload ${name}`).toBe(status);
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  designer = await browser.newPage({ javaScript: false });
  await signIn(designer, "designer@federal.example", DEMO_PASSWORD);
  await visit(designer, pathFor("surveyNew", "en", { org: ORG }));
  await designer.fill("#titleEn", "Passport office visit");
  await designer.fill("#titleFr", "Visite au bureau des passeports");
  await designer.fill("#serviceEn", "Passport office");
  await designer.fill("#serviceFr", "Bureau des passeports");
  await designer.check("#channels");
  await submitNoJs(designer, designer.locator("main form button[type=submit]"));
  surveyId = new URL(designer.url()).pathname.split("/").at(-1) ?? "";
  await submitNoJs(designer, designer.locator('main form:has(input[name="op"][value="publish"]) button'));
  expect(new URL(designer.url()).searchParams.get("done")).toBe("published");
  here = pathFor("surveyInvitations", "en", { org: ORG, surveyId });
});

describe("inviting people to a survey by e-mail", () => {
  test("the distribution page leads to the invitations page", async () => {
    await visit(designer, pathFor("surveyDistribution", "en", { org: ORG, surveyId }));
    await submitNoJs(designer, designer.getByRole("link", { name: "Manage invitations by email" }));
    expect(new URL(designer.url()).pathname).toBe(here);
    expect(await h1(designer)).toBe("Invitations by email");
    await expectNoAxeViolations(designer);
  });

  test("a file with mistakes adds nothing and lists the rows to correct", async () => {
    await uploadCsv(
      designer,
      "bad.csv",
      `Courriel;Langue\n${english};anglais\nnot-an-address;fr\n${french};allemand\n`,
      400,
    );
    const report = designer.locator("main section", { hasText: "Rows to correct" });
    expect(await report.locator("tbody tr").allInnerTexts()).toEqual([
      "3\t“not-an-address” is not an email address",
      "4\t“allemand” is not a language we know: use en or fr",
    ]);
    expect(await counts(designer)).toContain("Not yet invited 0");
    await expectNoAxeViolations(designer);
    await designer.screenshot({ path: `${SHOTS}/invitations-report-en.png`, fullPage: true });
  });

  test("a file over 5 MB is refused with a message that says so", async () => {
    const big = `email\n${"x".repeat(5.5 * 1024 * 1024)}\n`;
    await uploadCsv(designer, "big.csv", big, 400);
    expect(await designer.locator("#file-error").innerText()).toContain("The file is larger than 5 MB.");
  });

  test("a good file, saved by Excel in French (Windows-1252, semicolons), adds both contacts", async () => {
    await uploadCsv(designer, "contacts.csv", `Courriel;Langue\n${english};anglais\n${french};français\n`, 200);
    expect(await designer.getByRole("status").innerText()).toContain(
      "Contacts added: 2. Already on the list and skipped: 0.",
    );
    expect(await counts(designer)).toContain("Not yet invited 2");
    // The same file again: nothing new.
    await uploadCsv(designer, "contacts.csv", `email,language\n${english},en\n`, 200);
    expect(await designer.getByRole("status").innerText()).toContain(
      "Contacts added: 0. Already on the list and skipped: 1.",
    );
    await designer.screenshot({ path: `${SHOTS}/invitations-en.png`, fullPage: true });
  });

  test("an anonymous survey does not invite two people alone: the refusal says why and sends nothing", async () => {
    const refused = await submitNoJs(
      designer,
      section(designer, "send").getByRole("button", { name: "Send the invitations (2)" }),
    );
    expect(refused.status()).toBe(400);
    expect(await designer.getByRole("alert").innerText()).toContain(
      "This survey is anonymous: invitations go to at least 5 people at a time",
    );
    expect(await counts(designer)).toContain("Not yet invited 2");
    await expectNoAxeViolations(designer);
    const neighbours = [1, 2, 3].map((i) => `neighbour.${i}.${run}@example.ca`);
    await uploadCsv(designer, "more.csv", `email\n${neighbours.join("\n")}\n`, 200);
  });

  test("sending queues one message each, in each person's language", async () => {
    await submitNoJs(designer, section(designer, "send").getByRole("button", { name: "Send the invitations (5)" }));
    expect(await designer.getByRole("status").innerText()).toContain("Invitations sent: 5.");
    // Anonymous: one count for the invited, whether they answered or not.
    expect(await counts(designer)).toContain("Invited 5");
    const en = await waitForMail(english, "Your opinion counts: Passport office visit");
    const fr = await waitForMail(french, "Votre avis compte\u00a0: Visite au bureau des passeports");
    expect(en.text).toContain("experience with Passport office");
    expect(fr.text).toContain("Ce sondage est anonyme");
    expect(linkIn(en, /^\/en\/s\/[0-9a-f]{12}\/i\/[\w-]{22}$/)).toBeTruthy();
    expect(linkIn(fr, /^\/fr\/s\/[0-9a-f]{12}\/i\/[\w-]{22}\/desabonnement$/)).toBeTruthy();
    const mail = await browser.newPage({ javaScript: false });
    await mail.setContent(fr.html);
    await mail.screenshot({ path: `${SHOTS}/invitation-mail-fr.png`, fullPage: true });
  });

  test("the French contact answers through the link, which then says it was used", async () => {
    const fr = await waitForMail(french, "Votre avis compte");
    const link = linkIn(fr, /^\/fr\/s\/[0-9a-f]{12}\/i\/[\w-]{22}$/);
    const phone = await browser.newPage({ javaScript: false, lang: "fr", viewport: { width: 375, height: 740 } });
    await visit(phone, link.pathname);
    expect(await h1(phone)).toBe("Visite au bureau des passeports");
    await phone.screenshot({ path: `${SHOTS}/invitation-start-fr.png`, fullPage: true });
    expect(await phone.locator("script").count()).toBe(0);
    await expectNoAxeViolations(phone);
    await submitNoJs(phone, phone.locator("main").getByRole("button", { name: "Commencer le sondage" }));
    expect(new URL(phone.url()).pathname).toMatch(/^\/fr\/s\/[0-9a-f]{12}\/[0-9A-Z]{12}$/);
    await phone.locator("main input[type=radio]").first().check();
    await submitNoJs(phone, phone.locator("main").getByRole("button", { name: "Envoyer mes réponses", exact: true }));
    expect(await h1(phone)).toBe("Merci");
    await visit(phone, link.pathname);
    expect(await phone.locator("main").innerText()).toContain("Vous avez déjà répondu");
    await expectNoAxeViolations(phone);
  });

  test("the English contact unsubscribes from the message's link, only by pressing the button", async () => {
    const en = await waitForMail(english, "Your opinion counts");
    const link = linkIn(en, /\/unsubscribe$/);
    const reader = await browser.newPage({ javaScript: false });
    await visit(reader, link.pathname);
    expect(await h1(reader)).toBe("Stop emails about this survey");
    await expectNoAxeViolations(reader);
    await visit(reader, link.pathname);
    await submitNoJs(reader, reader.locator("main").getByRole("button", { name: "Unsubscribe" }));
    expect(await h1(reader)).toBe("You are unsubscribed");
    await submitNoJs(reader, reader.locator("a.lang-toggle"));
    expect(await h1(reader)).toBe("Votre désabonnement est confirmé");
  });

  test("the invitations page counts unsubscriptions, and no answers until five of the invited have answered", async () => {
    await visit(designer, here);
    const shown = await counts(designer);
    expect(await designer.locator("main").innerText()).toContain(
      "This survey is anonymous: no one can see which invited people answered.",
    );
    expect(shown).not.toContain("Answered");
    expect(shown).toContain("Invited 4");
    expect(shown).toContain("Unsubscribed 1");
    expect(shown).toContain("Response rate Shown once at least 5 invited people have answered");
  });
});
