import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signIn, signUp } from "#app/modules/identity/accounts.server.ts";
import { membership, organization } from "#app/modules/identity/schema.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { createTestServices } from "#tests/support/test-db.ts";
import { DEMO_PASSWORD, demoOrganizations, demoUsers, seedDemoIfEmpty } from "./seed.ts";

describe("demo seed", () => {
  it("creates every order of government, every role, and accounts that can sign in", async () => {
    const s = await createTestServices();
    expect(await seedDemoIfEmpty(s)).toBe(true);
    const orders = new Set(demoOrganizations.map((o) => o.orderOfGovernment));
    expect(orders).toEqual(new Set(["federal", "provincial_territorial", "municipal", "international"]));
    const roles = await s.db.select({ role: sql<string>`distinct unnest(${membership.roles})` }).from(membership);
    expect(roles.map((r) => r.role).sort()).toEqual(
      ["analyst", "council_member", "facilitator", "learner", "org_admin", "platform_admin", "survey_designer"].sort(),
    );
    const surveys = await s.db.select({ status: survey.status, version: survey.publishedVersion }).from(survey);
    expect(surveys).toHaveLength(3);
    expect(surveys.every((x) => x.status === "published" && x.version === 1)).toBe(true);
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

  it("never runs twice or over real data", async () => {
    const s = await createTestServices();
    await s.db.insert(organization).values({
      slug: "real-org",
      nameEn: "Real",
      nameFr: "Réelle",
      orderOfGovernment: "municipal",
      jurisdiction: "CA-QC",
    });
    await signUp(s, { name: "A Real Person", email: "real@example.ca", password: "a long real password", lang: "en" });
    expect(await seedDemoIfEmpty(s)).toBe(false);
    const [count] = await s.db.select({ n: sql<number>`count(*)::int` }).from(organization);
    expect(count?.n).toBe(2); // the operator, created at start-up, and the real one
    expect(await seedDemoIfEmpty(s)).toBe(false);
  });
});
