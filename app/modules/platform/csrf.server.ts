import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// Signed double-submit, bound to the session: the browser holds a random value
// in an HttpOnly cookie, every form carries HMAC(secret, value, session). A
// cross-site page can make the browser send the cookies, but cannot read them
// to compute the form field; and a token learnt before sign-in (planted, or
// read over a shoulder) is worth nothing once the session changes. The value
// is also renewed whenever the session cookie is set or cleared (sign-in,
// sign-out), by the server's cookie middleware.

/** `__Host-` under https: only this host, Path=/ and Secure, so no sibling domain or http page can plant one. */
export const csrfCookieName = (secure: boolean) => (secure ? "__Host-oi_csrf" : "oi_csrf");
export const CSRF_FIELD = "_csrf";

export const newCsrfSecret = () => randomBytes(24).toString("base64url");

/** The form token for this browser's cookie value and its session cookie ("" when signed out). */
export function csrfTokenFor(appSecret: string, cookieValue: string, session: string): string {
  return createHmac("sha256", appSecret).update(`csrf:${cookieValue}:${session}`).digest("base64url");
}

export function csrfTokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== "string" || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}
