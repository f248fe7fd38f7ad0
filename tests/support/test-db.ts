import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { afterAll, inject } from "vitest";
import type { AppServices } from "#app/context.ts";
import { createAuth } from "#app/modules/identity/auth.server.ts";
import { prepareDatabase } from "#app/modules/platform/services.server.ts";
import { loadSettings } from "#app/modules/platform/settings.server.ts";
import { createKeyring } from "#app/modules/privacy/keyring.server.ts";
import { createDb, type DbHandle } from "#db/client.ts";
import { adminUrl, databaseUrl } from "./postgres-template.ts";
import { SEEDED_ENCRYPTION_KEY } from "./seeded-template.ts";

/**
 * A fresh, migrated database for one test file: PGlite in memory, copied
 * from the run's migrated (or seeded) tarball, or (with TEST_DB=postgres) a
 * new PostgreSQL database copied from the template.
 * Closed and dropped after the file's tests.
 */
export async function createTestDb(options: { seeded?: boolean } = {}): Promise<DbHandle> {
  if (process.env.TEST_DB !== "postgres") {
    const template = inject(options.seeded ? "pgliteSeeded" : "pgliteMigrated");
    const handle = createDb({ databaseUrl: "memory:", loadDataDir: new Blob([await readFile(template)]) });
    afterAll(() => handle.close());
    return handle;
  }
  const template = inject(options.seeded ? "pgSeededTemplate" : "pgTemplate");
  // The file's database shares the template's run prefix, so the run's teardown drops it.
  const name = `${template.slice(0, -1)}f${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const handle = createDb({ databaseUrl: databaseUrl(name) });
  afterAll(async () => {
    await handle.close();
    const cleanup = new pg.Client({ connectionString: adminUrl() });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
  });
  return handle;
}

/** Services as the server builds them, on a fresh test database. */
export async function createTestServices(
  env: Record<string, string> = {},
  options: { seeded?: boolean } = {},
): Promise<AppServices & { handle: DbHandle }> {
  const handle = await createTestDb(options);
  await prepareDatabase(handle.db);
  const settings = loadSettings({
    NODE_ENV: "test",
    DATABASE_URL: "memory:",
    AUTH_SECRET: randomBytes(32).toString("hex"),
    BASE_URL: "http://localhost:3000",
    ...(options.seeded ? { ENCRYPTION_KEY: SEEDED_ENCRYPTION_KEY } : {}),
    ...env,
  });
  return {
    handle,
    db: handle.db,
    auth: createAuth(handle.db, settings),
    settings,
    keyring: createKeyring(settings.encryptionKey),
  };
}
