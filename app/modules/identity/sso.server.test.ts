import { createServer as createHttpServer, type Server } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededServices } from "#tests/support/fixtures.ts";
import { HttpClient } from "#tests/support/http-client.ts";
import { freePort, startOidcProvider } from "#tests/support/oidc-idp.ts";
import { DEMO_PASSWORD } from "#db/seed.ts";
import { createApp } from "../../../server/app.ts";
import { signIn, startSsoSignIn } from "./accounts.server.ts";
import { findAuditEvents } from "./audit.server.ts";
import { getTenantContext } from "./organizations.server.ts";
import { readSessionUser } from "./session.server.ts";
import { callbackUrlFor, configureSso, getSsoSettings, removeSso, setSsoDomain } from "./sso.server.ts";

const FEDERAL = "citizen-services-canada";
let s: Awaited<ReturnType<typeof seededServices>>;
let idp: Awaited<ReturnType<typeof startOidcProvider>>;
let app: Server;
let baseUrl: string;

beforeAll(async () => {
  const [appPort, idpPort] = [await freePort(), await freePort()];
  baseUrl = `http://localhost:${appPort}`;
  const issuer = `http://127.0.0.1:${idpPort}`;
  s = await seededServices({ BASE_URL: baseUrl, TRUSTED_ORIGINS: issuer });
  const admin = await s.tenantCtx("admin@federal.example", FEDERAL);
  idp = await startOidcProvider({
    port: idpPort,
    clientId: "outside-in",
    clientSecret: "a-client-secret-for-tests",
    redirectUri: callbackUrlFor(baseUrl, admin.orgId),
    accounts: {
      pat: { email: "pat.new@federal.example", name: "Pat New" },
      stranger: { email: "someone@ontario.example", name: "Not Ours" },
    },
  });
  const server = createApp({
    services: s,
    loadBuild: () => Promise.reject(new Error("no pages in this test")),
  });
  app = server.listen(appPort, "127.0.0.1");
});

afterAll(async () => {
  app?.close();
  await idp?.close();
});

async function adminHeaders() {
  const outcome = await signIn(s, {
    email: "admin@federal.example",
    password: DEMO_PASSWORD,
    ip: "127.0.0.1",
    headers: new Headers(),
  });
  if (!outcome.ok) throw new Error(outcome.key);
  const client = new HttpClient();
  client.keep(baseUrl, outcome.cookies);
  return new Headers({ cookie: client.cookieHeader(baseUrl) });
}

/** Walks a browser through the provider's login and consent, back to us. */
async function signInThroughIdp(email: string, login: string) {
  const browser = new HttpClient();
  const start = await startSsoSignIn(s, {
    email,
    returnTo: `${baseUrl}/en`,
    failureTo: `${baseUrl}/en/sign-in?sso=failed`,
  });
  if (!start.ok) throw new Error(start.key);
  browser.keep(baseUrl, start.cookies);
  const atIdp = (u: string) => u.includes("/interaction/");
  const loginPage = (await browser.follow(start.url, atIdp)).url;
  const afterLogin = await browser.request(loginPage, { form: { prompt: "login", login, password: "anything" } });
  let at = (await browser.follow(afterLogin.location ?? "", (u) => atIdp(u) || u.startsWith(baseUrl))).url;
  if (atIdp(at)) {
    const consent = await browser.request(at, { form: { prompt: "consent" } });
    at = consent.location ?? at;
  }
  const landed = await browser.follow(at, (u) => u === `${baseUrl}/en` || u.includes("sso=failed"));
  const session = await readSessionUser(s.auth, new Headers({ cookie: browser.cookieHeader(baseUrl) }));
  return { landedOn: landed.url, session };
}

