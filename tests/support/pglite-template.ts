// Seeds one PGlite database per run and leaves its tarball in a file that
// each test file opens as its own in-memory copy (seeded-template.ts).
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { createDb } from "#db/client.ts";
import { seedTemplate } from "./seeded-template.ts";

export default async function setup(project: TestProject) {
  const handle = createDb({ databaseUrl: "memory:" });
  await handle.migrate();
  await seedTemplate(handle.db);
  const tarball = await handle.dump?.();
  await handle.close();
  if (!tarball) throw new Error("PGlite could not dump the seeded database");
  const file = join(tmpdir(), `outside-in-seeded-${process.pid}-${Date.now()}.tar`);
  await writeFile(file, Buffer.from(await tarball.arrayBuffer()));
  project.provide("pgliteSeeded", file);
  return () => rm(file, { force: true });
}
