import { and, like } from "drizzle-orm";
import * as OTPAuth from "otpauth";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "#db/seed.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import { mailTo } from "#tests/support/mail.ts";
import {
  changePassword,
  confirmTwoFactorSetup,
  disableTwoFactor,
  regenerateBackupCodes,
  requestPasswordReset,
  resetPassword,
  signIn,
  signUp,
  startTwoFactorSetup,
  verifyBackupCodeSignIn,
} from "./accounts.server.ts";
import { findAuditEvents, findPlatformAuditEvents } from "./audit.server.ts";
import { platformAuditEvent, signInThrottle, verification } from "./schema.ts";
import { readSessionUser } from "./session.server.ts";
import { pruneThrottle } from "./throttle.server.ts";

let s: Awaited<ReturnType<typeof seededServices>>;
beforeAll(async () => {
  s = await seededServices();
});

/** Carries cookies between calls, as a browser would. */
class CookieJar {
  private jar = new Map<string, string>();
  take(headers: Headers) {
    for (const c of headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(";");
      const [name, ...rest] = (pair ?? "").split("=");
      if (attrs.some((a) => /max-age=0/i.test(a))) this.jar.delete(name as string);
      else this.jar.set(name as string, rest.join("="));
    }
  }
  headers(extra: Record<string, string> = {}): Headers {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    return new Headers({ cookie, "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0", ...extra });
  }
}

const mailsTo = async (to: string) => (await mailTo(s, to)).reverse();
const tokenIn = (text: string) => new URL(text.match(/https?:\/\/\S+/)?.[0] ?? "").searchParams.get("token") ?? "";

async function signedIn(email: string, password: string, ip: string) {
  const jar = new CookieJar();
  const outcome = await signIn(s, { email, password, ip, headers: jar.headers() });
  if (!outcome.ok) throw new Error(outcome.key);
  jar.take(outcome.cookies);
  const u = await readSessionUser(s.auth, jar.headers());
  if (!u) throw new Error("no session");
  return { jar, who: { userId: u.id, email, ip } };
}

describe("throttling that cannot lock the owner out", () => {
  it("guesses from many addresses only slow the account down; the owner's browser still gets in", async () => {
    const email = "council@federal.example";
    // The owner signed in once from their usual browser: it keeps a device cookie.
    const { jar } = await signedIn(email, DEMO_PASSWORD, "192.0.2.10");
    // An attacker guesses from 12 addresses, twice each.
    for (let i = 0; i < 24; i++) {
      await signIn(s, { email, password: `guess ${i}`, ip: `198.51.100.${i % 12}`, headers: new Headers() });
    }
    const fresh = await signIn(s, { email, password: DEMO_PASSWORD, ip: "203.0.113.5", headers: new Headers() });
    expect(fresh).toMatchObject({ ok: false, key: "signIn.errors.slowDown" });
    const owner = await signIn(s, { email, password: DEMO_PASSWORD, ip: "192.0.2.10", headers: jar.headers() });
    expect(owner.ok).toBe(true);
    // Five failures from one address lock that address's pair only.
    for (let i = 0; i < 6; i++) {
      await signIn(s, {
        email: "learner@federal.example",
        password: "no",
        ip: "198.51.100.99",
        headers: new Headers(),
      });
    }
    const pair = await signIn(s, {
      email: "learner@federal.example",
      password: DEMO_PASSWORD,
      ip: "198.51.100.99",
      headers: new Headers(),
    });
    expect(pair).toMatchObject({ ok: false, key: "signIn.errors.locked" });
    const other = await signIn(s, {
      email: "learner@federal.example",
      password: DEMO_PASSWORD,
      ip: "192.0.2.77",
      headers: new Headers(),
    });
    expect(other.ok).toBe(true);
  });

  it("forgets counts a day old once nothing is locked", async () => {
    await s.db.insert(signInThrottle).values([
      { key: "ip:old", failures: 3, windowStart: new Date(Date.now() - 2 * 86_400_000) },
      { key: "ip:recent", failures: 3 },
    ]);
    expect(await pruneThrottle.run(s, new Date())).toBeGreaterThanOrEqual(1);
    const keys = (await s.db.select({ key: signInThrottle.key }).from(signInThrottle)).map((r) => r.key);
    expect(keys).toContain("ip:recent");
    expect(keys).not.toContain("ip:old");
  });

  it("throttles a password typed again inside a session", async () => {
    const { jar, who } = await signedIn("facilitator@federal.example", DEMO_PASSWORD, "192.0.2.20");
    const headers = new Headers({
      cookie:
        jar
          .headers()
          .get("cookie")
          ?.replace(/oi_device=[^;]*;?\s*/, "") ?? "",
    });
    for (let i = 0; i < 5; i++) {
      expect(await disableTwoFactor(s, { ...who, headers, password: `guess ${i}` })).toMatchObject({ ok: false });
    }
    const right = await startTwoFactorSetup(s, { ...who, headers, password: DEMO_PASSWORD });
    expect(right).toMatchObject({ ok: false, key: "signIn.errors.locked" });
  });
});

