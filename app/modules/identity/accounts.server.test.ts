import * as OTPAuth from "otpauth";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestServices } from "#tests/support/test-db.ts";
import { mailTo } from "#tests/support/mail.ts";
import {
  confirmTwoFactorSetup,
  disableTwoFactor,
  requestPasswordReset,
  resetPassword,
  signIn,
  signUp,
  startTwoFactorSetup,
  verifyEmail,
  verifyTwoFactorSignIn,
} from "./accounts.server.ts";
import { readSessionUser } from "./session.server.ts";

let s: Awaited<ReturnType<typeof createTestServices>>;
beforeAll(async () => {
  s = await createTestServices();
});

const PASSWORD = "correct horse battery staple";

/** Carries cookies between calls, as a browser would. */
class CookieJar {
  private jar = new Map<string, string>();
  take(headers: Headers) {
    for (const c of headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(";");
      const [name, ...rest] = (pair ?? "").split("=");
      const expired = attrs.some((a) => /max-age=0/i.test(a));
      if (expired) this.jar.delete(name as string);
      else this.jar.set(name as string, rest.join("="));
    }
  }
  headers(): Headers {
    return new Headers({ cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ") });
  }
}

async function newestMail(to: string) {
  const row = (await mailTo(s, to)).at(-1);
  if (!row) throw new Error(`no mail to ${to}`);
  return row;
}

const tokenIn = (text: string) => new URL(text.match(/https?:\/\/\S+/)?.[0] ?? "").searchParams.get("token") ?? "";

describe("account flows", () => {
  it("signs up, requires the e-mail to be confirmed, then signs in", async () => {
    const email = "marie@example.ca";
    expect((await signUp(s, { name: "Marie", email, password: PASSWORD, lang: "fr" })).ok).toBe(true);
    const mail = await newestMail(email);
    expect(mail.subject).toBe("Confirmez votre adresse courriel pour Outside-In");
    expect(mail.text).toContain("http://localhost:3000/fr/verifier-courriel?token=");

    const before = await signIn(s, { email, password: PASSWORD, ip: "10.0.0.1", headers: new Headers() });
    expect(before).toMatchObject({ ok: false, key: "signIn.errors.notVerified" });

    expect((await verifyEmail(s, tokenIn(mail.text))).ok).toBe(true);
    const jar = new CookieJar();
    const after = await signIn(s, { email, password: PASSWORD, ip: "10.0.0.1", headers: new Headers() });
    if (!after.ok) throw new Error(after.key);
    expect(after.twoFactor).toBe(false);
    jar.take(after.cookies);
    expect((await readSessionUser(s.auth, jar.headers()))?.email).toBe(email);
  });

  it("refuses a second account for the same address", async () => {
    const outcome = await signUp(s, { name: "Copy", email: "marie@example.ca", password: PASSWORD, lang: "en" });
    // better-auth answers as if it worked (so sign-up cannot probe for accounts)
    // or with USER_ALREADY_EXISTS; either way no second user can sign in.
    if (!outcome.ok) expect(outcome.key).toBe("signUp.errors.exists");
    const other = await signIn(s, {
      email: "marie@example.ca",
      password: PASSWORD,
      ip: "10.0.0.9",
      headers: new Headers(),
    });
    expect(other.ok).toBe(true);
  });

  it("rejects bad verification tokens", async () => {
    expect(await verifyEmail(s, "forged")).toMatchObject({ ok: false });
  });

  it("locks an address and network address pair after five failed attempts, even in parallel", async () => {
    const attempt = (password: string) =>
      signIn(s, { email: "marie@example.ca", password, ip: "10.0.0.2", headers: new Headers() });
    for (let i = 0; i < 5; i++) expect(await attempt("wrong password")).toMatchObject({ key: "signIn.errors.invalid" });
    expect(await attempt(PASSWORD)).toMatchObject({ ok: false, key: "signIn.errors.locked" });
    // The owner elsewhere is not locked out by someone else's guesses.
    const elsewhere = await signIn(s, {
      email: "marie@example.ca",
      password: PASSWORD,
      ip: "10.0.0.12",
      headers: new Headers(),
    });
    expect(elsewhere.ok).toBe(true);
    for (let i = 0; i < 5; i++) await attempt("wrong password");
    // A burst of parallel guesses on a fresh address: at most five get checked.
    await signUp(s, { name: "Burst", email: "burst@example.ca", password: PASSWORD, lang: "en" });
    const burst = await Promise.all(
      Array.from({ length: 12 }, () =>
        signIn(s, { email: "burst@example.ca", password: "guess", ip: "10.0.0.7", headers: new Headers() }),
      ),
    );
    expect(burst.filter((o) => !o.ok && o.key !== "signIn.errors.locked").length).toBeLessThanOrEqual(5);
    expect(burst.filter((o) => !o.ok && o.key === "signIn.errors.locked").length).toBeGreaterThanOrEqual(7);
  });

  it("turns on two-step verification and then asks for a code at sign-in", async () => {
    const email = "totp@example.ca";
    await signUp(s, { name: "Tot P", email, password: PASSWORD, lang: "en" });
    await verifyEmail(s, tokenIn((await newestMail(email)).text));
    const jar = new CookieJar();
    const first = await signIn(s, { email, password: PASSWORD, ip: "10.0.0.3", headers: new Headers() });
    if (!first.ok) throw new Error(first.key);
    jar.take(first.cookies);
    const userId = (await readSessionUser(s.auth, jar.headers()))?.id ?? "";
    const who = { userId, email, ip: "10.0.0.3" };

    expect(await startTwoFactorSetup(s, { ...who, password: "not it", headers: jar.headers() })).toMatchObject({
      ok: false,
      key: "security.errors.wrongPassword",
    });
    const setup = await startTwoFactorSetup(s, { ...who, password: PASSWORD, headers: jar.headers() });
    if (!setup.ok) throw new Error(setup.key);
    expect(setup.backupCodes).toHaveLength(10);
    const totp = OTPAuth.URI.parse(setup.totpURI) as OTPAuth.TOTP;
    expect(await confirmTwoFactorSetup(s, { code: "000000", headers: jar.headers(), ip: "10.0.0.3" })).toMatchObject({
      ok: false,
    });
    const setupCode = totp.generate();
    const confirmed = await confirmTwoFactorSetup(s, { code: setupCode, headers: jar.headers(), ip: "10.0.0.3" });
    if (!confirmed.ok) throw new Error(confirmed.key);
    jar.take(confirmed.cookies);
    expect((await readSessionUser(s.auth, jar.headers()))?.twoFactorEnabled).toBe(true);

    const second = new CookieJar();
    const challenge = await signIn(s, { email, password: PASSWORD, ip: "10.0.0.3", headers: new Headers() });
    if (!challenge.ok) throw new Error(challenge.key);
    expect(challenge.twoFactor).toBe(true);
    second.take(challenge.cookies);
    expect(await readSessionUser(s.auth, second.headers())).toBeNull();
    const wrong = await verifyTwoFactorSignIn(s, { code: "123456", headers: second.headers(), ip: "10.0.0.3" });
    expect(wrong).toMatchObject({ ok: false, key: "twoFactor.errors.invalidCode" });
    // The code that confirmed set-up cannot be used again within its window.
    const replayed = await verifyTwoFactorSignIn(s, { code: setupCode, headers: second.headers(), ip: "10.0.0.3" });
    expect(replayed).toMatchObject({ ok: false, key: "twoFactor.errors.invalidCode" });
    const next = totp.generate({ timestamp: Date.now() + 30_000 });
    const third = new CookieJar();
    const challenge2 = await signIn(s, { email, password: PASSWORD, ip: "10.0.0.3", headers: new Headers() });
    if (!challenge2.ok) throw new Error(challenge2.key);
    third.take(challenge2.cookies);
    const done = await verifyTwoFactorSignIn(s, { code: next, headers: third.headers(), ip: "10.0.0.3" });
    if (!done.ok) throw new Error(done.key);
    expect(await verifyTwoFactorSignIn(s, { code: next, headers: third.headers(), ip: "10.0.0.3" })).toMatchObject({
      ok: false,
    });
    third.take(done.cookies);
    expect((await readSessionUser(s.auth, third.headers()))?.email).toBe(email);

    const off = await disableTwoFactor(s, { ...who, password: PASSWORD, headers: third.headers() });
    expect(off.ok).toBe(true);
  });

  it("resets a forgotten password through a single-use e-mailed link", async () => {
    const from = { ip: "10.0.0.4", headers: new Headers() };
    await requestPasswordReset(s, { ...from, email: "nobody@example.ca" });
    await requestPasswordReset(s, { ...from, email: "marie@example.ca" });
    const mail = await newestMail("marie@example.ca");
    expect(mail.subject).toBe("Réinitialisez votre mot de passe Outside-In");
    const token = tokenIn(mail.text);
    expect(mail.text).toContain("/fr/reinitialiser-mot-de-passe?token=");
    const newPassword = "a brand new long passphrase";
    expect((await resetPassword(s, { ...from, token, password: newPassword })).ok).toBe(true);
    expect(await resetPassword(s, { ...from, token, password: "yet another passphrase" })).toMatchObject({ ok: false });
    const signedIn = await signIn(s, {
      email: "marie@example.ca",
      password: newPassword,
      ip: "10.0.0.2",
      headers: new Headers(),
    });
    // The pair locked by the test above is lifted by the reset.
    expect(signedIn.ok).toBe(true);
  });
});
