import { isAPIError } from "better-auth/api";
import type { AppServices } from "#app/context.ts";
import type { Lang } from "#app/i18n/paths.ts";
import { findSsoProviderForEmail } from "./sso.server.ts";
import { and, eq, gt, like } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { passwordProblem } from "./password-policy.server.ts";
import { user, verification } from "./schema.ts";
import { recordSecurityEvent, type SecurityEvent, shortUserAgent } from "./security-events.server.ts";
import {
  allowanceKey,
  type AttemptKeys,
  beginAttempt,
  deviceCookie,
  recordAttemptSuccess,
  takeAllowance,
} from "./throttle.server.ts";
import { claimTotpCode } from "./totp-replay.server.ts";

// Account flows on top of better-auth, as outcomes our routes can render:
// either cookies to forward, or a catalogue key for the error.

export type AuthOutcome<T = object> = ({ ok: true; cookies: Headers } & T) | { ok: false; key: string; field?: string };

/** Only the Set-Cookie headers of a better-auth answer, to put on our response. */
function cookiesOf(headers: Headers): Headers {
  const out = new Headers();
  for (const c of headers.getSetCookie()) out.append("Set-Cookie", c);
  return out;
}

const errorKeys: Record<string, { key: string; field?: string }> = {
  INVALID_EMAIL_OR_PASSWORD: { key: "signIn.errors.invalid" },
  EMAIL_NOT_VERIFIED: { key: "signIn.errors.notVerified" },
  USER_ALREADY_EXISTS: { key: "signUp.errors.exists", field: "email" },
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: { key: "signUp.errors.exists", field: "email" },
  PASSWORD_TOO_SHORT: { key: "errors.passwordTooShort", field: "password" },
  PASSWORD_TOO_LONG: { key: "errors.tooLong", field: "password" },
  INVALID_PASSWORD: { key: "security.errors.wrongPassword", field: "password" },
  INVALID_TOKEN: { key: "tokens.invalid" },
  TOKEN_EXPIRED: { key: "tokens.expired" },
  INVALID_CODE: { key: "twoFactor.errors.invalidCode", field: "code" },
  INVALID_BACKUP_CODE: { key: "twoFactor.errors.invalidBackupCode", field: "backupCode" },
  INVALID_TWO_FACTOR_COOKIE: { key: "twoFactor.errors.expired" },
  TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE: { key: "twoFactor.errors.expired" },
  ACCOUNT_TEMPORARILY_LOCKED: { key: "twoFactor.errors.locked" },
};

const throttleOf = ({ db, settings }: AppServices) => ({ db, secret: settings.authSecret });

/** Records a security event; the request's network address and user agent say where from. */
function audit(
  { db, settings }: AppServices,
  from: { ip: string; headers: Headers },
  event: Omit<SecurityEvent, "origin">,
) {
  const origin = { ip: from.ip, userAgent: shortUserAgent(from.headers.get("user-agent")) };
  return recordSecurityEvent(db, settings.authSecret, { ...event, origin });
}

const throttledKeys = { locked: "signIn.errors.locked", slowDown: "signIn.errors.slowDown" } as const;

function failure(error: unknown): { ok: false; key: string; field?: string } {
  if (isAPIError(error)) {
    const code = (error.body as { code?: string } | undefined)?.code ?? "";
    const known = errorKeys[code];
    if (known) return { ok: false, ...known };
    if (error.statusCode === 429) return { ok: false, key: "errors.status.429" };
    if (error.statusCode < 500) return { ok: false, key: "errors.invalid" };
  }
  throw error;
}

export async function signUp(
  { auth }: AppServices,
  input: { name: string; email: string; password: string; lang: Lang },
): Promise<AuthOutcome> {
  const problem = passwordProblem(input.password, input);
  if (problem) return { ok: false, key: problem, field: "password" };
  try {
    await auth.api.signUpEmail({
      body: { name: input.name, email: input.email, password: input.password, locale: input.lang },
    });
    return { ok: true, cookies: new Headers() };
  } catch (error) {
    return failure(error);
  }
}

