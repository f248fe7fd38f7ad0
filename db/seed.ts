import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { AppServices } from "#app/context.ts";
import { recordAudit } from "#app/modules/identity/audit.server.ts";
import type { Role } from "#app/modules/identity/policy.ts";
import { account, membership, organization, user } from "#app/modules/identity/schema.ts";
import { seedDemoBenchmarking } from "./seed-benchmarking.ts";
import { seedDemoSurveys } from "./seed-surveys.ts";

/** Every demo account signs in with this password (README lists the accounts). */
export const DEMO_PASSWORD = "Demo-password-2026!";

type OrgSeed = typeof organization.$inferInsert & { slug: string };

export const demoOrganizations: OrgSeed[] = [
  {
    slug: "institute",
    nameEn: "Institute for Citizen-Centred Service",
    nameFr: "Institut des services axés sur les citoyens",
    orderOfGovernment: "international",
    jurisdiction: "CA",
    isOperator: true,
  },
  {
    slug: "citizen-services-canada",
    nameEn: "Citizen Services Canada",
    nameFr: "Services aux citoyens Canada",
    orderOfGovernment: "federal",
    jurisdiction: "CA",
  },
  {
    slug: "ontario-service-delivery",
    nameEn: "Ontario Service Delivery Division",
    nameFr: "Division de la prestation des services de l'Ontario",
    orderOfGovernment: "provincial_territorial",
    jurisdiction: "CA-ON",
  },
  {
    slug: "nova-scotia-access",
    nameEn: "Access Nova Scotia",
    nameFr: "Accès Nouvelle-Écosse",
    orderOfGovernment: "provincial_territorial",
    jurisdiction: "CA-NS",
  },
  {
    slug: "ottawa-client-services",
    nameEn: "City of Ottawa Client Services",
    nameFr: "Services à la clientèle de la Ville d'Ottawa",
    orderOfGovernment: "municipal",
    jurisdiction: "CA-ON-Ottawa",
  },
];

interface UserSeed {
  email: string;
  name: string;
  locale: "en" | "fr";
  memberships: Record<string, Role[]>;
}

export const demoUsers: UserSeed[] = [
  {
    email: "platform.admin@institute.example",
    name: "Pat Lavoie",
    locale: "en",
    memberships: { institute: ["platform_admin", "org_admin"] },
  },
  {
    email: "admin@federal.example",
    name: "Alex Martin",
    locale: "en",
    memberships: { "citizen-services-canada": ["org_admin"] },
  },
  {
    email: "designer@federal.example",
    name: "Dana Singh",
    locale: "en",
    memberships: { "citizen-services-canada": ["survey_designer"] },
  },
  {
    email: "analyst@federal.example",
    name: "Sam Tremblay",
    locale: "fr",
    memberships: { "citizen-services-canada": ["analyst"] },
  },
  {
    email: "learner@federal.example",
    name: "Lee Gagnon",
    locale: "en",
    memberships: { "citizen-services-canada": ["learner"] },
  },
  {
    email: "facilitator@federal.example",
    name: "Robin Côté",
    locale: "fr",
    memberships: { "citizen-services-canada": ["facilitator"] },
  },
  {
    email: "council@federal.example",
    name: "Morgan Roy",
    locale: "en",
    memberships: { "citizen-services-canada": ["council_member"] },
  },
  {
    email: "admin@ontario.example",
    name: "Jordan Wilson",
    locale: "en",
    memberships: { "ontario-service-delivery": ["org_admin", "survey_designer"] },
  },
  {
    email: "analyst@ontario.example",
    name: "Casey Brown",
    locale: "en",
    memberships: { "ontario-service-delivery": ["analyst"] },
  },
  {
    email: "admin@novascotia.example",
    name: "Taylor MacDonald",
    locale: "en",
    memberships: { "nova-scotia-access": ["org_admin", "analyst"] },
  },
  {
    email: "admin@ottawa.example",
    name: "Camille Bélanger",
    locale: "fr",
    memberships: { "ottawa-client-services": ["org_admin", "survey_designer", "analyst"] },
  },
];

/**
 * Creates the demo organizations and accounts on a database that has no
 * account yet. Does nothing once anyone has signed up, so real data is never
 * overwritten. The operator organization may already exist (it is created at
 * start-up); it is reused.
 */
export async function seedDemoIfEmpty(services: Pick<AppServices, "db" | "auth" | "keyring">): Promise<boolean> {
  const { db, auth, keyring } = services;
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(user);
  if ((count?.n ?? 0) > 0) return false;

  // Accounts first, written straight to the tables we own, with better-auth's
  // own password hashing; finding them by e-mail makes a re-run after a crash safe.
  const ctx = await auth.$context;
  const userIds = new Map<string, string>();
  for (const u of demoUsers) {
    const [existing] = await db.select({ id: user.id }).from(user).where(eq(user.email, u.email));
    if (existing) {
      userIds.set(u.email, existing.id);
      continue;
    }
    const id = randomBytes(16).toString("hex");
    await db.insert(user).values({ id, email: u.email, name: u.name, emailVerified: true, locale: u.locale });
    await db.insert(account).values({
      id: randomBytes(16).toString("hex"),
      userId: id,
      providerId: "credential",
      accountId: id,
      password: await ctx.password.hash(DEMO_PASSWORD),
    });
    userIds.set(u.email, id);
  }

  await db.transaction(async (tx) => {
    const orgIds = new Map<string, string>();
    for (const org of demoOrganizations) {
      await tx.insert(organization).values(org).onConflictDoNothing({ target: organization.slug });
      const [row] = await tx.select({ id: organization.id }).from(organization).where(eq(organization.slug, org.slug));
      if (row) orgIds.set(org.slug, row.id);
    }
    for (const u of demoUsers) {
      for (const [slug, roles] of Object.entries(u.memberships)) {
        const orgId = orgIds.get(slug) as string;
        const userId = userIds.get(u.email) as string;
        await tx.insert(membership).values({ orgId, userId, roles });
        await recordAudit(
          tx,
          { orgId, userId: null, email: null },
          {
            action: "member.added",
            targetType: "user",
            targetId: userId,
            after: { roles, source: "demo seed" },
          },
        );
      }
    }
  });
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  const surveys = await seedDemoSurveys(db, keyring, today);
  await seedDemoBenchmarking(db, surveys, today);
  return true;
}
