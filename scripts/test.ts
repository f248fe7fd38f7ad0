// `npm test`: every check the project has. Type-check, lint and the unit and
// integration suite on PGlite and on PostgreSQL side by side, then the
// browser journeys against a production build on both databases, side by
// side. Ends with one line "N passed, N failed".
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

const reports = mkdtempSync(join(tmpdir(), "outside-in-test-"));
const totals = { passed: 0, failed: 0 };
const failures: string[] = [];

function run(label: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
  console.log(`\n▶ ${label}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  const ok = result.status === 0;
  console.log(`${ok ? "✔" : "✘"} ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (!ok) failures.push(label);
  return ok;
}

/** Like `run`, but in the background: its output is printed whole when it ends, so two can run at once. */
function runAside(label: string, command: string, args: string[], env: Record<string, string> = {}): Promise<boolean> {
  console.log(`\n▶ ${label} (started; its output follows when it ends)`);
  const started = Date.now();
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  const output: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => output.push(chunk));
  return new Promise((resolve) => {
    child.on("close", (code) => {
      const ok = code === 0;
      console.log(`\n▶ ${label}: output`);
      process.stdout.write(Buffer.concat(output));
      console.log(`${ok ? "✔" : "✘"} ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      if (!ok) failures.push(label);
      resolve(ok);
    });
  });
}

const vitestArgs = (project: string, output: string) => [
  "run",
  "--project",
  project,
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${output}`,
];

const reportOf = (label: string) => join(reports, `${label.replace(/\W+/g, "-")}.json`);

async function vitestAside(label: string, project: string, env: Record<string, string> = {}) {
  await runAside(label, "vitest", vitestArgs(project, reportOf(label)), env);
  count(label);
}

/** Adds a run's passed and failed tests to the totals; a run with no report or no test is a failure. */
function count(label: string) {
  try {
    const report = JSON.parse(readFileSync(reportOf(label), "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      numTotalTests: number;
    };
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    if (report.numTotalTests === 0) failures.push(`${label}: no tests ran`);
  } catch {
    failures.push(`${label}: no report`);
  }
}

async function postgresUrl(): Promise<string | null> {
  const url = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return url;
  } catch {
    return null;
  }
}

const pgUrl = await postgresUrl();
if (!pgUrl && process.env.CI) {
  failures.push("PostgreSQL is not reachable: CI must test on it");
} else if (!pgUrl) {
  console.warn("\n⚠ PostgreSQL is not reachable (set TEST_DATABASE_URL): its runs are NOT part of this result.");
}

// Type-check, lint and the two integration runs side by side: tsc and eslint
// use one core each, and the PostgreSQL run mostly waits on the database, so
// together they fill the machine that the PGlite run alone leaves partly idle.
await Promise.all([
  runAside("type-check", "sh", ["-c", "react-router typegen && tsc"]),
  runAside("lint", "sh", ["-c", "eslint . && prettier --check ."]),
  vitestAside("unit and integration on PGlite", "pglite"),
  pgUrl ? vitestAside("unit and integration on PostgreSQL", "postgres", { TEST_DATABASE_URL: pgUrl }) : null,
]);

// The two browser runs share nothing (each has its own server, database, SMTP
// sink and browser), and each leaves the machine partly idle while pages
// load, so they run side by side too (decision 0030).
if (run("production build", "react-router", ["build"])) {
  await Promise.all([
    vitestAside("browser journeys on PGlite", "e2e", { E2E_SKIP_BUILD: "1" }),
    pgUrl
      ? vitestAside("browser journeys on PostgreSQL", "e2e", {
          E2E_SKIP_BUILD: "1",
          E2E_DB: "postgres",
          TEST_DATABASE_URL: pgUrl,
        })
      : null,
  ]);
}

console.log("");
for (const f of failures) console.log(`✘ ${f}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(failures.length === 0 && totals.failed === 0 ? 0 : 1);