export async function signIn(
  services: AppServices,
  input: { email: string; password: string; ip: string; headers: Headers },
): Promise<AuthOutcome<{ twoFactor: boolean }>> {
  const keys: AttemptKeys = { email: input.email, ip: input.ip, cookie: input.headers.get("cookie") };
  const verdict = await beginAttempt(throttleOf(services), keys);
  if (!verdict.ok) {
    await audit(services, input, {
      action: "auth.sign_in_throttled",
      subject: { email: input.email },
      details: { reason: verdict.reason },
    });
    return { ok: false, key: throttledKeys[verdict.reason] };
  }
  try {
    const { headers, response } = await services.auth.api.signInEmail({
      body: { email: input.email, password: input.password },
      headers: input.headers,
      returnHeaders: true,
    });
    await recordAttemptSuccess(throttleOf(services), keys);
    const cookies = cookiesOf(headers);
    cookies.append("Set-Cookie", deviceCookie(throttleOf(services), input.email, services.settings.secureCookies));
    const twoFactor = "twoFactorRedirect" in response && response.twoFactorRedirect === true;
    if (!twoFactor && "user" in response) {
      await audit(services, input, { action: "auth.signed_in", subject: { userId: response.user.id } });
    }
    return { ok: true, cookies, twoFactor };
  } catch (error) {
    const outcome = failure(error);
    if (outcome.key === "signIn.errors.invalid") {
      await audit(services, input, { action: "auth.sign_in_failed", subject: { email: input.email } });
    }
    return outcome;
  }
}

/**
 * Checks a one-time code, at sign-in or when confirming set-up. A code already
 * used by this person is refused, and the session its check just opened is
 * closed again.
 */
async function verifyTotp(
  { auth, db }: AppServices,
  input: { code: string; headers: Headers },
): Promise<AuthOutcome<{ userId: string }>> {
  try {
    const { headers, response } = await auth.api.verifyTOTP({
      body: { code: input.code },
      headers: input.headers,
      returnHeaders: true,
    });
    const cookies = cookiesOf(headers);
    if (!(await claimTotpCode(db, response.user.id, input.code))) {
      await auth.api.signOut({ headers: sessionHeaders(cookies) }).catch(() => undefined);
      return { ok: false, key: "twoFactor.errors.invalidCode", field: "code" };
    }
    return { ok: true, cookies, userId: response.user.id };
  } catch (error) {
    return failure(error);
  }
}

export async function verifyTwoFactorSignIn(
  services: AppServices,
  input: { code: string; headers: Headers; ip: string },
): Promise<AuthOutcome> {
  const outcome = await verifyTotp(services, input);
  if (outcome.ok) await audit(services, input, { action: "auth.signed_in", subject: { userId: outcome.userId } });
  return outcome;
}

/** Signs in with one of the backup codes instead of the app's code; each code works once. */
export async function verifyBackupCodeSignIn(
  services: AppServices,
  input: { code: string; headers: Headers; ip: string },
): Promise<AuthOutcome> {
  try {
    const { headers, response } = await services.auth.api.verifyBackupCode({
      body: { code: input.code },
      headers: input.headers,
      returnHeaders: true,
    });
    const subject = { userId: response.user.id };
    await audit(services, input, { action: "two_factor.backup_code_used", subject });
    await audit(services, input, { action: "auth.signed_in", subject, details: { backupCode: true } });
    return { ok: true, cookies: cookiesOf(headers) };
  } catch (error) {
    return failure(error);
  }
}

/** A request's Cookie header made of the cookies a response just set. */
function sessionHeaders(setCookies: Headers): Headers {
  const pairs = setCookies.getSetCookie().map((c) => c.split(";")[0]);
  return new Headers({ cookie: pairs.join("; ") });
}

export async function signOut({ auth }: AppServices, requestHeaders: Headers): Promise<Headers> {
  try {
    const { headers } = await auth.api.signOut({ headers: requestHeaders, returnHeaders: true });
    return cookiesOf(headers);
  } catch {
    return new Headers();
  }
}

export async function verifyEmail({ auth }: AppServices, token: string): Promise<AuthOutcome> {
  try {
    await auth.api.verifyEmail({ query: { token } });
    return { ok: true, cookies: new Headers() };
  } catch (error) {
    return failure(error);
  }
}

