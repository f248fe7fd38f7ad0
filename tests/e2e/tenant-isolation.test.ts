import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { type Lang, langs, type PageId, pages, pathFor } from "#app/i18n/paths.ts";
import { DEMO_PASSWORD, orgSlugs, user, users } from "./support/demo.ts";
import { h1Of, HttpSession, signedInSession } from "./support/http.ts";
import { watchServerLog } from "./support/server.ts";

// Tenant isolation over plain HTTP: a member of one organization gets 404 for
// every page, API and form of every other organization, exactly as for an
// organization that does not exist, and changes nothing there.

watchServerLog();

/** Every page under an organization's address (orgHome, orgMembers, …), from the URL table. */
const orgPages = (Object.keys(pages) as PageId[]).filter((p) => pages[p].en.startsWith("orgs/:org"));
const NO_SUCH_ORG = "no-such-organization";
const NO_SUCH_MEMBER = randomUUID();
const BANK_PROBE = "tenantprobe";

/** Org admins and analysts of every demo organization. */
const outsiders = users.filter((u) => u.roles.includes("org_admin") || u.roles.includes("analyst"));

/** One admin session per organization, to read its real state. */
const adminOf = new Map<string, HttpSession>();
/** A real member id in each organization. */
const memberIdOf = new Map<string, string>();

async function snapshot(org: string) {
  const session = adminOf.get(org) as HttpSession;
  const api = await session.get(`/api/v1/orgs/${org}/members`);
  expect(api.status).toBe(200);
  const settings = await (await session.get(pathFor("orgSettings", "en", { org }))).text();
  const pending = await (await session.get(pathFor("orgMembers", "en", { org }))).text();
  const bank = await (await session.get(`${pathFor("questionBank", "en", { org })}?q=${BANK_PROBE}`)).text();
  return {
    members: ((await api.json()) as { members: unknown[] }).members,
    nameEn:
      /id="nameEn"[^>]*value="([^"]*)"/.exec(settings)?.[1] ?? /value="([^"]*)"[^>]*id="nameEn"/.exec(settings)?.[1],
    // Everything below the members table: the pending invitations.
    pendingSection: pending.slice(pending.indexOf("<h2"), pending.indexOf("</main>")),
    // Private questions an outsider might have added.
    bankRows: (bank.match(/<tr\b/g) ?? []).length,
    // Surveys an outsider might have created.
    surveys: await (async () => {
      const list = await session.get(pathFor("surveys", "en", { org }));
      expect(list.status).toBe(200);
      return (await list.text()).includes(BANK_PROBE);
    })(),
  };
}

/** The page without what changes per request or per organization named in the URL. */
function normalized(html: string, org: string): string {
  return html
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""')
    .replaceAll(org, "ORG")
    .replaceAll(NO_SUCH_ORG, "ORG")
    .replaceAll(memberIdOf.get(org) ?? "\u0000", "MEMBER")
    .replaceAll(NO_SUCH_MEMBER, "MEMBER");
}

/** The page's address in an organization; a member id where it takes one, a stand-in for any other param. */
function pathOf(page: PageId, lang: Lang, org: string, member: string): string {
  const params: Record<string, string> = { org, userId: member };
  for (const [, name] of pages[page].en.matchAll(/:(\w+)/g)) params[name as string] ??= "stand-in";
  return pathFor(page, lang, params);
}

type Form = Record<string, string | Blob>;
const formFor: Record<
  | "orgMembers"
  | "orgMemberInvite"
  | "orgMember"
  | "orgSettings"
  | "orgSso"
  | "questionBankNew"
  | "questionBankItem"
  | "surveyNew"
  | "survey"
  | "surveyDistribution"
  | "surveySettings"
  | "surveyResponses"
  | "surveyResponse"
  | "surveyDelete"
  | "surveyInvitations"
  | "surveyImport"
  | "surveyImportStep"
  | "orgApiTokens"
  | "orgBenchmarking"
  | "surveyBenchmark"
  | "surveyShareLinks",
  (probe: string) => Form[]
