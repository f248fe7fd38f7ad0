import { chmodSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
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
  if (!inMemory) openOwnerOnly(options.dataDir ?? "data");
  const client = inMemory
    ? // Spent WAL segments are dropped, not kept for reuse: in memory they are
      // 16 MB of RAM each, and a seeded test template dumped 124 MB, half of
      // it spent WAL, which every test file then loaded again (decision 0031).
      new PGlite({ loadDataDir: options.loadDataDir, postgresqlconf: ["wal_recycle = off"] })
    : new PGlite(options.dataDir ?? "data");
  const db = drizzlePglite(client, { schema, casing: "snake_case" });
  // PGlite sets some of its files' modes itself (a new database's files
  // 0666, its cache files 0644): they are tightened once it has made them,
  // after migrations and at close, inside a directory no one else can enter.
  const dataDir = options.dataDir ?? "data";
  const tighten = () => {
    if (!inMemory) tightenToOwner(dataDir);
  };
  const ready = client.waitReady.then(tighten);
  ready.catch(() => undefined); // a failed open is reported by the first query
  return {
    db: db as unknown as Db,
    kind: "pglite",
    migrate: async () => {
      await ready;
      await migratePglite(db, { migrationsFolder });
      tighten();
    },
    close: async () => {
      await ready.catch(() => undefined);
      await client.close();
      tighten();
    },
    dump: async () => {
      // A checkpoint first, so the spent WAL is gone from the tarball.
      await client.exec("CHECKPOINT");
      return client.dumpDataDir("none");
    },
  };
}

/**
 * The embedded database's files hold every organization's data, so they are
 * the owner's only: 0700 directories, 0600 files. The process's umask is
 * narrowed first, so whatever Node creates there (the directory, the
 * persisted secrets, PGlite's later tables and WAL) is born owner-only, and
 * what an older version left open (969 of 1,165 files were 0666) is tightened.
 */
export function openOwnerOnly(dataDir: string): void {
  process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  tightenToOwner(dataDir);
}

function tightenToOwner(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== 0o700) chmodSync(path, 0o700);
    for (const entry of readdirSync(path)) tightenToOwner(join(path, entry));
  } else if (stat.mode & 0o077) {
    chmodSync(path, stat.mode & 0o700);
  }
}