// Besides the three messages an hour to one address (auth.server.ts), one
// network address may ask for 20 an hour, whatever the addresses.
const MAIL_REQUESTS_PER_IP = 20;

export async function resendVerification(
  { auth, db, settings }: AppServices,
  input: { email: string; ip: string },
): Promise<void> {
  if (
    !(await takeAllowance(db, allowanceKey(settings.authSecret, "mail-ip", input.ip), MAIL_REQUESTS_PER_IP, "1 hour"))
  )
    return;
  await auth.api.sendVerificationEmail({ body: { email: input.email } }).catch(() => undefined);
}

/** Always looks successful, so the form never reveals which addresses have accounts. */
export async function requestPasswordReset(
  services: AppServices,
  input: { email: string; ip: string; headers: Headers },
): Promise<void> {
  const { auth, db, settings } = services;
  const allowed = await takeAllowance(
    db,
    allowanceKey(settings.authSecret, "mail-ip", input.ip),
    MAIL_REQUESTS_PER_IP,
    "1 hour",
  );
  await audit(services, input, {
    action: "auth.password_reset_requested",
    subject: { email: input.email },
    ...(allowed ? {} : { details: { throttled: true } }),
  });
  if (!allowed) return;
  await auth.api.requestPasswordReset({ body: { email: input.email } }).catch(() => undefined);
}

/** The account a reset token belongs to, so the new password can be checked against its address and name. */
async function resetTokenAccount(db: Db, token: string) {
  const [row] = await db
    .select({ id: user.id, email: user.email, name: user.name })
    .from(verification)
    .innerJoin(user, eq(user.id, verification.value))
    .where(and(eq(verification.identifier, `reset-password:${token}`), gt(verification.expiresAt, new Date())))
    .limit(1);
  return row;
}

/**
 * Sets a new password from a reset link. Success also ends every session, every
 * other reset link and every sign-in count of the account (auth.server.ts's
 * onPasswordReset), so the owner is never left locked out.
 */
export async function resetPassword(
  services: AppServices,
  input: { token: string; password: string; ip: string; headers: Headers },
): Promise<AuthOutcome> {
  const account = await resetTokenAccount(services.db, input.token);
  if (!account) return { ok: false, key: "tokens.invalid" };
  const problem = passwordProblem(input.password, account);
  if (problem) return { ok: false, key: problem, field: "password" };
  try {
    await services.auth.api.resetPassword({ body: { token: input.token, newPassword: input.password } });
  } catch (error) {
    return failure(error);
  }
  await audit(services, input, { action: "auth.password_reset_completed", subject: { userId: account.id } });
  return { ok: true, cookies: new Headers() };
}

export async function startTwoFactorSetup(
  services: AppServices,
  input: ReauthInput,
): Promise<AuthOutcome<{ totpURI: string; backupCodes: string[] }>> {
  return reauthenticated(
    services,
    input,
    async (): Promise<AuthOutcome<{ totpURI: string; backupCodes: string[] }>> => {
      const { headers, response } = await services.auth.api.enableTwoFactor({
        body: { password: input.password },
        headers: input.headers,
        returnHeaders: true,
      });
      if (!("totpURI" in response)) return { ok: false, key: "errors.unexpected" };
      return { ok: true, cookies: cookiesOf(headers), totpURI: response.totpURI, backupCodes: response.backupCodes };
    },
  );
}

export async function confirmTwoFactorSetup(
  services: AppServices,
  input: { code: string; headers: Headers; ip: string },
): Promise<AuthOutcome> {
  const outcome = await verifyTotp(services, input);
  if (outcome.ok) await audit(services, input, { action: "two_factor.enabled", subject: { userId: outcome.userId } });
  return outcome;
}

export async function disableTwoFactor(services: AppServices, input: ReauthInput): Promise<AuthOutcome> {
  return reauthenticated(services, input, async () => {
    const { headers } = await services.auth.api.disableTwoFactor({
      body: { password: input.password },
      headers: input.headers,
      returnHeaders: true,
    });
    await audit(services, input, { action: "two_factor.disabled", subject: { userId: input.userId } });
    return { ok: true, cookies: cookiesOf(headers) };
  });
}

