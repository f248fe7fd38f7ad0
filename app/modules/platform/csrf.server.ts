import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// Signed double-submit: the browser holds a random value in an HttpOnly cookie,
// every form carries HMAC(secret, value). A cross-site page can make the browser
// send the cookie, but cannot read it to compute the form field.

export const CSRF_COOKIE = "oi_csrf";
export const CSRF_FIELD = "_csrf";

export const newCsrfSecret = () => randomBytes(24).toString("base64url");

export function csrfTokenFor(appSecret: string, cookieValue: string): string {
  return createHmac("sha256", appSecret).update(`csrf:${cookieValue}`).digest("base64url");
}

export function csrfTokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== "string" || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}
