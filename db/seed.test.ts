import { isDeepStrictEqual } from "node:util";
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { signIn, signUp } from "#app/modules/identity/accounts.server.ts";
import { membership, organization } from "#app/modules/identity/schema.ts";
import type { FrozenQuestion } from "#app/modules/measure/definition.ts";
import { survey, surveyVersion } from "#app/modules/measure/schema.ts";
import { isFreeText, parseAnswer } from "#app/modules/responses/answers.ts";
import { response } from "#app/modules/responses/schema.ts";
import { createTestServices } from "#tests/support/test-db.ts";
import { demoSurveys } from "./demo-surveys.ts";
import { DEMO_PASSWORD, demoOrganizations, demoUsers, seedDemoIfEmpty } from "./seed.ts";

let s: Awaited<ReturnType<typeof createTestServices>>;
beforeAll(async () => {
  s = await createTestServices();
  expect(await seedDemoIfEmpty(s)).toBe(true);
});

const designerOrgs = [
  ...new Set(
    demoUsers.flatMap((u) =>
      Object.entries(u.memberships)
        .filter(([, roles]) => roles.includes("survey_designer"))
        .map(([slug]) => slug),
    ),
  ),
];

describe("demo seed", () => {
  it("creates every order of government, every role, and accounts that can sign in", async () => {
    const orders = new Set(demoOrganizations.map((o) => o.orderOfGovernment));
    expect(orders).toEqual(new Set(["federal", "provincial_territorial", "municipal", "international"]));
    const roles = await s.db.select({ role: sql<string>`distinct unnest(${membership.roles})` }).from(membership);
    expect(roles.map((r) => r.role).sort()).toEqual(
      ["analyst", "council_member", "facilitator", "learner", "org_admin", "platform_admin", "survey_designer"].sort(),
    );
    for (const u of demoUsers) {
      const outcome = await signIn(s, {
        email: u.email,
        password: DEMO_PASSWORD,
        ip: "127.0.0.1",
        headers: new Headers(),
      });
      expect(outcome.ok, u.email).toBe(true);
    }
  });

  it("fields several surveys per organization with a designer, each over two or more waves", async () => {
    const surveys = await s.db
      .select({ id: survey.id, slug: organization.slug, status: survey.status, version: survey.publishedVersion })
      .from(survey)
      .innerJoin(organization, eq(organization.id, survey.orgId))
      // Benchmarking's peers (seed-benchmarking.ts) have one small survey each, with no designer.
      .where(
        inArray(
          organization.slug,
          demoOrganizations.map((o) => o.slug),
        ),
      );
    expect(surveys).toHaveLength(demoSurveys.length);
    expect(surveys.every((x) => x.version === 2 && x.status !== "draft")).toBe(true);
    expect(surveys.filter((x) => x.status === "closed").length).toBeGreaterThan(0);
    const waves = await s.db
      .select({
        surveyId: response.surveyId,
        year: sql<number>`extract(year from ${response.submittedAt})::int`,
        versions: sql<number[]>`array_agg(distinct ${response.version})`,
        n: sql<number>`count(*)::int`,
      })
      .from(response)
      .where(eq(response.status, "complete"))
      .groupBy(response.surveyId, sql`2`);
    for (const slug of designerOrgs) {
      const fielded = surveys.filter(
        (x) => x.slug === slug && waves.filter((w) => w.surveyId === x.id && w.n >= 500).length >= 2,
      );
      expect(fielded.length, slug).toBeGreaterThanOrEqual(2);
    }
    // Responses span both versions of every survey.
    for (const x of surveys) {
      expect(new Set(waves.filter((w) => w.surveyId === x.id).flatMap((w) => w.versions))).toEqual(new Set([1, 2]));
    }
    const [total] = await s.db.select({ n: sql<number>`count(*)::int` }).from(response);
    expect(total?.n).toBeGreaterThan(10_000);
  });

  it("answers only the questions of each response's version, after it was published, with free text sealed", async () => {
    const versions = await s.db.select().from(surveyVersion);
    const questions = new Map(
      versions.map((v) => [
        `${v.surveyId}/${v.version}`,
        {
          publishedAt: v.publishedAt,
          byCode: new Map<string, FrozenQuestion>(
            v.definition.pages.flatMap((p) => p.items.map((i) => [i.code, i.question] as const)),
          ),
        },
      ]),
    );
    const rows = await s.db.select().from(response);
    const problems: string[] = [];
    const texts: { orgId: string; sealed: string; stored: string }[] = [];
    for (const row of rows) {
      const version = questions.get(`${row.surveyId}/${row.version}`);
      if (!version) throw new Error(`no version ${row.version} of ${row.surveyId}`);
      if (row.startedAt <= version.publishedAt) problems.push(`${row.id} started before its version`);
      if ((row.submittedAt === null) !== (row.status === "partial")) problems.push(`${row.id} submitted but partial`);
      if (row.resumeHash !== null) problems.push(`${row.id} has a resume token`);
      for (const [code, value] of Object.entries(row.answers)) {
        const q = version.byCode.get(code);
        if (!q) {
          problems.push(`${code} is not in version ${row.version}`);
        } else if (isFreeText(q)) {
          if (typeof value === "object" && !Array.isArray(value)) {
            texts.push({ orgId: row.orgId, sealed: value.sealed, stored: JSON.stringify(row.answers) });
          } else problems.push(`${code} is not sealed`);
        } else if (!isDeepStrictEqual(parseAnswer(q, Array.isArray(value) ? value : [String(value)]), { value })) {
          problems.push(`${code}=${JSON.stringify(value)} is not a valid answer`);
        }
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(texts.length).toBeGreaterThan(100);
    for (const t of texts.slice(0, 200)) {
      const plain = (await s.keyring.forOrg(s.db, t.orgId)).open(t.sealed);
      expect(plain.length).toBeGreaterThan(10);
      expect(t.stored).not.toContain(plain);
    }
  });

  it("tells each survey's story: satisfaction follows the driver that changed", async () => {
    const overall = async (key: string) => {
      const [o] = demoSurveys.filter((d) => d.key === key);
      const rows = await s.db
        .select({
          year: sql<number>`extract(year from ${response.submittedAt})::int`,
          mean: sql<number>`avg((${response.answers}->>'CORE-OS-01')::int)::float`,
        })
        .from(response)
        .innerJoin(survey, and(eq(survey.orgId, response.orgId), eq(survey.id, response.surveyId)))
        .where(and(eq(survey.titleEn, o?.survey.titleEn ?? ""), sql`${response.answers} ? 'CORE-OS-01'`))
        .groupBy(sql`1`)
        .orderBy(sql`1`);
      return rows.map((r) => r.mean);
    };
    const passport = await overall("passport-in-person");
    expect((passport.at(-1) ?? 0) - (passport[0] ?? 0)).toBeGreaterThan(0.2);
    const phone = await overall("benefits-telephone");
    expect((phone.at(-1) ?? 0) - (phone[0] ?? 0)).toBeLessThan(-0.1);
  });
});

describe("demo seed on a database in use", () => {
  it("never runs twice or over real data", async () => {
    const fresh = await createTestServices();
    await fresh.db.insert(organization).values({
      slug: "real-org",
      nameEn: "Real",
      nameFr: "Réelle",
      orderOfGovernment: "municipal",
      jurisdiction: "CA-QC",
    });
    await signUp(fresh, {
      name: "A Real Person",
      email: "real@example.ca",
      password: "Granite-harbour-kestrel-1987",
      lang: "en",
    });
    expect(await seedDemoIfEmpty(fresh)).toBe(false);
    const [count] = await fresh.db.select({ n: sql<number>`count(*)::int` }).from(organization);
    expect(count?.n).toBe(2); // the operator, created at start-up, and the real one
    expect(await seedDemoIfEmpty(fresh)).toBe(false);
    expect(await seedDemoIfEmpty(s)).toBe(false);
  });
});
