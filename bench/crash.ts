// Crash safety of response ingestion: the ingest bench's respondents, while
// the production server is killed with SIGKILL at random moments and
// restarted. Respondents retry as a person would (reload: the same request,
// the same form fields), and at the end every response a respondent saw
// acknowledged must be stored complete, exactly once, with every answer sent.
// With --processes above one the server runs as a cluster, and each kill hits
// one worker at random, which the server's own supervisor replaces while the
// other workers keep serving. See bench/README.md.
//   npm run bench:crash -- --respondents 200 --kills 20 [--processes 2]
import { parseArgs } from "node:util";
import { Latencies } from "./support/latencies.ts";
import { runRespondents } from "./support/load.ts";
import { AppServer, buildApp, freePort, serverSecrets } from "./support/server.ts";
import { createBenchDatabase, durabilitySettings } from "./support/database.ts";
import { createBenchSurvey } from "./support/survey.ts";
import { checkStoredResponses } from "./support/stored.ts";

const { values: flags } = parseArgs({
  options: {
    respondents: { type: "string", default: "200" },
    kills: { type: "string", default: "20" },
    /** Seconds of load between a restart and the next kill: uniformly random in [min, max]. */
    "min-gap": { type: "string", default: "1" },
    "max-gap": { type: "string", default: "4" },
    "no-build": { type: "boolean", default: false },
    /** The server's WEB_CONCURRENCY; above one, kills hit a worker, not the whole server. */
    processes: { type: "string", default: "1" },
  },
});
const respondents = Number(flags.respondents);
const kills = Number(flags.kills);
const minGapMs = Number(flags["min-gap"]) * 1000;
const maxGapMs = Number(flags["max-gap"]) * 1000;
const processes = Number(flags.processes);
const clustered = processes > 1;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (!flags["no-build"]) buildApp();
const database = await createBenchDatabase("crash");
try {
  const survey = await createBenchSurvey(database.url);
  const secrets = serverSecrets();
  console.log(
    clustered
      ? `bench/crash: ${respondents} respondents; the server runs ${processes} workers, and one of them is ` +
          `killed (SIGKILL) ${kills} times, ${minGapMs / 1000}–${maxGapMs / 1000} s apart; its supervisor replaces it`
      : `bench/crash: ${respondents} respondents; the server is killed (SIGKILL) ${kills} times, ` +
          `${minGapMs / 1000}–${maxGapMs / 1000} s apart, and restarted each time`,
  );
  console.log(`database: ${await durabilitySettings(database.url)}`);
  const server = new AppServer({ databaseUrl: database.url, port: await freePort(), processes, ...secrets });
  await server.start();

  const latencies = new Latencies();
  latencies.measuring = true;
  let going = true;
  const started = Date.now();
  const load = runRespondents({
    baseUrl: server.baseUrl,
    publicKey: survey.publicKey,
    respondents,
    latencies,
    // A patient person: keeps pressing reload for up to ten minutes.
    retryForMs: 600_000,
    rampMs: 1000,
    thinkMs: 0,
    keepGoing: () => going,
  });
  const restarts: number[] = [];
  for (let i = 0; i < kills; i++) {
    await sleep(minGapMs + Math.random() * (maxGapMs - minGapMs));
    if (clustered) restarts.push(await killOneWorker(server));
    else {
      await server.kill();
      restarts.push(await server.start());
    }
  }
  await sleep(maxGapMs);
  going = false;
  const result = await load;
  const seconds = (Date.now() - started) / 1000;
  await server.stop();

  restarts.sort((a, b) => a - b);
  console.log(
    `load ran ${seconds.toFixed(0)} s; ${restarts.length} kills; ` +
      `${clustered ? "a replacement worker served after" : "restart to healthy took"} ` +
      `${restarts[0]}–${restarts.at(-1)} ms (median ${restarts[Math.floor(restarts.length / 2)]} ms)`,
  );
  const retried = [...latencies.failures].sort((a, b) => b[1] - a[1]);
  const retries = retried.reduce((n, [, count]) => n + count, 0);
  console.log(`requests that failed and were sent again: ${retries}`);
  for (const [cause, count] of retried.slice(0, 12)) console.log(`  ${String(count).padStart(6)} × ${cause}`);
  const gaveUp = [...result.errors].map(([m, n]) => `${n} × ${m}`).join(", ");
  console.log(`respondents who gave up: ${gaveUp || "none"}`);
  const { lines, faults } = await checkStoredResponses({
    databaseUrl: database.url,
    encryptionKey: secrets.encryptionKey,
    survey,
    journeys: result.journeys,
  });
  for (const line of lines) console.log(line);
  console.log(`target 0 lost, 0 duplicated, 0 incomplete counted complete: ${faults === 0 ? "met" : "MISSED"}`);
  const logged = server.errors.filter((l) => /error/i.test(l));
  console.log(`server errors logged: ${logged.length}${logged.length ? `\n  ${logged.slice(0, 5).join("\n  ")}` : ""}`);
} finally {
  await database.drop();
}

/** SIGKILL to one worker at random; resolves with the ms until its replacement serves. */
async function killOneWorker(server: AppServer): Promise<number> {
  const workers = server.workerPids();
  const victim = workers[Math.floor(Math.random() * workers.length)];
  if (victim === undefined) throw new Error("the server has no workers");
  const killed = Date.now();
  process.kill(victim, "SIGKILL");
  if (!(await server.printed(`is serving in place of ${victim}`, 120_000))) {
    throw new Error(`no worker served in place of ${victim} within two minutes`);
  }
  return Date.now() - killed;
}
