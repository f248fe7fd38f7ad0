// Response ingestion: N respondents answer a 3-page survey over HTTP against
// the production server on PostgreSQL, as browsers without JavaScript; then
// the very transactions the server issued for one response are replayed
// straight from a PostgreSQL client at the same concurrency, to show how much
// of the database's own limit the app reaches; last, the same respondents
// pause on each page as people do, for the latency they would see. See
// bench/README.md.
//   npm run bench:ingest -- --respondents 200 --duration 30
import http from "node:http";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { poolSizePerProcess } from "#db/client.ts";
import { NoScriptBrowser } from "./support/browser.ts";
import { CpuMeter, type CpuSplit, describeCpu } from "./support/cpu.ts";
import { adminUrl, createBenchDatabase, durabilitySettings } from "./support/database.ts";
import { Latencies } from "./support/latencies.ts";
import { runRespondents } from "./support/load.ts";
import { PgRecorder } from "./support/pg-recorder.ts";
import { buildPlan, describePlan, rawPool, type ReplayPlan, replayOnce } from "./support/replay.ts";
import { newJourney, REQUEST_KINDS, respond } from "./support/respondent.ts";
import { AppServer, buildApp, freePort, serverSecrets } from "./support/server.ts";
import { createBenchSurvey } from "./support/survey.ts";

const { values: flags } = parseArgs({
  options: {
    respondents: { type: "string", default: "200" },
    duration: { type: "string", default: "30" },
    warmup: { type: "string", default: "5" },
    "no-build": { type: "boolean", default: false },
    statements: { type: "boolean", default: false },
    "app-only": { type: "boolean", default: false },
    /** Seconds a respondent spends on each page, on average, in the last run; 0 skips that run. */
    think: { type: "string", default: "5" },
    /** The server's WEB_CONCURRENCY: HTTP worker processes, "auto" for one per core. */
    processes: { type: "string", default: "auto" },
  },
});
const respondents = Number(flags.respondents);
const durationMs = Number(flags.duration) * 1000;
const warmupMs = Number(flags.warmup) * 1000;
const seconds = durationMs / 1000;
const thinkMs = Number(flags.think) * 1000;
const processes = flags.processes === "auto" ? availableParallelism() : Number(flags.processes);
// The replay gets as many connections as the app's workers have between them.
const connections = processes * poolSizePerProcess(processes);

if (!flags["no-build"]) buildApp();
const database = await createBenchDatabase("ingest");
try {
  const survey = await createBenchSurvey(database.url);
  const secrets = serverSecrets();
  console.log(
    `bench/ingest: ${respondents} respondents at once, without pauses, then ` +
      `${thinkMs > 0 ? `pausing ${thinkMs / 1000} s on each page on average` : "(no run with pauses)"}; ` +
      `each run ${seconds} s measured after ${warmupMs / 1000} s of warm-up; ` +
      `the server in ${processes === 1 ? "one process" : `${processes} worker processes`}`,
  );
  console.log(`database: ${await durabilitySettings(database.url)}`);
  console.log(
    `survey: ${survey.pages.length} pages, ${survey.pages.flat().length} questions ` +
      `(${survey.pages.map((p) => p.length).join(" + ")}), every one answered`,
  );

  const { plan, requestsPerResponse } = await recordOneResponse(survey.publicKey, secrets);
  console.log(
    `one response = ${plan.statements} statements in ${plan.transactions.length} transactions ` +
      `(${plan.multiStatement} BEGIN…COMMIT, ${plan.transactions.length - plan.multiStatement} single statements); ` +
      `left out: ${plan.background} transaction(s) of the mail worker that ran meanwhile`,
  );
  if (flags.statements) console.log(describePlan(plan));

  console.log(`\n1. capacity: ${respondents} respondents without pauses, each starting again once done`);
  const capacity = await runApp(survey.publicKey, secrets, 0);
  const appRate = capacity.requests / requestsPerResponse / seconds;
  console.log(
    `app: ${(capacity.requests / seconds).toFixed(1)} requests/s ÷ ${requestsPerResponse} requests per response = ` +
      `${appRate.toFixed(1)} responses/s (${capacity.completed} completed in the window); failed responses: ${capacity.failed}`,
  );
  console.log(capacity.table);
  console.log(`  ${describeCpu(capacity.cpu, appRate * seconds)}`);

  // --app-only skips the replay, to compare changes to the app sooner.
  if (!flags["app-only"]) {
    console.log(`\n2. the database's own limit: the recorded transactions replayed by ${respondents} clients`);
    const raw = await replayAtConcurrency(plan, database.url);
    const rawRate = raw.transactions / plan.transactions.length / seconds;
    console.log(
      `raw database, the same transactions from ${respondents} concurrent clients on ${connections} connections ` +
        `(the app's pools): ${(raw.transactions / seconds).toFixed(1)} transactions/s ÷ ${plan.transactions.length} ` +
        `per response = ${rawRate.toFixed(1)} responses/s (${raw.completed} completed in the window)`,
    );
    console.log(`  ${describeCpu(raw.cpu, rawRate * seconds)}`);
    console.log(`ratio app/raw database: ${(appRate / rawRate).toFixed(2)} (target ≥ 0.5)`);
    // Little's law: N requests always in flight at a rate of X requests/s wait N / X on average.
    const floorMs = (respondents / (rawRate * requestsPerResponse)) * 1000;
    console.log(
      `without pauses ${respondents} requests are always in flight, so even an app as fast as the database ` +
        `alone would answer in ${floorMs.toFixed(0)} ms on average (${respondents} ÷ ${(rawRate * requestsPerResponse).toFixed(0)} requests/s)`,
    );
  }
  console.log(`request p95 without pauses: ${capacity.p95.toFixed(1)} ms`);

  if (thinkMs > 0) {
    console.log(
      `\n3. people: ${respondents} respondents pausing ${thinkMs / 1000} s on each page (0.5–1.5 ×, at random)`,
    );
    const paced = await runApp(survey.publicKey, secrets, thinkMs);
    console.log(
      `app: ${(paced.requests / seconds).toFixed(1)} requests/s, ${paced.completed} responses completed in the window; ` +
        `failed responses: ${paced.failed}`,
    );
    console.log(paced.table);
    console.log(
      `request p95 at ${respondents} respondents pausing on each page: ${paced.p95.toFixed(1)} ms (target < 50 ms)`,
    );
  }
} finally {
  await database.drop();
}

