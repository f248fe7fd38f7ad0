import pg from "pg";
import { createDb } from "#db/client.ts";

// Migrates a template database once per run; each test file then copies it
// (CREATE DATABASE … TEMPLATE), which takes milliseconds and shares nothing.
export const TEMPLATE_DB = "outside_in_test_template";

export function adminUrl(): string {
  return process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export default async function setup() {
  const admin = new pg.Client({ connectionString: adminUrl() });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${adminUrl()} (${(error as Error).message}). ` +
        "Start it, or set TEST_DATABASE_URL, to run the postgres project.",
    );
  }
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  const handle = createDb({ databaseUrl: databaseUrl(TEMPLATE_DB) });
  await handle.migrate();
  await handle.close();
  // Leftovers of earlier runs that were killed before their teardown.
  const stale = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'outside_in_test_f%'",
  );
  for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  await admin.end();
  return async () => {
    const cleanup = new pg.Client({ connectionString: adminUrl() });
    await cleanup.connect();
    const rows = await cleanup.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'outside_in_test_%'",
    );
    for (const { datname } of rows.rows) await cleanup.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await cleanup.end();
  };
}
