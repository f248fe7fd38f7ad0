import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { sso } from "@better-auth/sso";
import { twoFactor as twoFactorPlugin } from "better-auth/plugins";
import { isLang, type Lang, pathFor } from "#app/i18n/paths.ts";
import { enqueueMail } from "#app/modules/mail/outbox.server.ts";
import type { Settings } from "#app/modules/platform/settings.server.ts";
import { createKeyring } from "#app/modules/privacy/keyring.server.ts";
import type { Db } from "#db/client.ts";
import { and, eq, like, ne } from "drizzle-orm";
import { account, session, ssoProvider, twoFactor, user, verification } from "./schema.ts";
import { provisionSsoMember, ssoAddressAllowed } from "./sso.server.ts";
import { allowanceKey, clearAccountThrottle, takeAllowance } from "./throttle.server.ts";

// At most three reset or verification messages an hour to one address,
// whoever asks: the forms answer the same either way.
const MAILS_PER_ADDRESS = 3;

/** Names better-auth's cookies: oi.session_token, … */
export const AUTH_COOKIE_PREFIX = "oi";

// better-auth's callback types do not carry our additional `locale` field.
const langOf = (u: object): Lang => {
  const locale = (u as { locale?: unknown }).locale;
  return isLang(locale) ? locale : "en";
};

/**
 * better-auth does passwords (scrypt), sessions in the database, e-mail
 * verification, password reset and TOTP. Our forms call `auth.api.*` on the
 * server, so nothing depends on its browser client and every form works with
 * JavaScript off. Its e-mails go through our outbox, in the user's language,
 * with links to our own localized pages.
 */
export function createAuth(db: Db, settings: Settings) {
  // Its messages belong to no organization: sealed with the platform's key.
  const keyring = createKeyring(settings.encryptionKey);
  const link = (page: "verifyEmail" | "resetPassword", lang: Lang, token: string) =>
    `${settings.baseUrl}${pathFor(page, lang)}?token=${encodeURIComponent(token)}`;
  const mayMail = (kind: "reset" | "verify", email: string) =>
    takeAllowance(db, allowanceKey(settings.authSecret, `mail-${kind}`, email), MAILS_PER_ADDRESS, "1 hour");
  /** One live reset link per account: all but `keep` stop working. */
  const dropResetTokens = (userId: string, keep?: string) =>
    db
      .delete(verification)
      .where(
        and(
          like(verification.identifier, "reset-password:%"),
          eq(verification.value, userId),
          ...(keep ? [ne(verification.identifier, `reset-password:${keep}`)] : []),
        ),
      );
  return betterAuth({
    appName: "Outside-In",
    logger: { level: settings.env === "test" ? "error" : "warn" },
    baseURL: settings.baseUrl,
    secret: settings.authSecret,
    trustedOrigins: [settings.baseUrl, ...settings.trustedOrigins],
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user, session, account, verification, twoFactor, ssoProvider },
    }),
    user: {
      additionalFields: {
        locale: { type: "string", required: false, defaultValue: "en", input: true },
      },
      // Every SSO sign-in, new or returning: the address must belong to the
      // organization's verified domain.
      validateUserInfo: async ({ user: u, source }) => {
        if (source.method !== "sso-oidc") return;
        const allowed = await ssoAddressAllowed(db, source.sso?.providerId ?? "", String(u.email ?? ""));
        if (!allowed) return { error: "sso_domain_not_allowed" };
      },
    },
    emailAndPassword: {
      enabled: true,
      requireEmailVerification: true,
      minPasswordLength: 12,
      maxPasswordLength: 128,
      resetPasswordTokenExpiresIn: 60 * 60,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user: u, token }) => {
        if (!(await mayMail("reset", u.email))) {
          // Not sent, so not live: the link already sent stays the one that works.
          await db.delete(verification).where(eq(verification.identifier, `reset-password:${token}`));
          return;
        }
        await dropResetTokens(u.id, token);
        const lang = langOf(u);
        await enqueueMail(db, keyring, {
          to: u.email,
          lang,
          template: "resetPassword",
          values: { name: u.name, url: link("resetPassword", lang, token) },
        });
      },
      onPasswordReset: async ({ user: u }) => {
        await dropResetTokens(u.id);
        await clearAccountThrottle({ db, secret: settings.authSecret }, u.email);
      },
    },
    emailVerification: {
      sendOnSignUp: true,
      sendOnSignIn: true,
      autoSignInAfterVerification: false,
      expiresIn: 60 * 60 * 24,
      sendVerificationEmail: async ({ user: u, token }) => {
        if (!(await mayMail("verify", u.email))) return;
        const lang = langOf(u);
        await enqueueMail(db, keyring, {
          to: u.email,
          lang,
          template: "verifyEmail",
          values: { name: u.name, url: link("verifyEmail", lang, token) },
        });
      },
    },
    // Sessions last 12 hours from sign-in and are never silently extended, so
    // reading one never has to set a cookie.
    session: { expiresIn: 60 * 60 * 12, disableSessionRefresh: true },
    // Sign-in throttling and lockout are ours (throttle.server.ts), applied in
    // the actions that call these endpoints; its own limiter only sees HTTP.
    rateLimit: { enabled: false },
    advanced: {
      useSecureCookies: settings.secureCookies,
      cookiePrefix: AUTH_COOKIE_PREFIX,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure: settings.secureCookies },
    },
    plugins: [
      twoFactorPlugin({ issuer: "Outside-In" }),
      sso({
        // Only at the first sign-in: a member an admin removed stays removed.
        provisionUserOnEveryLogin: false,
        provisionUser: ({ user: u, provider }) => provisionSsoMember(db, provider.providerId, u),
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
