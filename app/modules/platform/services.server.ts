import { createDb, type DbHandle, POOL_MAX } from "#db/client.ts";
import type { Db } from "#db/client.ts";
import type { AppServices } from "#app/context.ts";
import { createAuth } from "#app/modules/identity/auth.server.ts";
import { ensureOperatorOrganization } from "#app/modules/identity/organizations.server.ts";
import { syncPublicBank } from "#app/modules/measure/bank-sync.server.ts";
import { checkMasterKey, createKeyring } from "#app/modules/privacy/keyring.server.ts";
import { type Settings, SettingsError } from "./settings.server.ts";

/** What every database needs before the first request: the operator and the public question bank. */
export async function prepareDatabase(db: Db): Promise<void> {
  const operatorId = await ensureOperatorOrganization(db);
  await syncPublicBank(db, operatorId);
}

/**
 * Opens the database, brings its schema up to date, checks the master key
 * against it and builds the services. A key that cannot open the database's
 * sealed data stops start-up with a SettingsError (decision 0037).
 */
export async function createServices(
  settings: Settings,
  poolSize = POOL_MAX,
): Promise<{ handle: DbHandle; services: AppServices }> {
  const opened = openServices(settings, poolSize);
  await opened.handle.migrate();
  if (!(await checkMasterKey(opened.handle.db, settings.encryptionKey))) {
    await opened.handle.close();
    throw new SettingsError(
      "Invalid settings:\n  ENCRYPTION_KEY: is not the key this database's data was sealed with. Set the key it was " +
        "created with (a new key cannot open what the old one sealed).",
    );
  }
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
