// `npm test`: every check the project has: type-check, lint, the unit and
// integration suite on PGlite and on PostgreSQL, and the browser journeys
// against a production build on both databases, in two lanes side by side.
// Ends with the failures, by name, and one line "N passed, N failed".
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import pg from "pg";

const reports = mkdtempSync(join(tmpdir(), "outside-in-test-"));
const totals = { passed: 0, failed: 0 };
const failures: string[] = [];

/** Runs a command in the background; its output is printed whole when it ends, so several can run at once. */
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
      testResults: { name: string; status: string; assertionResults: { fullName: string; status: string }[] }[];
    };
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    if (report.numTotalTests === 0) failures.push(`${label}: no tests ran`);
    // Named again at the very end: a long log is often read from its tail.
    for (const file of report.testResults) {
      const where = `${label}: ${relative(process.cwd(), file.name)}`;
      const failed = file.assertionResults.filter((test) => test.status === "failed");
      for (const test of failed) failures.push(`${where} › ${test.fullName}`);
      if (file.status === "failed" && failed.length === 0) failures.push(`${where} (failed outside its tests)`);
    }
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

// Two lanes, side by side, each as busy as one core (decision 0030): vitest
// gives one worker on two cores, so the PGlite run holds one core; the other
// builds, type-checks, lints and runs the PostgreSQL suite, whose waits on
// the database leave room. Each lane then goes on to its browser run as soon
// as it is ready; the two browser runs share nothing (each has its own
// server, database, SMTP sink and browser), and split the markup-only files.
const built = runAside("production build", "react-router", ["build"]);
const split: Record<string, string> = pgUrl ? { E2E_SPLIT: "1" } : {};

async function pgliteLane() {
  await vitestAside("unit and integration on PGlite", "pglite");
  if (await built) await vitestAside("browser journeys on PGlite", "e2e", { E2E_SKIP_BUILD: "1", ...split });
}

async function checksAndPostgresLane() {
  await built;
  await runAside("type-check", "sh", ["-c", "react-router typegen && tsc"]);
  await runAside("lint", "sh", ["-c", "eslint . && prettier --check ."]);
  if (!pgUrl) return;
  await vitestAside("unit and integration on PostgreSQL", "postgres", { TEST_DATABASE_URL: pgUrl });
  if (await built)
    await vitestAside("browser journeys on PostgreSQL", "e2e", {
      E2E_SKIP_BUILD: "1",
      E2E_DB: "postgres",
      TEST_DATABASE_URL: pgUrl,
      ...split,
    });
}

await Promise.all([pgliteLane(), checksAndPostgresLane()]);

console.log("");
for (const f of failures) console.log(`✘ ${f}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(failures.length === 0 && totals.failed === 0 ? 0 : 1);
