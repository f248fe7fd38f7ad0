import type { AppServices } from "#app/context.ts";
import { createAuth } from "#app/modules/identity/auth.server.ts";
import { createDb, type DbHandle } from "#db/client.ts";
import type { Settings } from "./settings.server.ts";

/** Opens the database, brings its schema up to date and builds the services. */
export async function createServices(settings: Settings): Promise<{ handle: DbHandle; services: AppServices }> {
  const handle = createDb({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir });
  await handle.migrate();
  const auth = createAuth(handle.db, settings);
  return { handle, services: { db: handle.db, auth, settings } };
}
