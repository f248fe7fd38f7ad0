import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import * as schema from "./schema.ts";

export type Schema = typeof schema;
/** The one database type every module receives: PGlite and node-postgres alike. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface DbHandle {
  db: Db;
  kind: "pglite" | "postgres";
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the whole database as a tarball, which `loadDataDir` opens again (tests copy a seeded one). */
  dump?(): Promise<Blob>;
}

const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));

/** PostgreSQL connections for serving HTTP: one process's, or a cluster's workers' between them (bench/ingest replays on as many). */
export const POOL_MAX = 10;

/**
 * A cluster's processes share those connections out, two at least each:
 * more workers add CPU for pages, not load on the database (decision 0032).
 */
export const poolSizePerProcess = (processes: number) => Math.max(2, Math.ceil(POOL_MAX / processes));

/**
 * The one database client factory. With a postgres:// URL it connects to
 * PostgreSQL through node-postgres; otherwise it opens PGlite, in memory for
 * "memory:" or in files under `dataDir`.
 */
export function createDb(options: {
  databaseUrl?: string;
  dataDir?: string;
  loadDataDir?: Blob;
  /** PostgreSQL connections at most (default POOL_MAX). */
  poolSize?: number;
}): DbHandle {
  const url = options.databaseUrl;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? POOL_MAX });
    const db = drizzlePg(pool, { schema, casing: "snake_case" });
    return {
      db: db as unknown as Db,
      kind: "postgres",
      migrate: () => migratePg(db, { migrationsFolder }),
      close: () => pool.end(),
    };
  }
  const inMemory = url === "memory:";
  if (!inMemory) mkdirSync(options.dataDir ?? "data", { recursive: true });
  const client = inMemory
    ? // Spent WAL segments are dropped, not kept for reuse: in memory they are
      // 16 MB of RAM each, and a seeded test template dumped 124 MB, half of
      // it spent WAL, which every test file then loaded again (decision 0031).
      new PGlite({ loadDataDir: options.loadDataDir, postgresqlconf: ["wal_recycle = off"] })
    : new PGlite(options.dataDir ?? "data");
  const db = drizzlePglite(client, { schema, casing: "snake_case" });
  return {
    db: db as unknown as Db,
    kind: "pglite",
    migrate: () => migratePglite(db, { migrationsFolder }),
    close: () => client.close(),
    dump: async () => {
      // A checkpoint first, so the spent WAL is gone from the tarball.
      await client.exec("CHECKPOINT");
      return client.dumpDataDir("none");
    },
  };
}
