// Migrates one PGlite database per run and dumps it, then seeds it and dumps
// it again; each test file opens one of the two tarballs as its own
// in-memory copy (test-db.ts, seeded-template.ts). Opening a copy takes
// about a second; a fresh PGlite runs initdb and every migration, 4–5 s on
// a busy CI machine (decisions 0024, 0031).
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { createDb, type DbHandle } from "#db/client.ts";
import { seedTemplate } from "./seeded-template.ts";

async function dumpTo(handle: DbHandle, label: string): Promise<string> {
  const tarball = await handle.dump?.();
  if (!tarball) throw new Error(`PGlite could not dump the ${label} database`);
  const file = join(tmpdir(), `outside-in-${label}-${process.pid}-${Date.now()}.tar`);
  await writeFile(file, Buffer.from(await tarball.arrayBuffer()));
  return file;
}

export default async function setup(project: TestProject) {
  const handle = createDb({ databaseUrl: "memory:" });
  const files: string[] = [];
  try {
    await handle.migrate();
    files.push(await dumpTo(handle, "migrated"));
    await seedTemplate(handle.db);
    files.push(await dumpTo(handle, "seeded"));
  } finally {
    await handle.close();
  }
  const [migrated, seeded] = files as [string, string];
  project.provide("pgliteMigrated", migrated);
  project.provide("pgliteSeeded", seeded);
  return () => Promise.all(files.map((file) => rm(file, { force: true })));
}
