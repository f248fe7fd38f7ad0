import { request as httpRequest } from "node:http";
import { describe, expect, test } from "vitest";
import { type Lang, langs, pathFor } from "#app/i18n/paths.ts";
import { DEMO_PASSWORD } from "./support/demo.ts";
import { decodeEntities, HttpSession, signedInSession } from "./support/http.ts";
import { baseUrl, watchServerLog, url } from "./support/server.ts";

// Security properties seen from outside, with plain HTTP: headers, CSRF,
// cross-site refusal, body limits, health check, sign-in lockout, cookies.

watchServerLog();

const ORG = "nova-scotia-access";
const ADMIN = "admin@novascotia.example";

function cspNonce(response: Response): string {
  const csp = response.headers.get("content-security-policy") ?? "";
  const nonce = /script-src [^;]*'nonce-([^']+)'/.exec(csp)?.[1];
  if (!nonce) throw new Error(`no script nonce in CSP "${csp}" of ${response.url}`);
  return nonce;
}

async function expectSecureHtml(session: HttpSession, path: string, status: number): Promise<string> {
  const response = await session.get(path);
  expect(response.status, `GET ${path}`).toBe(status);
  expect(response.headers.get("content-type"), path).toMatch(/^text\/html/);
  const csp = response.headers.get("content-security-policy") ?? "";
  for (const directive of [
    "default-src 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ]) {
    expect(csp, `CSP of ${path}`).toContain(directive);
  }
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  const nonce = cspNonce(response);
  expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
  expect(response.headers.get("x-frame-options"), path).toBe("DENY");
  const html = await response.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length, `script tags on ${path}`).toBeGreaterThan(0);
  for (const tag of scripts) {
    expect(decodeEntities(/\snonce="([^"]*)"/.exec(tag)?.[1] ?? "(none)"), `${tag} on ${path}`).toBe(nonce);
  }
  for (const tag of [...html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*>/g)].map((m) => m[0])) {
    expect(decodeEntities(/\snonce="([^"]*)"/.exec(tag)?.[1] ?? "(none)"), `${tag} on ${path}`).toBe(nonce);
  }
  return nonce;
}

async function orgNameEn(session: HttpSession): Promise<string> {
  const html = await (await session.get(pathFor("orgSettings", "en", { org: ORG }))).text();
  const input = /<input[^>]*id="nameEn"[^>]*>/.exec(html)?.[0] ?? "";
  return decodeEntities(/value="([^"]*)"/.exec(input)?.[1] ?? "");
}

const settingsChange = {
  nameEn: "Renamed by an attacker",
  nameFr: "Renommé",
  orderOfGovernment: "federal",
  jurisdiction: "CA",
};

