import { isAPIError } from "better-auth/api";
import type { AppServices } from "#app/context.ts";
import type { Lang } from "#app/i18n/paths.ts";
import { findSsoProviderForEmail } from "./sso.server.ts";
import { claimTotpCode } from "./totp-replay.server.ts";
import { countSignInAttempt, countSignInSuccess } from "./throttle.server.ts";

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
  INVALID_TWO_FACTOR_COOKIE: { key: "twoFactor.errors.expired" },
};

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
  { auth, db }: AppServices,
  input: { email: string; password: string; ip: string; headers: Headers },
): Promise<AuthOutcome<{ twoFactor: boolean }>> {
  const keys = { email: input.email, ip: input.ip };
  if (await countSignInAttempt(db, keys)) return { ok: false, key: "signIn.errors.locked" };
  try {
    const { headers, response } = await auth.api.signInEmail({
      body: { email: input.email, password: input.password },
      headers: input.headers,
      returnHeaders: true,
    });
    await countSignInSuccess(db, keys);
    const twoFactor = "twoFactorRedirect" in response && response.twoFactorRedirect === true;
    return { ok: true, cookies: cookiesOf(headers), twoFactor };
  } catch (error) {
    return failure(error);
  }
}

/**
 * Checks a one-time code, at sign-in or when confirming set-up. A code already
 * used by this person is refused, and the session its check just opened is
 * closed again.
 */
export async function verifyTwoFactorSignIn(
  { auth, db }: AppServices,
  input: { code: string; headers: Headers },
): Promise<AuthOutcome> {
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
    return { ok: true, cookies };
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

export async function resendVerification({ auth }: AppServices, email: string): Promise<void> {
  await auth.api.sendVerificationEmail({ body: { email } }).catch(() => undefined);
}

/** Always looks successful, so the form never reveals which addresses have accounts. */
export async function requestPasswordReset({ auth }: AppServices, email: string): Promise<void> {
  await auth.api.requestPasswordReset({ body: { email } }).catch(() => undefined);
}

export async function resetPassword(
  { auth }: AppServices,
  input: { token: string; password: string },
): Promise<AuthOutcome> {
  try {
    await auth.api.resetPassword({ body: { token: input.token, newPassword: input.password } });
    return { ok: true, cookies: new Headers() };
  } catch (error) {
    return failure(error);
  }
}

export async function startTwoFactorSetup(
  { auth }: AppServices,
  input: { password: string; headers: Headers },
): Promise<AuthOutcome<{ totpURI: string; backupCodes: string[] }>> {
  try {
    const { headers, response } = await auth.api.enableTwoFactor({
      body: { password: input.password },
      headers: input.headers,
      returnHeaders: true,
    });
    if (!("totpURI" in response)) return { ok: false, key: "errors.unexpected" };
    return { ok: true, cookies: cookiesOf(headers), totpURI: response.totpURI, backupCodes: response.backupCodes };
  } catch (error) {
    return failure(error);
  }
}

export async function confirmTwoFactorSetup(
  services: AppServices,
  input: { code: string; headers: Headers },
): Promise<AuthOutcome> {
  return verifyTwoFactorSignIn(services, input);
}

export async function disableTwoFactor(
  { auth }: AppServices,
  input: { password: string; headers: Headers },
): Promise<AuthOutcome> {
  try {
    const { headers } = await auth.api.disableTwoFactor({
      body: { password: input.password },
      headers: input.headers,
      returnHeaders: true,
    });
    return { ok: true, cookies: cookiesOf(headers) };
  } catch (error) {
    return failure(error);
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