describe("single sign-on", () => {
  it("cannot be connected before a platform admin sets the organization's domain", async () => {
    const admin = await s.tenantCtx("admin@federal.example", FEDERAL);
    await expect(
      configureSso(admin, { issuer: idp.issuer, clientId: "outside-in", clientSecret: "x" }, s.auth, {
        headers: await adminHeaders(),
        trustedOrigins: s.settings.trustedOrigins,
      }),
    ).rejects.toMatchObject({ code: "Conflict", key: "sso.errors.noDomain" });
  });

  it("lets only platform admins set the domain", async () => {
    const admin = await s.tenantCtx("admin@federal.example", FEDERAL);
    await expect(setSsoDomain(admin, FEDERAL, "federal.example")).rejects.toMatchObject({ code: "Forbidden" });
    const platform = await s.tenantCtx("platform.admin@institute.example", "institute");
    await setSsoDomain(platform, FEDERAL, "federal.example");
    await expect(setSsoDomain(platform, "ontario-service-delivery", "federal.example")).rejects.toMatchObject({
      code: "Conflict",
    });
  });

  it("refuses providers that are not https unless trusted, private addresses, or non-OpenID servers", async () => {
    const admin = await s.tenantCtx("admin@federal.example", FEDERAL);
    const headers = await adminHeaders();
    await expect(
      configureSso(admin, { issuer: idp.issuer, clientId: "c", clientSecret: "x" }, s.auth, {
        headers,
        trustedOrigins: [],
      }),
    ).rejects.toMatchObject({ key: "sso.errors.https" });
    await expect(
      configureSso(admin, { issuer: `${idp.issuer}/not-an-issuer`, clientId: "c", clientSecret: "x" }, s.auth, {
        headers,
        trustedOrigins: s.settings.trustedOrigins,
      }),
    ).rejects.toMatchObject({ key: "sso.errors.discovery" });
    await expect(
      configureSso(admin, { issuer: "https://10.1.2.3", clientId: "c", clientSecret: "x" }, s.auth, {
        headers,
        trustedOrigins: [],
      }),
    ).rejects.toMatchObject({ key: "sso.errors.privateAddress" });
  });

  it("never reaches a local listener through an IPv4-mapped IPv6 address or a name resolving to loopback", async () => {
    const admin = await s.tenantCtx("admin@federal.example", FEDERAL);
    const listener = createNetServer();
    let connections = 0;
    listener.on("connection", (socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const { port } = listener.address() as AddressInfo;
    try {
      for (const issuer of [
        `https://[::ffff:127.0.0.1]:${port}`,
        `https://[::ffff:7f00:1]:${port}`,
        `https://localhost:${port}`,
      ]) {
        await expect(
          configureSso(admin, { issuer, clientId: "c", clientSecret: "x" }, s.auth, {
            headers: await adminHeaders(),
            trustedOrigins: [],
          }),
          issuer,
        ).rejects.toMatchObject({ key: "sso.errors.privateAddress" });
      }
      expect(connections).toBe(0);
    } finally {
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    }
  });

  it("refuses a configuration whose endpoints are on private addresses", async () => {
    const admin = await s.tenantCtx("admin@federal.example", FEDERAL);
    // A provider the operator trusts, whose configuration names an endpoint elsewhere.
    let tokenEndpoint = "";
    const server = createHttpServer((_req, res) => {
      const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          issuer,
          authorization_endpoint: `${issuer}/auth`,
          token_endpoint: tokenEndpoint,
          jwks_uri: `${issuer}/jwks`,
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const endpoint of [
        "https://169.254.169.254/token",
        "https://[::ffff:a00:1]/token",
        "https://localhost/token",
      ]) {
        tokenEndpoint = endpoint;
        await expect(
          configureSso(admin, { issuer, clientId: "c", clientSecret: "x" }, s.auth, {
            headers: await adminHeaders(),
            trustedOrigins: [issuer],
          }),
          endpoint,
        ).rejects.toMatchObject({ key: "sso.errors.privateAddress" });
      }
      tokenEndpoint = "http://idp.example.ca/token";
      await expect(
        configureSso(admin, { issuer, clientId: "c", clientSecret: "x" }, s.auth, {
          headers: await adminHeaders(),
          trustedOrigins: [issuer],
        }),
      ).rejects.toMatchObject({ key: "sso.errors.https" });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("connects the provider and signs a new person in as a learner of the organization", async () => {
    const admin = await s.tenantCtx("admin@federal.example", FEDERAL);
    await configureSso(
      admin,
      { issuer: idp.issuer, clientId: "outside-in", clientSecret: "a-client-secret-for-tests" },
      s.auth,
      {
        headers: await adminHeaders(),
        trustedOrigins: s.settings.trustedOrigins,
      },
    );
    expect(await getSsoSettings(admin, baseUrl)).toMatchObject({
      domain: "federal.example",
      issuer: idp.issuer,
      clientId: "outside-in",
    });

    const { landedOn, session } = await signInThroughIdp("pat.new@federal.example", "pat");
    expect(landedOn).toBe(`${baseUrl}/en`);
    expect(session?.email).toBe("pat.new@federal.example");
    const member = await getTenantContext(await s.userCtx("pat.new@federal.example"), FEDERAL);
    expect(member?.roles).toEqual(["learner"]);
    const { events } = await findAuditEvents(admin, { action: "member.added", page: 1 });
    expect(events[0]?.after).toMatchObject({ source: "single sign-on" });
  });

  it("refuses an address outside the organization's domain, even from its own provider", async () => {
    const { landedOn, session } = await signInThroughIdp("pat.new@federal.example", "stranger");
    expect(landedOn).toContain("sso=failed");
    expect(session).toBeNull();
    await expect(s.userCtx("someone@ontario.example")).rejects.toThrow(/no demo user/);
  });

  it("has no provider for other domains, and none once removed", async () => {
    expect(await startSsoSignIn(s, { email: "x@ontario.example", returnTo: "/en", failureTo: "/en" })).toMatchObject({
      ok: false,
      key: "sso.errors.noProvider",
    });
    const admin = await s.tenantCtx("admin@federal.example", FEDERAL);
    await removeSso(admin);
    expect(
      await startSsoSignIn(s, { email: "pat.new@federal.example", returnTo: "/en", failureTo: "/en" }),
    ).toMatchObject({
      ok: false,
    });
  });
});
