import { randomBytes } from "node:crypto";
import pg from "pg";

// A throwaway PostgreSQL database per bench run, on the local server the tests
// use (trust authentication, user postgres), dropped at the end even after a
// failure or Ctrl-C.

export const adminUrl = () => process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface BenchDatabase {
  name: string;
  url: string;
  /** The same database reached through another host and port (the recording proxy). */
  urlVia(host: string, port: number): string;
  drop(): Promise<void>;
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function createBenchDatabase(label: string): Promise<BenchDatabase> {
  const name = `outside_in_bench_${label}_${randomBytes(4).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const urlVia = (host: string, port: number) => {
    const url = new URL(adminUrl());
    url.hostname = host;
    url.port = String(port);
    url.pathname = `/${name}`;
    url.searchParams.delete("host");
    return url.toString();
  };
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  };
  const onSignal = () => {
    void drop().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return { name, url: url.toString(), urlVia, drop };
}

/** The settings that decide how much a commit costs, as a connection to `url` sees them. */
export async function durabilitySettings(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const names = ["synchronous_commit", "fsync", "wal_sync_method", "commit_delay", "full_page_writes"];
    const shown: string[] = [];
    for (const name of names) {
      const { rows } = await client.query<Record<string, string>>(`SHOW ${name}`);
      shown.push(`${name}=${rows[0]?.[name]}`);
    }
    const { rows } = await client.query<{ v: string }>("SELECT split_part(version(), ' ', 2) AS v");
    return `PostgreSQL ${rows[0]?.v} (${shown.join(", ")})`;
  } finally {
    await client.end();
  }
}
