import { randomFillSync } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { tFor } from "#app/i18n/i18n.ts";
import { langOfPath, langs, type PageId, pathFor, patternFor } from "#app/i18n/paths.ts";
import { getSessionCookie } from "better-auth/cookies";
import { AUTH_COOKIE_PREFIX } from "#app/modules/identity/auth.server.ts";
import { csrfCookieName, csrfTokenFor, newCsrfSecret } from "#app/modules/platform/csrf.server.ts";
import type { Settings } from "#app/modules/platform/settings.server.ts";
import { IMPORT_MAX_BYTES } from "#app/modules/responses/import-file.server.ts";
import { API_MAX_BODY_BYTES } from "#app/modules/responses/ingest-api.ts";

export const MAX_BODY_BYTES = 1024 * 1024;
const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** The methods the app answers; the Fetch API behind React Router refuses TRACE and CONNECT outright. */
const IMPLEMENTED = new Set(["GET", "HEAD", "OPTIONS", ...MUTATING]);
const ALLOW = [...IMPLEMENTED].join(", ");

// Larger bodies where they are expected: a spreadsheet to import (with room
// for the form around it; the page itself refuses files over its limit with
// a translated message), a contact list for invitations, and a batch of
// responses to the API.
const pagePatterns = (pages: readonly PageId[]) =>
  langs.flatMap((lang) => pages.map((page) => new RegExp(`^${patternFor(page, lang).replace(/:\w+/g, "[^/]+")}$`)));
const importPages = pagePatterns(["surveyImport", "surveyImportStep"]);
const invitationPages = pagePatterns(["surveyInvitations"]);
const apiResponses = /^\/api\/v1\/surveys\/[^/]+\/responses$/;
/** A contact list may be larger than a form; the invitations page checks the file itself. */
export const MAX_UPLOAD_BYTES = 6 * 1024 * 1024;

/**
 * The largest body a request to `path` may have once its sender is known
 * (signed in, or holding an API token). Until then every body is held to
 * MAX_BODY_BYTES: see `requestGuards`.
 */
export function bodyLimit(path: string): number {
  if (importPages.some((page) => page.test(path))) return IMPORT_MAX_BYTES + MAX_BODY_BYTES;
  if (invitationPages.some((page) => page.test(path))) return MAX_UPLOAD_BYTES;
  if (apiResponses.test(path)) return API_MAX_BODY_BYTES;
  return MAX_BODY_BYTES;
}

// Nonces are cut from a pool of random bytes refilled 4 KB at a time: a
// `randomBytes(16)` per request was a system call each, 0.7 % of the server's
// time under load (bench/ingest). Each 16 bytes serve one response only.
const NONCE_BYTES = 16;
const noncePool = Buffer.alloc(256 * NONCE_BYTES);
let nonceOffset = noncePool.length;

export function newNonce(): string {
  if (nonceOffset + NONCE_BYTES > noncePool.length) {
    randomFillSync(noncePool);
    nonceOffset = 0;
  }
  const nonce = noncePool.toString("base64", nonceOffset, nonceOffset + NONCE_BYTES);
  nonceOffset += NONCE_BYTES;
  return nonce;
}

/** Per-request nonce, CSP and the other security headers. */
export function securityHeaders(settings: Settings) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const nonce = newNonce();
    res.locals.nonce = nonce;
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
      ].join("; "),
    );
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    if (settings.secureCookies) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  };
}

/**
 * Whether the request comes from someone known: a signed-in session on a
 * page, a token that may send responses on the API. Only they may send the
 * larger bodies of the routes that take files.
 */
export type SenderCheck = (req: Request) => Promise<boolean>;

/**
 * Refuses oversized bodies before anything reads them, and cross-site
 * mutating requests by their Origin / Sec-Fetch-Site headers (defence in depth
 * under the CSRF token). A body over MAX_BODY_BYTES is let through only to a
 * route that takes files and only from a known sender, checked from the
 * headers alone: a stranger cannot make the server read and parse 50 MB.
 */
