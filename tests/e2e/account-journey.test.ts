import * as OTPAuth from "otpauth";
import { describe, expect, test } from "vitest";
import { expectNoAxeViolations } from "./support/axe.ts";
import { h1, type Page, signIn, signOut, submitNoJs, useBrowser, visit } from "./support/browser.ts";
import { linkIn, waitForMail } from "./support/mail.ts";
import { baseUrl, watchServerLog } from "./support/server.ts";

// A new person, without JavaScript, from sign-up to two-step verification and
// back, ending in French. Every page on the way is checked with axe.

watchServerLog();
const browser = useBrowser();

const name = "Riley Journey";
const email = `riley.${Date.now()}@journey.example`;
const password = "correct horse battery staple";

function codeAt(key: string, timestamp = Date.now()): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(key), digits: 6, period: 30 }).generate({ timestamp });
}

async function pathOf(page: Page): Promise<string> {
  const u = new URL(page.url());
  return u.pathname + u.search;
}

describe("account journey (JavaScript off)", () => {
  test("sign up, confirm the address, turn on two-step verification, sign in with a code, read it in French", async () => {
    const page = await browser.newPage({ javaScript: false });

    // Sign up.
    await visit(page, "/en/sign-up");
    expect(await h1(page)).toBe("Create an account");
    await expectNoAxeViolations(page);
    await page.getByLabel("Full name").fill(name);
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByLabel("Confirm password").fill(password);
    const signedUp = await submitNoJs(page, page.getByRole("button", { name: "Create account" }));
    expect(signedUp.status()).toBe(200);
    expect(await pathOf(page)).toBe("/en/verify-email?sent=1");
    await expect.poll(() => page.getByRole("status").textContent()).toContain("We have sent you an email");
    await expectNoAxeViolations(page);

    // The verification e-mail arrives through SMTP; its link confirms the address.
    const mail = await waitForMail(email, "Confirm your email address");
    expect(mail.text).toContain(`Hello ${name},`);
    const link = linkIn(mail, /^\/en\/verify-email$/);
    expect(link.origin).toBe(baseUrl());
    expect(link.searchParams.get("token")).toBeTruthy();
    await visit(page, link.pathname + link.search);
    expect(await pathOf(page)).toBe("/en/sign-in?verified=1");
    expect(await page.getByRole("status").textContent()).toContain("Your email address is confirmed");
    await expectNoAxeViolations(page);

    // Sign in: no two-step verification yet, straight home.
    await signIn(page, email, password);
    expect(await pathOf(page)).toBe("/en");
    expect(await h1(page)).toBe(`Welcome, ${name}`);
    await expectNoAxeViolations(page);

    // Account menu → Sign-in and security.
    await page.locator("details.account-menu > summary").click();
    await Promise.all([
      page.waitForURL("**/en/account/security"),
      page.getByRole("link", { name: "Sign-in and security" }).click(),
    ]);
    expect(await h1(page)).toBe("Sign-in and security");
    await expect.poll(() => page.getByText("Two-step verification is off.").count()).toBe(1);
    await expectNoAxeViolations(page);

    // Start: password, then the QR code and key.
    await page.getByLabel("Password", { exact: true }).fill(password);
    const started = await submitNoJs(page, page.getByRole("button", { name: "Turn on two-step verification" }));
    expect(started.status()).toBe(200);
    await expect.poll(() => page.locator('.qr[role="img"] svg').isVisible()).toBe(true);
    const key = ((await page.getByTestId("totp-secret").textContent()) ?? "").replace(/\s/g, "");
    expect(key).toMatch(/^[A-Z2-7]{16,}=*$/);
    await expectNoAxeViolations(page, "two-step verification set-up step");

    // Confirm with the current code.
    const setupCode = codeAt(key);
    await page.getByLabel("Verification code").fill(setupCode);
    const confirmed = await submitNoJs(page, page.getByRole("button", { name: "Confirm and turn on" }));
    expect(confirmed.status()).toBe(200);
    expect(await pathOf(page)).toBe("/en/account/security?done=enabled");
    expect(await page.getByRole("status").textContent()).toContain("Two-step verification is now on.");
    await expect.poll(() => page.getByText("Two-step verification is on.").count()).toBe(1);
    await expectNoAxeViolations(page);

    // Sign out from the account menu.
    await signOut(page, "Sign out");
    expect(await pathOf(page)).toBe("/en?signedOut=1");
    expect(await page.getByRole("status").textContent()).toContain("You have signed out.");
    await expectNoAxeViolations(page);

    // Sign in again: now the code is asked for.
    await signIn(page, email, password);
    expect(new URL(page.url()).pathname).toBe("/en/sign-in/two-factor");
    expect(await h1(page)).toBe("Enter your verification code");
    await expectNoAxeViolations(page);
    // A fresh code: the app's current one, or (still in the same 30-second
    // period as the set-up) the next one, which the one-period tolerance
    // accepts. Never the code already used.
    const fresh = codeAt(key) !== setupCode ? codeAt(key) : codeAt(key, Date.now() + 30_000);
    expect(fresh).not.toBe(setupCode);
    await page.getByLabel("Verification code").fill(fresh);
    const verified = await submitNoJs(page, page.getByRole("button", { name: "Continue" }));
    expect(verified.status()).toBe(200);
    expect(await pathOf(page)).toBe("/en");
    expect(await h1(page)).toBe(`Welcome, ${name}`);
    await expectNoAxeViolations(page);

    // The same page in French, from the header toggle.
    await Promise.all([page.waitForURL("**/fr"), page.getByRole("link", { name: "Français" }).click()]);
    expect(new URL(page.url()).pathname).toMatch(/^\/fr/);
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");
    expect(await h1(page)).toBe(`Bienvenue, ${name}`);
    await expectNoAxeViolations(page);

    // Sign out, in French.
    await signOut(page, "Se déconnecter");
    expect(await pathOf(page)).toBe("/fr?signedOut=1");
    expect(await page.getByRole("status").textContent()).toContain("Vous êtes déconnecté.");
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");
    await expectNoAxeViolations(page);

    // Signed out for real: the security page asks to sign in again.
    await visit(page, "/en/account/security");
    expect(new URL(page.url()).pathname).toBe("/en/sign-in");
  });
});
