import type { Server } from "node:http";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, signOut } from "#app/modules/identity/accounts.server.ts";
import { csrfTokenMatches } from "#app/modules/platform/csrf.server.ts";
import { DEMO_PASSWORD } from "#db/seed.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import { HttpClient } from "#tests/support/http-client.ts";
import { freePort } from "#tests/support/oidc-idp.ts";
import { csrfCookie } from "./security.ts";

// The CSRF cookie middleware in front of real sign-in and sign-out, with the
// secure cookies of an https BASE_URL: the form token a page would carry is
// what GET /token answers.

let s: Awaited<ReturnType<typeof seededServices>>;
let server: Server;
let base: string;

beforeAll(async () => {
  s = await seededServices({ BASE_URL: "https://outside-in.test" });
  const app = express();
  app.use(csrfCookie(s.settings));
  const forward = (res: express.Response, cookies: Headers) => {
    for (const cookie of cookies.getSetCookie()) res.append("Set-Cookie", cookie);
  };
  app.get("/token", (_req, res) => void res.json({ token: res.locals.csrfToken }));
  app.post("/sign-in", async (_req, res) => {
    const outcome = await signIn(s, {
      email: "designer@federal.example",
      password: DEMO_PASSWORD,
      ip: "127.0.0.1",
      headers: new Headers(),
    });
    if (!outcome.ok) throw new Error(outcome.key);
    forward(res, outcome.cookies);
    res.status(204).end();
  });
  app.post("/sign-out", async (req, res) => {
    forward(res, await signOut(s, new Headers({ cookie: req.headers.cookie ?? "" })));
    res.status(204).end();
  });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = app.listen(port, "127.0.0.1");
});
afterAll(() => server?.close());

const csrfCookiesOf = (response: Response) =>
  response.headers.getSetCookie().filter((c) => c.startsWith("__Host-oi_csrf="));

async function tokenOf(browser: HttpClient) {
  const { response } = await browser.request(`${base}/token`);
  return ((await response.json()) as { token: string }).token;
}

describe("the CSRF cookie", () => {
  it("is named __Host-… under https: Path=/, Secure, HttpOnly, SameSite=Lax, no Domain", async () => {
    const { response } = await new HttpClient().request(`${base}/token`);
    const [cookie, ...more] = csrfCookiesOf(response);
    expect(more).toEqual([]);
    const attributes = (cookie ?? "")
      .split(";")
      .slice(1)
      .map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(["path=/", "secure", "httponly", "samesite=lax"]));
    expect(attributes.some((a) => a.startsWith("domain="))).toBe(false);
    expect(response.headers.getSetCookie().some((c) => c.startsWith("oi_csrf="))).toBe(false);
  });

  it("gives a token from before sign-in no worth after it, and is renewed at sign-in and sign-out", async () => {
    const browser = new HttpClient();
    const before = await tokenOf(browser);
    const cookieBefore = browser.cookieHeader(base);
    expect(await tokenOf(browser)).toBe(before);

    const { response: signedIn } = await browser.request(`${base}/sign-in`, { method: "POST" });
    expect(signedIn.headers.getSetCookie().some((c) => c.startsWith("__Secure-oi.session_token="))).toBe(true);
    expect(csrfCookiesOf(signedIn)).toHaveLength(1);
    const after = await tokenOf(browser);
    expect(csrfTokenMatches(after, before)).toBe(false);

    // Bound to the session: even with the old CSRF cookie kept (a browser
    // that ignored the renewal, or a value planted before sign-in), the
    // token from before sign-in does not match once signed in.
    const session = browser
      .cookieHeader(base)
      .split("; ")
      .find((c) => c.startsWith("__Secure-oi.session_token="));
    const planted = await fetch(`${base}/token`, { headers: { cookie: `${cookieBefore}; ${session}` } });
    const plantedToken = ((await planted.json()) as { token: string }).token;
    expect(csrfTokenMatches(plantedToken, before)).toBe(false);

    const { response: signedOut } = await browser.request(`${base}/sign-out`, { method: "POST" });
    expect(csrfCookiesOf(signedOut)).toHaveLength(1);
    const out = await tokenOf(browser);
    expect(csrfTokenMatches(out, before)).toBe(false);
    expect(csrfTokenMatches(out, after)).toBe(false);
  });
});