> = {
  orgMembers: () => [{ intent: "revoke", invitationId: randomUUID() }],
  orgMemberInvite: (probe) => [{ email: probe, roles: "org_admin", lang: "en" }],
  orgMember: (): Form[] => [
    { intent: "roles", roles: "org_admin" },
    { intent: "remove", confirm: "yes" },
  ],
  orgSso: (): Form[] => [
    { intent: "save", issuer: "https://idp.tenant.example", clientId: "client", clientSecret: "secret" },
    { intent: "remove" },
  ],
  orgSettings: () => [
    { nameEn: "Taken over", nameFr: "Pris en main", orderOfGovernment: "federal", jurisdiction: "CA" },
  ],
  questionBankNew: (): Form[] => [
    {
      type: "scale5",
      scale: "satisfaction",
      textEn: `${BANK_PROBE} question`,
      textFr: `${BANK_PROBE} question`,
      channels: "online",
      element: "perception",
      variant: "both",
      module: "custom",
    },
  ],
  questionBankItem: (): Form[] => [{ intent: "retire" }],
  surveyNew: (): Form[] => [
    {
      titleEn: `${BANK_PROBE} survey`,
      titleFr: `${BANK_PROBE} sondage`,
      serviceEn: "Taken over",
      serviceFr: "Pris en main",
      channels: "online",
      variant: "citizen",
    },
  ],
  survey: (): Form[] => [{ op: "addPage", titleEn: "x", titleFr: "y" }, { op: "publish" }],
  surveyDistribution: (): Form[] => [{ startKey: "staff-entry-probe-0001" }],
  // What would weaken privacy or destroy data: anonymity off, shortest retention, deletions.
  surveySettings: (): Form[] => [{ intent: "privacy", anonymous: "no", retentionMonths: "1" }],
  surveyResponses: (): Form[] => [{ intent: "deletePartials", confirm: "yes" }],
  surveyResponse: (): Form[] => [{ intent: "delete", confirm: "yes" }],
  surveyDelete: (): Form[] => [{ confirmTitle: "stand-in" }],
  surveyInvitations: (probe): Form[] => [
    {
      intent: "upload",
      defaultLang: "en",
      file: new File([`email\n${probe}\n`], "contacts.csv", { type: "text/csv" }),
    },
    { intent: "send" },
    { intent: "settings", reminderInterval: "1", reminderMax: "5", keepContacts: "yes" },
    { intent: "delete", confirm: "yes" },
  ],
  surveyImport: (): Form[] => [{ file: "CORE-OS-01\n5\n" }],
  surveyImportStep: (): Form[] => [
    { intent: "mapping", version: "1", col_0: "q:CORE-OS-01", defaultLang: "en" },
    { intent: "recoding", hash: "x" },
    { intent: "commit" },
    { intent: "discard" },
  ],
  orgApiTokens: (probe): Form[] => [
    { tokenName: probe, scopes: "responses:write" },
    { intent: "revoke", tokenId: randomUUID() },
  ],
  orgBenchmarking: (): Form[] => [{ intent: "optOut" }, { intent: "optIn" }],
  surveyBenchmark: (): Form[] => [{ serviceType: "registration" }],
  surveyShareLinks: (probe): Form[] => [{ label: probe }, { intent: "revoke", linkId: randomUUID() }],
};

beforeAll(async () => {
  for (const org of orgSlugs) {
    const admin = users.find((u) => u.org === org && u.roles.includes("org_admin"));
    if (!admin) throw new Error(`no admin for ${org}`);
    const session = await signedInSession(admin.email, DEMO_PASSWORD);
    adminOf.set(org, session);
    const api = await session.get(`/api/v1/orgs/${org}/members`);
    expect(api.status).toBe(200);
    const body = (await api.json()) as { members: { userId: string; email: string }[] };
    const other = body.members.find((m) => m.email !== admin.email) ?? body.members[0];
    if (!other) throw new Error(`no member in ${org}`);
    memberIdOf.set(org, other.userId);
  }
});