/** New backup codes; the old ones stop working. */
export async function regenerateBackupCodes(
  services: AppServices,
  input: ReauthInput,
): Promise<AuthOutcome<{ backupCodes: string[] }>> {
  return reauthenticated(services, input, async () => {
    const response = await services.auth.api.generateBackupCodes({
      body: { password: input.password },
      headers: input.headers,
    });
    await audit(services, input, { action: "two_factor.backup_codes_regenerated", subject: { userId: input.userId } });
    return { ok: true, cookies: new Headers(), backupCodes: response.backupCodes };
  });
}

/** Changes the password; other sessions and any reset link stop working. */
export async function changePassword(
  services: AppServices,
  input: ReauthInput & { newPassword: string; name: string },
): Promise<AuthOutcome> {
  const problem = passwordProblem(input.newPassword, input);
  if (problem) return { ok: false, key: problem, field: "newPassword" };
  return reauthenticated(services, input, async () => {
    const { headers } = await services.auth.api.changePassword({
      body: { currentPassword: input.password, newPassword: input.newPassword, revokeOtherSessions: true },
      headers: input.headers,
      returnHeaders: true,
    });
    await deleteResetTokens(services.db, input.userId);
    await audit(services, input, { action: "auth.password_changed", subject: { userId: input.userId } });
    return { ok: true, cookies: cookiesOf(headers) };
  });
}

/** Every reset link of the account stops working. */
export async function deleteResetTokens(db: Db, userId: string): Promise<void> {
  await db
    .delete(verification)
    .where(and(like(verification.identifier, "reset-password:%"), eq(verification.value, userId)));
}

/** Who is re-entering their password inside a session, and from where. */
export interface ReauthInput {
  password: string;
  headers: Headers;
  userId: string;
  email: string;
  ip: string;
}

/**
 * A password typed again inside a session (turning two-step verification on or
 * off, new backup codes, a new password) is throttled like a sign-in, so a
 * stolen session cannot be used to guess it.
 */
async function reauthenticated<T extends object>(
  services: AppServices,
  input: ReauthInput,
  work: () => Promise<AuthOutcome<T>>,
): Promise<AuthOutcome<T>> {
  const keys: AttemptKeys = { email: input.email, ip: input.ip, cookie: input.headers.get("cookie") };
  const verdict = await beginAttempt(throttleOf(services), keys);
  const subject = { userId: input.userId };
  if (!verdict.ok) {
    await audit(services, input, { action: "auth.sign_in_throttled", subject, details: { reason: verdict.reason } });
    return { ok: false, key: throttledKeys[verdict.reason], field: "password" };
  }
  try {
    const outcome = await work();
    if (outcome.ok) await recordAttemptSuccess(throttleOf(services), keys);
    return outcome;
  } catch (error) {
    const outcome = failure(error);
    if (outcome.key === "security.errors.wrongPassword") {
      await audit(services, input, { action: "auth.reauth_failed", subject });
    }
    return outcome;
  }
}

export async function updateProfile(
  { auth }: AppServices,
  input: { name: string; locale: Lang; headers: Headers },
): Promise<AuthOutcome> {
  try {
    await auth.api.updateUser({ body: { name: input.name, locale: input.locale }, headers: input.headers });
    return { ok: true, cookies: new Headers() };
  } catch (error) {
    return failure(error);
  }
}

/**
 * Starts single sign-on for an address whose domain has an identity provider:
 * the browser goes to the provider, then back to better-auth's callback, then
 * to `returnTo` (or the sign-in page with ?sso=failed).
 */
export async function startSsoSignIn(
  { auth, db }: AppServices,
  input: { email: string; returnTo: string; failureTo: string },
): Promise<AuthOutcome<{ url: string }>> {
  const providerId = await findSsoProviderForEmail(db, input.email);
  if (!providerId) return { ok: false, key: "sso.errors.noProvider", field: "ssoEmail" };
  try {
    const { headers, response } = await auth.api.signInSSO({
      body: { providerId, callbackURL: input.returnTo, errorCallbackURL: input.failureTo, loginHint: input.email },
      returnHeaders: true,
    });
    return { ok: true, cookies: cookiesOf(headers), url: response.url };
  } catch (error) {
    return failure(error);
  }
}