describe("backup codes", () => {
  it("sign in once each, and new ones replace the old", async () => {
    const email = "analyst@ontario.example";
    const { jar, who } = await signedIn(email, DEMO_PASSWORD, "192.0.2.30");
    const setup = await startTwoFactorSetup(s, { ...who, headers: jar.headers(), password: DEMO_PASSWORD });
    if (!setup.ok) throw new Error(setup.key);
    const totp = OTPAuth.URI.parse(setup.totpURI) as OTPAuth.TOTP;
    const confirmed = await confirmTwoFactorSetup(s, { code: totp.generate(), headers: jar.headers(), ip: who.ip });
    if (!confirmed.ok) throw new Error(confirmed.key);
    jar.take(confirmed.cookies);

    const challenge = async () => {
      const c = new CookieJar();
      const first = await signIn(s, { email, password: DEMO_PASSWORD, ip: who.ip, headers: c.headers() });
      if (!first.ok || !first.twoFactor) throw new Error("expected a second step");
      c.take(first.cookies);
      return c;
    };
    const [code, other] = setup.backupCodes;
    const c1 = await challenge();
    const used = await verifyBackupCodeSignIn(s, { code: code ?? "", headers: c1.headers(), ip: who.ip });
    if (!used.ok) throw new Error(used.key);
    c1.take(used.cookies);
    expect((await readSessionUser(s.auth, c1.headers()))?.email).toBe(email);
    const again = await verifyBackupCodeSignIn(s, {
      code: code ?? "",
      headers: (await challenge()).headers(),
      ip: who.ip,
    });
    expect(again).toMatchObject({ ok: false, key: "twoFactor.errors.invalidBackupCode" });

    const renewed = await regenerateBackupCodes(s, { ...who, headers: c1.headers(), password: DEMO_PASSWORD });
    if (!renewed.ok) throw new Error(renewed.key);
    expect(renewed.backupCodes).toHaveLength(10);
    const old = await verifyBackupCodeSignIn(s, {
      code: other ?? "",
      headers: (await challenge()).headers(),
      ip: who.ip,
    });
    expect(old).toMatchObject({ ok: false });
    const fresh = await verifyBackupCodeSignIn(s, {
      code: renewed.backupCodes[0] ?? "",
      headers: (await challenge()).headers(),
      ip: who.ip,
    });
    expect(fresh.ok).toBe(true);

    const ctx = await s.tenantCtx("analyst@ontario.example", "ontario-service-delivery");
    const admin = { ...ctx, roles: ["org_admin"] };
    const { events } = await findAuditEvents(admin, { securityOnly: true, page: 1 });
    const actions = events.filter((e) => e.actorEmail === email).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "two_factor.enabled",
        "two_factor.backup_code_used",
        "two_factor.backup_codes_regenerated",
      ]),
    );
    const used1 = events.find((e) => e.action === "two_factor.backup_code_used");
    expect(used1?.ip).toBe(who.ip);
    expect(used1?.userAgent).toContain("Firefox/140.0");
    expect(JSON.stringify(events)).not.toContain(code);
  });
});

