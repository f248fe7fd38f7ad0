import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { createDb } from "#db/client.ts";
import { seedTemplate } from "./seeded-template.ts";

// Migrates a template database once per run; each test file then copies it
// (CREATE DATABASE … TEMPLATE), which takes milliseconds and shares nothing.
// Every name carries the run's id, so several runs on one server (a developer's
// and CI's, or two worktrees) never drop each other's databases.

declare module "vitest" {
  export interface ProvidedContext {
    /** Name of this run's migrated template database. */
    pgTemplate: string;
  }
}

const PREFIX = "outside_in_test_";
/** Databases of runs older than this were left by a run that was killed. */
const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

export function adminUrl(): string {
  return process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** The run id starts with its start time in base 36, so leftovers can be aged. */
function newRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
}

function runStartedAt(datname: string): number | null {
  const match = /^outside_in_test_([0-9a-z]{8})[0-9a-f]{6}_/.exec(datname);
  return match?.[1] ? parseInt(match[1], 36) : null;
}

async function dropWhere(admin: pg.Client, keep: (datname: string) => boolean): Promise<void> {
  const rows = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
    `${PREFIX}%`,
  ]);
  for (const { datname } of rows.rows) {
    if (!keep(datname)) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
}

export default async function setup(project: TestProject) {
  const admin = new pg.Client({ connectionString: adminUrl() });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${adminUrl()} (${(error as Error).message}). ` +
        "Start it, or set TEST_DATABASE_URL, to run the postgres project.",
    );
  }
  const runPrefix = `${PREFIX}${newRunId()}_`;
  const template = `${runPrefix}t`;
  await admin.query(`CREATE DATABASE ${template}`);
  const handle = createDb({ databaseUrl: databaseUrl(template) });
  await handle.migrate();
  await handle.close();
  const seeded = `${runPrefix}s`;
  await admin.query(`CREATE DATABASE ${seeded} TEMPLATE ${template}`);
  const seeding = createDb({ databaseUrl: databaseUrl(seeded) });
  await seedTemplate(seeding.db);
  await seeding.close();
  const now = Date.now();
  await dropWhere(admin, (name) => {
    const started = runStartedAt(name);
    return started === null || now - started < STALE_AFTER_MS;
  });
  await admin.end();
  project.provide("pgTemplate", template);
  project.provide("pgSeededTemplate", seeded);
  return async () => {
    const cleanup = new pg.Client({ connectionString: adminUrl() });
    await cleanup.connect();
    await dropWhere(cleanup, (name) => !name.startsWith(runPrefix));
    await cleanup.end();
  };
}