export function requestGuards(settings: Settings, isKnownSender: SenderCheck) {
  const allowedOrigins = new Set([new URL(settings.baseUrl).origin]);
  return (req: Request, res: Response, next: NextFunction) => {
    // 405, not 501: a fuzzer or scanner probing methods is the client's doing, not a server failure.
    if (!IMPLEMENTED.has(req.method)) {
      return void res.status(405).set("Allow", ALLOW).type("text/plain").send("Method not allowed");
    }
    // Only origin-form targets ("/…"): "*" or an absolute URL reached React Router as a 500.
    if (!req.url.startsWith("/") || /%00/i.test(req.url) || !isDecodable(req.path)) {
      return void res.status(400).type("text/plain").send("Bad request");
    }
    const length = Number(req.headers["content-length"] ?? 0);
    if (length > bodyLimit(req.path)) return void tooLarge(req, res, "tooBig");
    if (length > MAX_BODY_BYTES) {
      isKnownSender(req).then(
        (known) => (known ? guardMutation(req, res, next) : tooLarge(req, res, "signInFirst")),
        next,
      );
      return;
    }
    guardMutation(req, res, next);
  };

  function guardMutation(req: Request, res: Response, next: NextFunction) {
    if (!MUTATING.has(req.method)) return next();
    if (req.headers["transfer-encoding"] && !req.headers["content-length"]) {
      return void res.status(411).type("text/plain").send("Length required");
    }
    const origin = req.headers.origin;
    const own = `${req.protocol}://${req.headers.host}`;
    if (origin && origin !== own && !allowedOrigins.has(origin)) {
      return void res.status(403).type("text/plain").send("Cross-site request refused");
    }
    if (req.headers["sec-fetch-site"] === "cross-site") {
      return void res.status(403).type("text/plain").send("Cross-site request refused");
    }
    next();
  }
}

/**
 * 413, in the form the route speaks: JSON on the API, a translated page on the
 * pages that take files (too big for anyone, or too big until signed in),
 * plain text elsewhere.
 */
function tooLarge(req: Request, res: Response, reason: "tooBig" | "signInFirst") {
  res.status(413);
  if (req.path.startsWith("/api/")) return void res.json({ error: "PayloadTooLarge" });
  const onFilePage = [...importPages, ...invitationPages].some((page) => page.test(req.path));
  if (!onFilePage) return void res.type("text/plain").send("Payload too large");
  res.type("html").send(tooLargePage(req.path, reason));
}

/** Said in the page's language, with a way back (or to sign in). */
function tooLargePage(path: string, reason: "tooBig" | "signInFirst"): string {
  const lang = langOfPath(path);
  const t = tFor(lang);
  const title = t("errors.title.413");
  const onImport = importPages.some((page) => page.test(path));
  const max = String((onImport ? IMPORT_MAX_BYTES : MAX_UPLOAD_BYTES) / 1024 / 1024);
  const message = reason === "signInFirst" ? t("errors.signInToSendFiles") : t("import.fileErrors.tooBig", { max });
  const link =
    reason === "signInFirst"
      ? { href: `${pathFor("signIn", lang)}?next=${encodeURIComponent(path)}`, text: t("layout.signIn") }
      : { href: path, text: t("errors.tryAgain") };
  const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escape(title)} — Outside-In</title></head><body><main><h1>${escape(title)}</h1><p>${escape(message)}</p><p><a href="${escape(link.href)}">${escape(link.text)}</a></p></main></body></html>`;
}

/**
 * Gives each browser a CSRF cookie and puts the matching form token, bound to
 * the session cookie the request carries, in locals. An answer that sets or
 * clears the session cookie (sign-in, sign-out) also renews the CSRF cookie.
 */
export function csrfCookie(settings: Settings) {
  const name = csrfCookieName(settings.secureCookies);
  const serialize = (value: string) =>
    `${name}=${value}; Path=/; HttpOnly; SameSite=Lax${settings.secureCookies ? "; Secure" : ""}`;
  return (req: Request, res: Response, next: NextFunction) => {
    let value = readCookie(req.headers.cookie, name);
    if (!value || !/^[\w-]{20,64}$/.test(value)) {
      value = newCsrfSecret();
      res.append("Set-Cookie", serialize(value));
    }
    const session = getSessionCookie(new Headers({ cookie: req.headers.cookie ?? "" }), {
      cookiePrefix: AUTH_COOKIE_PREFIX,
    });
    res.locals.csrfToken = csrfTokenFor(settings.authSecret, value, session ?? "");
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: Parameters<Response["writeHead"]>) {
      const cookies = ([] as (string | number)[]).concat(res.getHeader("Set-Cookie") ?? []).map(String);
      if (cookies.some((c) => SESSION_COOKIE.test(c))) {
        const others = cookies.filter((c) => !c.startsWith(`${name}=`));
        res.setHeader("Set-Cookie", [...others, serialize(newCsrfSecret())]);
      }
      return writeHead.apply(this, args);
    } as Response["writeHead"];
    next();
  };
}

/** better-auth's session cookie, with or without its `__Secure-` prefix. */
const SESSION_COOKIE = new RegExp(`^(__Secure-)?${AUTH_COOKIE_PREFIX}\\.session_token=`);

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(";") ?? []) {
    const [k, ...v] = part.trim().split("=");
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join("="));
    } catch {
      return undefined; // a mangled cookie is as good as none: a new one is issued
    }
  }
  return undefined;
}

function isDecodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}