describe("reset and verification e-mails", () => {
  it("sends at most three an hour to one address, and only the newest reset link works", async () => {
    const email = "designer@federal.example";
    for (let i = 0; i < 5; i++) {
      await requestPasswordReset(s, { email, ip: `192.0.2.${40 + i}`, headers: new Headers() });
    }
    const mails = await mailsTo(email);
    expect(mails.filter((m) => m.template === "resetPassword")).toHaveLength(3);
    const [newest, older] = mails.map((m) => tokenIn(m.text));
    const live = await s.db
      .select()
      .from(verification)
      .where(and(like(verification.identifier, "reset-password:%")));
    expect(live).toHaveLength(1);
    const from = { ip: "192.0.2.40", headers: new Headers() };
    expect(
      await resetPassword(s, { ...from, token: older ?? "", password: "a whole new passphrase here" }),
    ).toMatchObject({ ok: false, key: "tokens.invalid" });
    expect((await resetPassword(s, { ...from, token: newest ?? "", password: "a whole new passphrase here" })).ok).toBe(
      true,
    );
  });
});

describe("new passwords", () => {
  it("refuses common, guessable and personal passwords at sign-up, reset and change", async () => {
    const input = { name: "Gabrielle Tremblay", email: "gabrielle.tremblay@example.ca", lang: "fr" as const };
    for (const password of ["aaaaaaaaaaaa", "password1234", "Qwerty123456"]) {
      expect(await signUp(s, { ...input, password })).toMatchObject({ ok: false, key: "errors.passwordCommon" });
    }
    expect(await signUp(s, { ...input, password: "tremblay is my long secret" })).toMatchObject({
      ok: false,
      key: "errors.passwordPersonal",
    });
    const { jar, who } = await signedIn("admin@novascotia.example", DEMO_PASSWORD, "192.0.2.50");
    const change = (newPassword: string) =>
      changePassword(s, { ...who, name: "Admin", headers: jar.headers(), password: DEMO_PASSWORD, newPassword });
    expect(await change("password1234")).toMatchObject({ ok: false, key: "errors.passwordCommon" });
    expect(await change("admin-novascotia-forever")).toMatchObject({ ok: false, key: "errors.passwordPersonal" });
    expect((await change("seven quiet lanterns drift")).ok).toBe(true);
  });
});

describe("security events in the audit log", () => {
  it("records failures for members in their organizations only, and unknown addresses as a keyed hash", async () => {
    await signIn(s, { email: "admin@ottawa.example", password: "wrong", ip: "192.0.2.60", headers: new Headers() });
    await signIn(s, {
      email: "nobody.at.all@example.ca",
      password: "secret guess",
      ip: "192.0.2.61",
      headers: new Headers(),
    });
    const ottawa = await s.tenantCtx("admin@ottawa.example", "ottawa-client-services");
    const own = await findAuditEvents(ottawa, { securityOnly: true, page: 1 });
    expect(own.events.some((e) => e.action === "auth.sign_in_failed" && e.ip === "192.0.2.60")).toBe(true);
    const federal = await s.tenantCtx("admin@federal.example", "citizen-services-canada");
    const theirs = await findAuditEvents(federal, { securityOnly: true, page: 1 });
    expect(theirs.events.some((e) => e.actorEmail === "admin@ottawa.example")).toBe(false);
    const platform = await s.db.select().from(platformAuditEvent);
    const unknown = platform.find((e) => e.ip === "192.0.2.61");
    expect(unknown).toMatchObject({ action: "auth.sign_in_failed", actorEmail: null, targetType: "address" });
    expect(JSON.stringify(platform)).not.toContain("nobody.at.all");
    expect(JSON.stringify(platform)).not.toContain("secret guess");
    // Only platform admins read the platform log; an organization admin of the operator is not enough.
    const operator = await s.tenantCtx("platform.admin@institute.example", "institute");
    const listed = await findPlatformAuditEvents(operator, 1);
    expect(listed.events.some((e) => e.ip === "192.0.2.61")).toBe(true);
    await expect(findPlatformAuditEvents({ ...operator, roles: ["org_admin"] }, 1)).rejects.toMatchObject({
      code: "Forbidden",
    });
    await expect(findPlatformAuditEvents(ottawa, 1)).rejects.toMatchObject({ code: "Forbidden" });
  });
});
