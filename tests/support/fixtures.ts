import { eq } from "drizzle-orm";
import type { TenantCtx, UserCtx } from "#app/modules/identity/context.ts";
import { getTenantContext } from "#app/modules/identity/organizations.server.ts";
import { user } from "#app/modules/identity/schema.ts";
import { seedDemoIfEmpty } from "#db/seed.ts";
import { createTestServices } from "./test-db.ts";

/** Test services with the demo organizations and accounts, and context builders. */
export async function seededServices(env: Record<string, string> = {}) {
  // A copy of the run's seeded template; seeding again finds it done.
  const services = await createTestServices(env, { seeded: true });
  await seedDemoIfEmpty(services);

  async function userCtx(email: string): Promise<UserCtx> {
    const [row] = await services.db.select().from(user).where(eq(user.email, email));
    if (!row) throw new Error(`no demo user ${email}`);
    return { db: services.db, userId: row.id, email: row.email, name: row.name };
  }

  async function tenantCtx(email: string, orgSlug: string): Promise<TenantCtx> {
    const ctx = await getTenantContext(await userCtx(email), orgSlug);
    if (!ctx) throw new Error(`${email} is not a member of ${orgSlug}`);
    return ctx;
  }

  return { ...services, userCtx, tenantCtx };
}
