import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, POOL_MAX, poolSizePerProcess } from "./client.ts";

describe("database connections", () => {
  it("are shared out among a cluster's processes, two at least each", () => {
    expect([1, 2, 3, 4, 16].map(poolSizePerProcess)).toEqual([POOL_MAX, 5, 4, 3, 2]);
  });
});

describe("the embedded database's files", () => {
  const parent = mkdtempSync(join(tmpdir(), "outside-in-data-"));
  const dataDir = join(parent, "data");
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  /** Every path under the data directory (itself included) that others could read or write. */
  const openToOthers = () =>
    [".", ...readdirSync(dataDir, { recursive: true, encoding: "utf8" })]
      .map((path) => ({ path, mode: statSync(join(dataDir, path)).mode & 0o777 }))
      .filter(({ mode }) => mode & 0o077)
      .map(({ path, mode }) => `${path} ${mode.toString(8)}`);

  it("are the owner's only, from the first start on", async () => {
    const handle = createDb({ dataDir });
    await handle.migrate();
    // Files PGlite makes once running: a new table, its rows, the WAL.
    await handle.db.execute(sql`create table later (id int)`);
    await handle.db.execute(sql`insert into later select generate_series(1, 10000)`);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    await handle.close();
    expect(readdirSync(dataDir, { recursive: true }).length).toBeGreaterThan(100);
    expect(openToOthers()).toEqual([]);
  });

  it("are tightened when an older version left them open", async () => {
    chmodSync(dataDir, 0o777);
    for (const path of readdirSync(dataDir, { recursive: true, encoding: "utf8" })) {
      const full = join(dataDir, path);
      chmodSync(full, statSync(full).isDirectory() ? 0o777 : 0o666);
    }
    const handle = createDb({ dataDir });
    expect(openToOthers(), "tightened before the database opens").toEqual([]);
    await handle.migrate();
    await handle.close();
    expect(openToOthers()).toEqual([]);
  });
});