describe("security", () => {
  test("every HTML page has a CSP whose nonce is on each script, nosniff and DENY framing", async () => {
    const anonymous = new HttpSession();
    const admin = await signedInSession(ADMIN, DEMO_PASSWORD);
    const learner = await signedInSession("learner@federal.example", DEMO_PASSWORD);
    const platformAdmin = await signedInSession("platform.admin@institute.example", DEMO_PASSWORD);
    const nonces = new Set<string>();
    for (const lang of langs) {
      for (const page of [
        "home",
        "signIn",
        "signUp",
        "signInTwoFactor",
        "forgotPassword",
        "verifyEmail",
        "resetPassword",
      ] as const) {
        nonces.add(await expectSecureHtml(anonymous, pathFor(page, lang), 200));
      }
      nonces.add(await expectSecureHtml(anonymous, `/${lang}/no-such-page`, 404));
      for (const page of [
        "home",
        "account",
        "accountSecurity",
        "orgHome",
        "orgMembers",
        "orgMemberInvite",
        "orgAudit",
        "orgSettings",
      ] as const) {
        nonces.add(await expectSecureHtml(admin, pathFor(page, lang, { org: ORG }), 200));
      }
      nonces.add(
        await expectSecureHtml(learner, pathFor("orgSettings", lang, { org: "citizen-services-canada" }), 403),
      );
      nonces.add(await expectSecureHtml(admin, pathFor("adminOrgs", lang), 404));
      // The development mailbox is a platform admin's page (dev-mailbox.test.ts).
      nonces.add(await expectSecureHtml(platformAdmin, pathFor("devMail", lang), 200));
    }
    // A fresh nonce for every response.
    expect(nonces.size).toBe(langs.length * 19);

    // Non-HTML answers carry the headers too.
    for (const path of ["/healthz", `/api/v1/orgs/${ORG}/members`]) {
      const response = await admin.get(path);
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
    }
  });

  test("a form post without the CSRF field, or with a wrong one, is refused with 403 and changes nothing", async () => {
    const admin = await signedInSession(ADMIN, DEMO_PASSWORD);
    const before = await orgNameEn(admin);
    expect(before).toBe("Access Nova Scotia");
    const path = pathFor("orgSettings", "en", { org: ORG });

    const missing = await admin.post(path, settingsChange, { csrf: null });
    expect(missing.status).toBe(403);
    expect(decodeEntities(await missing.text())).toContain("Your form has expired or did not come from this site.");

    // A token that belongs to another browser's cookie.
    const stranger = new HttpSession();
    const foreignToken = await stranger.csrf();
    const wrong = await admin.post(path, settingsChange, { csrf: foreignToken });
    expect(wrong.status).toBe(403);

    const frPath = pathFor("orgSettings", "fr", { org: ORG });
    const missingFr = await admin.post(frPath, settingsChange, { csrf: null });
    expect(missingFr.status).toBe(403);
    expect(decodeEntities(await missingFr.text())).toContain('<html lang="fr"');

    expect(await orgNameEn(admin)).toBe(before);

    // Signed out too: a sign-up without the token creates no account.
    const anonymous = new HttpSession();
    const email = `no-csrf.${Date.now()}@security.example`;
    const signUp = await anonymous.post(
      pathFor("signUp", "en"),
      { name: "No Token", email, password: "a long enough password", confirmPassword: "a long enough password" },
      { csrf: null },
    );
    expect(signUp.status).toBe(403);
    const csrf = await anonymous.csrf();
    const tryIt = await anonymous.post(
      pathFor("signIn", "en"),
      { email, password: "a long enough password" },
      { csrf },
    );
    expect(tryIt.status).toBe(400);
    expect(decodeEntities(await tryIt.text())).toContain("The email address or password is not correct.");

    // The control: with the token, the very same change goes through.
    const token = await admin.csrf("/en");
    const ok = await admin.post(path, { ...settingsChange, nameEn: before }, { csrf: token });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe(`${path}?saved=1`);
  });

  test("a cross-site post is refused with 403, even with a valid token", async () => {
    const admin = await signedInSession(ADMIN, DEMO_PASSWORD);
    const before = await orgNameEn(admin);
    const csrf = await admin.csrf("/en");
    const path = pathFor("orgSettings", "en", { org: ORG });
    const evil = await admin.post(path, settingsChange, { csrf, headers: { origin: "http://evil.example" } });
    expect(evil.status).toBe(403);
    const crossSite = await admin.post(path, settingsChange, { csrf, headers: { "sec-fetch-site": "cross-site" } });
    expect(crossSite.status).toBe(403);
    expect(await orgNameEn(admin)).toBe(before);
    // Our own origin is fine.
    const own = await admin.post(path, { ...settingsChange, nameEn: before }, { csrf, headers: { origin: baseUrl() } });
    expect(own.status).toBe(302);
  });

  test("a body over 1 MiB is refused with 413", async () => {
    const session = new HttpSession();
    const csrf = await session.csrf();
    const body = `_csrf=${csrf}&email=${"a".repeat(1024 * 1024)}`;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        url(pathFor("signIn", "en")),
        {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "content-length": Buffer.byteLength(body),
            cookie: session.cookieHeader(),
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      // The server may answer and close before reading everything.
      req.on("error", (error: NodeJS.ErrnoException) =>
        error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error),
      );
      req.end(body);
    });
    expect(status).toBe(413);

    // Just under the limit is read (and refused for what it says, not its size).
    const small = await session.post(pathFor("signIn", "en"), { email: "a".repeat(1000), password: "x" }, { csrf });
    expect(small.status).toBe(400);
  });

  test("a body over 1 MiB to a page that takes files is read only from a signed-in user", async () => {
    const designer = await signedInSession("designer@federal.example", DEMO_PASSWORD);
    const list = await (await designer.get(pathFor("surveys", "en", { org: "citizen-services-canada" }))).text();
    const surveyId = /\/surveys\/([0-9a-f-]{36})"/.exec(list)?.[1] ?? "";
    const path = pathFor("surveyImport", "en", { org: "citizen-services-canada", surveyId });
    // Not a spreadsheet: the page reads it and says so, which nothing stages.
    const file = new Blob([Buffer.alloc(2 * 1024 * 1024, 7)], { type: "application/octet-stream" });
    const stranger = new HttpSession();
    const refused = await stranger.post(path, { file }, { csrf: await stranger.csrf() });
    expect(refused.status).toBe(413);
    expect(await refused.text()).toContain("Sign in, then send the file again");
    const read = await designer.post(path, { file }, { csrf: await designer.csrf(path) });
    expect(read.status).toBe(400);
    expect(await read.text()).toContain('class="error-summary');
  });

  test("/healthz answers ok", async () => {
    const response = await fetch(url("/healthz"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toMatchObject({ status: "ok" });
  });

  test("five wrong passwords lock the account: the right one is then refused too", async () => {
    const email = "council@federal.example";
    const session = new HttpSession();
    const csrf = await session.csrf();
    for (let i = 1; i <= 5; i++) {
      const wrong = await session.post(pathFor("signIn", "en"), { email, password: `wrong password ${i}` }, { csrf });
      expect(wrong.status, `attempt ${i}`).toBe(400);
      expect(decodeEntities(await wrong.text()), `attempt ${i}`).toContain(
        "The email address or password is not correct.",
      );
    }
    const messages: Record<Lang, string> = {
      en: "Too many unsuccessful attempts. For your security, wait 15 minutes and try again, or reset your password.",
      fr: "Trop de tentatives infructueuses.",
    };
    for (const lang of langs) {
      const right = await session.post(pathFor("signIn", lang), { email, password: DEMO_PASSWORD }, { csrf });
      expect(right.status).toBe(400);
      expect(decodeEntities(await right.text())).toContain(messages[lang]);
      expect(session.lastSetCookies.filter((c) => c.startsWith("oi.session_token"))).toEqual([]);
    }
    // The same address in other letter case is the same account.
    const upper = await session.post(
      pathFor("signIn", "en"),
      { email: email.toUpperCase(), password: DEMO_PASSWORD },
      { csrf },
    );
    expect(decodeEntities(await upper.text())).toContain(messages.en);
    // Another account from the same network address is not locked.
    const other = await session.post(
      pathFor("signIn", "en"),
      { email: "designer@federal.example", password: DEMO_PASSWORD },
      { csrf },
    );
    expect(other.status).toBe(302);
  });

  test("cookies are HttpOnly and SameSite=Lax", async () => {
    const session = new HttpSession();
    await session.get(pathFor("signIn", "en"));
    const csrfCookies = session.lastSetCookies;
    expect(csrfCookies.some((c) => c.startsWith("oi_csrf="))).toBe(true);
    const csrf = await session.csrf();
    const response = await session.post(
      pathFor("signIn", "en"),
      { email: "designer@federal.example", password: DEMO_PASSWORD },
      { csrf },
    );
    expect(response.status).toBe(302);
    const signInCookies = session.lastSetCookies;
    expect(signInCookies.some((c) => c.startsWith("oi.session_token="))).toBe(true);
    for (const cookie of [...csrfCookies, ...signInCookies]) {
      const attributes = cookie
        .split(";")
        .slice(1)
        .map((a) => a.trim().toLowerCase());
      expect(attributes, cookie).toContain("httponly");
      expect(attributes, cookie).toContain("samesite=lax");
      expect(attributes, cookie).toContain("path=/");
    }
    // Signing in renewed the CSRF cookie, and the token from before sign-in is refused.
    expect(signInCookies.some((c) => c.startsWith("oi_csrf="))).toBe(true);
    const stale = await session.post(pathFor("signOut", "en"), {}, { csrf });
    expect(stale.status).toBe(403);
    // The session works, and signing out (with the new token) clears it.
    expect(decodeEntities(await (await session.get("/en")).text())).toContain("Welcome, Dana Singh");
    const fresh = await session.csrf("/en");
    expect(fresh).not.toBe(csrf);
    const out = await session.post(pathFor("signOut", "en"), {}, { csrf: fresh });
    expect(out.status).toBe(302);
    expect(session.lastSetCookies.some((c) => c.startsWith("oi_csrf="))).toBe(true);
    expect(session.cookies.has("oi.session_token")).toBe(false);
    expect(decodeEntities(await (await session.get("/en")).text())).not.toContain("Welcome, Dana Singh");
  });
});
