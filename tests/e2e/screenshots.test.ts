import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { type Lang, langs, pathFor } from "#app/i18n/paths.ts";
import { h1, type Page, signIn, useBrowser, visit } from "./support/browser.ts";
import { DEMO_PASSWORD } from "./support/demo.ts";
import { watchServerLog } from "./support/server.ts";

// Full-page screenshots of key pages in both languages, for a person to look
// at (outside the repository). Each also checks what must be on screen.

watchServerLog();
const browser = useBrowser();

const SHOTS = "/tmp/e2e-shots";
const ORG = "citizen-services-canada";

let admin: Page;
let anonymous: Page;
let facilitator: Page;
let designer: Page;

async function shoot(page: Page, name: string) {
  const file = join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  expect(statSync(file).size, file).toBeGreaterThan(10_000);
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  admin = await browser.newPage({ javaScript: true });
  anonymous = await browser.newPage({ javaScript: true });
  facilitator = await browser.newPage({ javaScript: true });
  await signIn(admin, "admin@federal.example", DEMO_PASSWORD);
  await signIn(facilitator, "facilitator@federal.example", DEMO_PASSWORD);
  designer = await browser.newPage({ javaScript: true });
  await signIn(designer, "designer@federal.example", DEMO_PASSWORD);
});

describe.each(langs)("screenshots in %s", (lang: Lang) => {
  test("home, signed in", async () => {
    await visit(admin, pathFor("home", lang));
    await expect.poll(() => h1(admin)).toBe(lang === "en" ? "Welcome, Alex Martin" : "Bienvenue, Alex Martin");
    expect(await admin.locator(".card-list li").count()).toBe(1);
    await shoot(admin, `home-signed-in-${lang}`);
  });

  test("members", async () => {
    await visit(admin, pathFor("orgMembers", lang, { org: ORG }));
    await expect.poll(() => h1(admin)).toBe(lang === "en" ? "Members" : "Membres");
    expect(await admin.locator("table").first().locator("tbody tr").count()).toBeGreaterThanOrEqual(6);
    await shoot(admin, `members-${lang}`);
  });

  test("sign-in with errors", async () => {
    await visit(anonymous, pathFor("signIn", lang));
    const form = anonymous.locator('main form:has(input[name="password"])');
    await form.getByRole("button").click();
    const summary = anonymous.getByRole("alert");
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await summary.getByRole("link").count()).toBe(2);
    expect(await anonymous.locator('input[aria-invalid="true"]').count()).toBe(2);
    await shoot(anonymous, `sign-in-errors-${lang}`);
  });

  test("a demo survey's privacy settings, its responses, one response and its deletion page", async () => {
    await visit(designer, pathFor("surveys", lang, { org: ORG }));
    const title = lang === "en" ? "Passport services – in person" : "Services de passeport – en personne";
    const href = (await designer.getByRole("link", { name: title }).getAttribute("href")) ?? "";
    const surveyId = href.split("/").at(-1) ?? "";
    await visit(designer, pathFor("surveySettings", lang, { org: ORG, surveyId }));
    await expect.poll(() => designer.locator("#privacy-heading").isVisible()).toBe(true);
    expect(await designer.locator("#retentionMonths").inputValue()).toBe("36");
    await shoot(designer, `survey-privacy-${lang}`);
    await visit(designer, pathFor("surveyResponses", lang, { org: ORG, surveyId }));
    expect(await designer.locator("main table tbody tr").count()).toBe(50);
    await shoot(designer, `survey-responses-${lang}`);
    const first = (await designer.locator("main table tbody a").first().getAttribute("href")) ?? "";
    await visit(designer, first);
    expect(await designer.locator("dl.answers > div").count()).toBeGreaterThan(10);
    await shoot(designer, `survey-response-${lang}`);
    await visit(designer, pathFor("surveyDelete", lang, { org: ORG, surveyId }));
    expect(await designer.locator("#confirmTitle").count()).toBe(1);
    await shoot(designer, `survey-delete-${lang}`);
  });

  test("two-step verification set-up, with its QR code", async () => {
    await visit(facilitator, pathFor("accountSecurity", lang));
    // The page also holds the password-change form: act on the one that starts two-step verification.
    const start = facilitator.locator("main form", { has: facilitator.locator('input[name="intent"][value="start"]') });
    await start.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await start.getByRole("button").click();
    const qr = facilitator.locator('.qr[role="img"] svg');
    await expect.poll(() => qr.isVisible()).toBe(true);
    const box = await qr.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(150);
    expect(Math.abs((box?.width ?? 0) - (box?.height ?? 1))).toBeLessThan(2);
    expect((await facilitator.getByTestId("totp-secret").innerText()).replace(/\s/g, "")).toMatch(/^[A-Z2-7]{16,}=*$/);
    await shoot(facilitator, `security-setup-${lang}`);
  });

  test("a demo survey: the builder with its grid, and the grid as respondents see it", async () => {
    await visit(admin, pathFor("surveys", lang, { org: ORG }));
    // A demo survey that is open: other journeys add surveys of their own to the list.
    const title = lang === "en" ? "Passport services – in person" : "Services de passeport – en personne";
    await admin.locator("main table tbody a", { hasText: title }).first().click();
    await expect.poll(() => admin.locator("li.survey-grid").count()).toBe(1);
    await shoot(admin, `survey-builder-${lang}`);
    const surveyId = new URL(admin.url()).pathname.split("/").at(-1) ?? "";
    await visit(admin, pathFor("surveyDistribution", lang, { org: ORG, surveyId }));
    const publicKey = (await admin.locator("dd.resume-link").first().innerText()).trim().split("/").at(-1) ?? "";
    for (const [name, viewport] of [
      ["wide", { width: 1280, height: 900 }],
      ["phone", { width: 375, height: 740 }],
    ] as const) {
      const respondent = await browser.newPage({ javaScript: false, lang, viewport });
      await visit(respondent, pathFor("respondStart", lang, { key: publicKey }));
      const start = lang === "en" ? "Start the survey" : "Commencer le sondage";
      await respondent.getByRole("button", { name: start, exact: true }).click();
      await expect.poll(() => respondent.locator(".grid-question fieldset").count()).toBe(6);
      await shoot(respondent, `respondent-grid-${name}-${lang}`);
      await respondent.close();
    }
  });
});