/** A server of its own, `respondents` answering through it, measured; then the server stops. */
async function runApp(publicKey: string, secrets: ReturnType<typeof serverSecrets>, think: number) {
  const server = new AppServer({ databaseUrl: database.url, port: await freePort(), processes, ...secrets });
  await server.start();
  const latencies = new Latencies();
  const { result, cpu } = await measure(
    latencies,
    cpuMeter(() => server.pid),
    (keepGoing) =>
      runRespondents({
        baseUrl: server.baseUrl,
        publicKey,
        respondents,
        latencies,
        retryForMs: 0,
        rampMs: warmupMs,
        thinkMs: think,
        keepGoing,
      }),
  );
  await server.stop();
  if (server.errors.length > 0) console.log(`server stderr:\n  ${server.errors.slice(0, 10).join("\n  ")}`);
  return {
    requests: latencies.count,
    completed: result.measuredCompletions,
    failed: [...result.errors].map(([m, n]) => `${n} × ${m}`).join(", ") || "none",
    table: latencies.table(REQUEST_KINDS),
    p95: latencies.overall(95),
    cpu,
  };
}

/** Runs `work` through a warm-up, then measures for the duration (and the CPU it took), then lets it stop. */
async function measure<T>(
  latencies: Latencies,
  cpu: CpuMeter,
  work: (keepGoing: () => boolean) => Promise<T>,
): Promise<{ result: T; cpu: CpuSplit | null }> {
  let going = true;
  const running = work(() => going);
  await new Promise((r) => setTimeout(r, warmupMs));
  await cpu.start();
  latencies.measuring = true;
  await new Promise((r) => setTimeout(r, durationMs));
  latencies.measuring = false;
  const used = await cpu.stop();
  going = false;
  return { result: await running, cpu: used };
}

function cpuMeter(serverPid: () => number | null) {
  return new CpuMeter({ serverPid, adminUrl: adminUrl(), database: database.name });
}

/**
 * One warm-up response, then one recorded response, through a server whose
 * database connections pass through the recorder; then that server stops.
 */
async function recordOneResponse(publicKey: string, secrets: ReturnType<typeof serverSecrets>) {
  const target = new URL(database.url);
  const recorder = new PgRecorder({ host: target.hostname, port: Number(target.port || 5432) });
  const proxyPort = await recorder.listen();
  const server = new AppServer({
    databaseUrl: database.urlVia("127.0.0.1", proxyPort),
    port: await freePort(),
    ...secrets,
  });
  await server.start();
  const agent = new http.Agent({ keepAlive: true });
  const requests = new Latencies();
  const browse = () => new NoScriptBrowser({ baseUrl: server.baseUrl, agent, latencies: requests, retryForMs: 0 });
  try {
    await respond(browse(), publicKey, newJourney(), 0);
    const from = recorder.mark;
    const journey = newJourney();
    requests.measuring = true;
    await respond(browse(), publicKey, journey, 1);
    requests.measuring = false;
    const to = recorder.mark;
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query<{ id: string; start_key: string; resume_hash: string }>(
      "SELECT id, start_key, resume_hash FROM response WHERE start_key = $1",
      [journey.startKey],
    );
    await client.end();
    const row = rows[0];
    if (!row) throw new Error("the recorded response is not in the database");
    const plan = buildPlan(
      recorder.statements.filter((s) => s.seq >= from && s.seq < to),
      { startKey: row.start_key, resumeHash: row.resume_hash, responseId: row.id },
    );
    return { plan, requestsPerResponse: requests.count };
  } finally {
    agent.destroy();
    await server.stop();
    await recorder.close();
  }
}

/** The plan replayed by `respondents` concurrent clients sharing as many connections as the app's. */
async function replayAtConcurrency(plan: ReplayPlan, url: string) {
  const pool = rawPool(url, connections);
  const latencies = new Latencies();
  const before = await completeResponses(pool);
  let completed = 0;
  let transactions = 0;
  let replayed = 0;
  let failures = 0;
  const { cpu } = await measure(
    latencies,
    cpuMeter(() => null),
    async (keepGoing) => {
      await Promise.all(
        Array.from({ length: respondents }, async (_, i) => {
          await new Promise((r) => setTimeout(r, (i * warmupMs) / respondents));
          while (keepGoing()) {
            try {
              await replayOnce(pool, plan, () => {
                if (latencies.measuring) transactions++;
              });
              replayed++;
              if (latencies.measuring) completed++;
            } catch (error) {
              if (failures++ === 0) console.log(`replay failed: ${(error as Error).message}`);
            }
          }
        }),
      );
    },
  );
  // The replay must really write what the app wrote: one more complete response each time.
  const stored = (await completeResponses(pool)) - before;
  await pool.end();
  if (stored !== replayed) throw new Error(`replayed ${replayed} responses but ${stored} were stored complete`);
  if (failures > 0) console.log(`replay: ${failures} responses failed`);
  return { completed, transactions, cpu };
}

async function completeResponses(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>("SELECT count(*) AS n FROM response WHERE status = 'complete'");
  return Number(rows[0]?.n);
}
