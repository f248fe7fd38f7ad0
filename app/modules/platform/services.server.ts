import { createDb, type DbHandle, POOL_MAX } from "#db/client.ts";
import type { Db } from "#db/client.ts";
import type { AppServices } from "#app/context.ts";
import { createAuth } from "#app/modules/identity/auth.server.ts";
import { ensureOperatorOrganization } from "#app/modules/identity/organizations.server.ts";
import { syncPublicBank } from "#app/modules/measure/bank-sync.server.ts";
import { createKeyring } from "#app/modules/privacy/keyring.server.ts";
import type { Settings } from "./settings.server.ts";

/** What every database needs before the first request: the operator and the public question bank. */
export async function prepareDatabase(db: Db): Promise<void> {
  const operatorId = await ensureOperatorOrganization(db);
  await syncPublicBank(db, operatorId);
}

/** Opens the database, brings its schema up to date and builds the services. */
export async function createServices(
  settings: Settings,
  poolSize = POOL_MAX,
): Promise<{ handle: DbHandle; services: AppServices }> {
  const opened = openServices(settings, poolSize);
  await opened.handle.migrate();
  await prepareDatabase(opened.handle.db);
  return opened;
}

/**
 * The services on a database another process has already brought up to date:
 * a cluster's HTTP workers, started once the primary has migrated it, so that
 * they never race each other through the migrations.
 */
export function openServices(settings: Settings, poolSize = POOL_MAX): { handle: DbHandle; services: AppServices } {
  const handle = createDb({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir, poolSize });
  const auth = createAuth(handle.db, settings);
  return { handle, services: { db: handle.db, auth, settings, keyring: createKeyring(settings.encryptionKey) } };
}
