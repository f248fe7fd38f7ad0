// The demo database that most test files start from is seeded once per run,
// into a template each file copies (decision 0024): seeding takes seconds,
// copying milliseconds (PostgreSQL) or a fraction of a second (PGlite).
import { randomBytes } from "node:crypto";
import { createAuth } from "#app/modules/identity/auth.server.ts";
import { prepareDatabase } from "#app/modules/platform/services.server.ts";
import { loadSettings } from "#app/modules/platform/settings.server.ts";
import { createKeyring } from "#app/modules/privacy/keyring.server.ts";
import type { Db } from "#db/client.ts";
import { seedDemoIfEmpty } from "#db/seed.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** PGlite: the file holding the seeded database's tarball. */
    pgliteSeeded: string;
    /** PGlite: the file holding the tarball of a database migrated and nothing else. */
    pgliteMigrated: string;
    /** PostgreSQL: the name of this run's seeded template database. */
    pgSeededTemplate: string;
  }
}

/**
 * The master key the seeded template's organization keys are wrapped with:
 * every copy must open them. A test key, never a deployment's.
 */
export const SEEDED_ENCRYPTION_KEY = "5eed".repeat(16);

/** Demo organizations, accounts and surveys, as the server seeds an empty database. */
export async function seedTemplate(db: Db): Promise<void> {
  await prepareDatabase(db);
  const settings = loadSettings({
    NODE_ENV: "test",
    DATABASE_URL: "memory:",
    AUTH_SECRET: randomBytes(32).toString("hex"),
    ENCRYPTION_KEY: SEEDED_ENCRYPTION_KEY,
    BASE_URL: "http://localhost:3000",
  });
  await seedDemoIfEmpty({ db, auth: createAuth(db, settings), keyring: createKeyring(settings.encryptionKey) });
}
