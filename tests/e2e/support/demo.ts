import { DEMO_PASSWORD, demoOrganizations, demoUsers } from "#db/seed.ts";

// The demo data the server seeds (SEED_DEMO=true), as the tests use it.

export { DEMO_PASSWORD };

export const orgSlugs: string[] = demoOrganizations.map((o) => o.slug);

export interface DemoUser {
  email: string;
  name: string;
  org: string;
  roles: string[];
}

export const users: DemoUser[] = demoUsers.flatMap((u) =>
  Object.entries(u.memberships).map(([org, roles]) => ({ email: u.email, name: u.name, org, roles: [...roles] })),
);

export function user(email: string): DemoUser {
  const found = users.find((u) => u.email === email);
  if (!found) throw new Error(`no demo user ${email}`);
  return found;
}