describe("tenant isolation", () => {
  test("the organization pages are found in the URL table", () => {
    expect(orgPages).toEqual(
      expect.arrayContaining(["orgHome", "orgMembers", "orgMemberInvite", "orgMember", "orgAudit", "orgSettings"]),
    );
  });

  test.each(outsiders.map((u) => [u.email, u.org] as const))(
    "%s (member of %s) gets 404 on every other organization, like on one that does not exist",
    async (email, ownOrg) => {
      const session = await signedInSession(email, DEMO_PASSWORD);
      const csrf = await session.csrf("/en");
      const probe = `probe.${randomUUID()}@tenant.example`;
      const others = orgSlugs.filter((o) => o !== ownOrg);
      expect(others.length).toBe(orgSlugs.length - 1);
      const before = new Map(await Promise.all(others.map(async (o) => [o, await snapshot(o)] as const)));

      // What an organization that does not exist looks like to this person.
      const baseline = new Map<string, { status: number; body: string }>();
      for (const lang of langs) {
        for (const page of orgPages) {
          const response = await session.get(pathOf(page, lang, NO_SUCH_ORG, NO_SUCH_MEMBER));
          baseline.set(`${lang}:${page}`, {
            status: response.status,
            body: normalized(await response.text(), NO_SUCH_ORG),
          });
        }
      }
      for (const { status } of baseline.values()) expect(status).toBe(404);

      const seen: string[] = [];
      for (const org of others) {
        const member = memberIdOf.get(org) as string;
        for (const lang of langs) {
          for (const page of orgPages) {
            const path = pathOf(page, lang, org, member);
            const response = await session.get(path);
            const body = await response.text();
            seen.push(`GET ${path} ${response.status}`);
            expect(response.status, `GET ${path} as ${email}`).toBe(404);
            expect(normalized(body, org), `GET ${path} must look like a missing organization`).toBe(
              baseline.get(`${lang}:${page}`)?.body,
            );
          }
          for (const [page, forms] of Object.entries(formFor)) {
            const path = pathOf(page as PageId, lang, org, member);
            for (const fields of forms(probe)) {
              const response = await session.post(path, fields, { csrf });
              seen.push(`POST ${path} ${response.status}`);
              expect(response.status, `POST ${path} ${JSON.stringify(fields)} as ${email}`).toBe(404);
            }
          }
        }
        const api = await session.get(`/api/v1/orgs/${org}/members`);
        expect(api.status, `GET /api/v1/orgs/${org}/members as ${email}`).toBe(404);
        expect(await api.json()).toEqual({ error: "NotFound" });
        const missing = await session.get(`/api/v1/orgs/${NO_SUCH_ORG}/members`);
        expect(missing.status).toBe(404);
        expect(await missing.json()).toEqual({ error: "NotFound" });
      }
      const formCount = Object.values(formFor).reduce((n, forms) => n + forms(probe).length, 0);
      expect(seen.length).toBe(others.length * langs.length * (orgPages.length + formCount));

      // Nothing changed in the other organizations.
      for (const org of others) {
        const after = await snapshot(org);
        expect(after, `state of ${org} after ${email}'s attempts`).toEqual(before.get(org));
        expect(after.pendingSection).not.toContain(probe);
      }

      // The person's own organization still opens, so the 404s above are about tenancy.
      const own = await session.get(pathFor("orgHome", "en", { org: ownOrg }));
      expect(own.status).toBe(200);
    },
  );

  test("a learner gets 403 on their own organization's members, audit, settings and API", async () => {
    const learner = user("learner@federal.example");
    const org = learner.org;
    const session = await signedInSession(learner.email, DEMO_PASSWORD);
    const member = memberIdOf.get(org) as string;
    for (const lang of langs) {
      expect((await session.get(pathFor("orgHome", lang, { org }))).status).toBe(200);
      for (const page of ["orgMembers", "orgMemberInvite", "orgMember", "orgAudit", "orgSettings", "orgSso"] as const) {
        const path = pathOf(page, lang, org, member);
        const response = await session.get(path);
        expect(response.status, `GET ${path} as a learner`).toBe(403);
        const title = lang === "en" ? "You do not have access to this page" : "Vous n’avez pas accès à cette page";
        expect(h1Of(await response.text())).toBe(title);
      }
    }
    const api = await session.get(`/api/v1/orgs/${org}/members`);
    expect(api.status).toBe(403);
    expect(await api.json()).toEqual({ error: "Forbidden" });

    // A form post is refused the same way and changes nothing.
    const before = await snapshot(org);
    const csrf = await session.csrf("/en");
    const post = await session.post(
      pathFor("orgSettings", "en", { org }),
      { nameEn: "Renamed by a learner", nameFr: "Renommé", orderOfGovernment: "federal", jurisdiction: "CA" },
      { csrf },
    );
    expect(post.status).toBe(403);
    expect(await snapshot(org)).toEqual(before);
  });

  test("signed out, an organization page redirects to sign-in in the same language", async () => {
    const anonymous = new HttpSession();
    const org = "citizen-services-canada";
    const member = memberIdOf.get(org) as string;
    for (const lang of langs) {
      for (const page of orgPages) {
        const path = pathOf(page, lang, org, member);
        const response = await anonymous.get(path);
        expect([302, 303], `GET ${path} signed out`).toContain(response.status);
        const location = new URL(response.headers.get("location") ?? "", "http://x");
        expect(location.pathname).toBe(pathFor("signIn", lang));
        expect(location.searchParams.get("next")).toBe(path);
      }
    }
    const api = await anonymous.get(`/api/v1/orgs/${org}/members`);
    expect(api.status).toBe(401);
  });

  test("only a platform admin may open the platform administration", async () => {
    const platformAdmin = await signedInSession("platform.admin@institute.example", DEMO_PASSWORD);
    const own = "citizen-services-canada";
    expect((await platformAdmin.get(pathFor("adminOrgs", "en"))).status).toBe(200);
    expect((await platformAdmin.get(pathFor("adminOrg", "en", { org: own }))).status).toBe(200);
    for (const email of ["admin@federal.example", "analyst@ontario.example", "learner@federal.example"]) {
      const session = await signedInSession(email, DEMO_PASSWORD);
      for (const lang of langs) {
        for (const path of [pathFor("adminOrgs", lang), pathFor("adminOrg", lang, { org: own })]) {
          const response = await session.get(path);
          expect(response.status, `${path} as ${email}`).toBe(404);
        }
      }
      const csrf = await session.csrf("/en");
      const domain = await session.post(
        pathFor("adminOrg", "en", { org: own }),
        { ssoDomain: "federal.example" },
        { csrf },
      );
      expect(domain.status).toBe(404);
      expect(await (await platformAdmin.get(pathFor("adminOrg", "en", { org: own }))).text()).not.toContain(
        'value="federal.example"',
      );
      const slug = `sneaky-${Date.now()}`;
      const post = await session.post(
        pathFor("adminOrgs", "en"),
        {
          slug,
          nameEn: "Sneaky",
          nameFr: "Sournois",
          orderOfGovernment: "municipal",
          jurisdiction: "CA",
          adminEmail: "sneaky@tenant.example",
          adminLang: "en",
        },
        { csrf },
      );
      expect(post.status).toBe(404);
      expect(await (await platformAdmin.get(pathFor("adminOrgs", "en"))).text()).not.toContain(slug);
    }
  });
});
