// Insights results page on 1M responses: PostgreSQL with (a) a scan of the
// JSONB answers, (b) a typed side table, (c) pre-aggregated cells, and the
// app's own results function on the cells its triggers keep, against
// DuckDB on the same aggregates of the same rows; prints load times, the
// median and p95 of one full results computation (SQL + statistics), and
// PostgreSQL ÷ DuckDB.
//   npm run bench:analytics
//   BENCH_RESPONSES=100000 BENCH_RUNS=10 BENCH_SLOW_RUNS=3 npm run bench:analytics
//   BENCH_APP_ONLY=1 npm run bench:analytics     # only the app's own paths
import { execSync } from "node:child_process";
import { rmSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";
import { eq } from "drizzle-orm";
import pg from "pg";
import { CELL_MODEL } from "#app/modules/insights/cells.ts";
import { computeCrosstab, crosstabVariables } from "#app/modules/insights/crosstab.ts";
import { loadResultsRows, loadSurveyFrame } from "#app/modules/insights/response-set.server.ts";
import { analyzeResults } from "#app/modules/insights/results.ts";
import { surveyWeighting } from "#app/modules/insights/schema.ts";
import { loadSurveyResults } from "#app/modules/insights/survey-results.server.ts";
import { buildCells, cellQueries, cellTables, deleteCells, readCells } from "./analytics-cells.ts";
import {
  createBenchDatabase,
  createBenchSurvey,
  duckProjection,
  fillResponses,
  jsonbProjection,
} from "./analytics-data.ts";
import {
  type Aggregates,
  aggregateQueries,
  CONTACTS,
  computeResults,
  SCALES,
  fingerprint,
  readAggregates,
  type Row,
} from "./analytics-queries.ts";

const N = Number(process.env.BENCH_RESPONSES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const SLOW_RUNS = Number(process.env.BENCH_SLOW_RUNS ?? 5);
const FILTERS = { none: "true", "lang=fr": "lang = 'fr'", "contacts=1": "nc_01 = '1'" } as const;
type Filter = keyof typeof FILTERS;
const load = () =>
  execSync("uptime")
    .toString()
    .trim()
    .replace(/.*load/, "load");
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN;
const ms = (t: number) => `${t.toFixed(0)} ms`;
const s = (t: number) => `${(t / 1000).toFixed(1)} s`;
async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

console.log(
  `bench:analytics, ${N} responses, ${RUNS} runs (${SLOW_RUNS} for scans of JSON) after one warm-up; ${load()}`,
);
const database = await createBenchDatabase();
const client = new pg.Client({ connectionString: database.url });
await client.connect();
// PostgreSQL's JIT compiles these wide aggregates for ~1 s on this machine; BENCH_PG_JIT=on keeps the server default.
if (process.env.BENCH_PG_JIT !== "on") await client.query("SET jit = off");
const jit = (await client.query("SHOW jit")).rows[0] as { jit: string };
const survey = await createBenchSurvey(database.handle);
const fill = await fillResponses(client, survey, N);
console.log(`PostgreSQL jit = ${jit.jit}`);
console.log(`generated in ${s(fill.generating)}; PG (a) load, INSERT of the JSONB rows: ${s(fill.inserting)}`);
let [, took] = await timed(() => client.query("VACUUM ANALYZE response"));
console.log(`PG VACUUM ANALYZE response: ${s(took)}`);
if (process.env.BENCH_APP_ONLY) {
  // Only the app's own paths, on the rows just loaded: for checking a change quickly.
  await measureApp();
  await client.end();
  await database.drop();
  process.exit(0);
}

const projection = jsonbProjection(survey.orgId, survey.surveyId);
[, took] = await timed(async () => {
  await client.query(`CREATE TABLE response_typed AS ${projection}`);
  await client.query("VACUUM ANALYZE response_typed");
});
console.log(`PG (b) load, typed side table from the JSONB (CREATE TABLE AS): ${s(took)}`);
[, took] = await timed(async () => {
  for (const ddl of cellTables) await client.query(ddl);
  for (const statement of buildCells()) await client.query(statement);
  await client.query("ANALYZE cell_item; ANALYZE cell_tab; ANALYZE cell_moment");
});
const cellCount = await client.query(
  "SELECT (SELECT count(*) FROM cell_item) + (SELECT count(*) FROM cell_tab) + (SELECT count(*) FROM cell_moment) AS n",
);
console.log(`PG (c) load, all cells from the typed table: ${s(took)} (${String(cellCount.rows[0]?.n)} cell rows)`);
const lastMonth = "month = '2025-12'";
[, took] = await timed(async () => {
  await client.query("BEGIN");
  for (const statement of [...deleteCells(lastMonth), ...buildCells(lastMonth)]) await client.query(statement);
  await client.query("COMMIT");
});
console.log(`PG (c) refresh, one month's cells recomputed (delete + insert, in a transaction): ${ms(took)}`);

// DuckDB reads the same rows: exported by the server (COPY … TO a file), then read_csv.
const csv = `/tmp/${database.name}.csv`;
[, took] = await timed(() =>
  client.query(`COPY (SELECT survey_id, version, status, channel, lang,
      to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, answers::text AS answers
    FROM response WHERE survey_id = '${survey.surveyId}') TO '${csv}' WITH (FORMAT csv, HEADER)`),
);
console.log(`PG COPY TO csv for DuckDB: ${s(took)}`);
const duck = await (await DuckDBInstance.create(":memory:")).connect();
[, took] = await timed(() =>
  duck.run(`CREATE TABLE response AS SELECT survey_id, version, status, channel, lang, month, answers::JSON AS answers
    FROM read_csv('${csv}', header = true, columns = {survey_id: 'UUID', version: 'INTEGER', status: 'VARCHAR',
      channel: 'VARCHAR', lang: 'VARCHAR', month: 'VARCHAR', answers: 'VARCHAR'})`),
);
rmSync(csv, { force: true });
console.log(`DuckDB load, read_csv into a table with JSON answers: ${s(took)}`);
[, took] = await timed(() => duck.run(`CREATE TABLE response_typed AS ${duckProjection()}`));
console.log(`DuckDB typed table from the JSON (CREATE TABLE AS): ${s(took)}`);
[, took] = await timed(async () => {
  for (const ddl of cellTables) await duck.run(ddl);
  for (const statement of buildCells()) await duck.run(statement);
});
console.log(`DuckDB cells from the typed table: ${s(took)}`);

type Runner = (sql: string) => Promise<Row[]>;
const onPg: Runner = async (sql) => (await client.query(sql)).rows as Row[];
const onDuck: Runner = async (sql) => (await duck.runAndReadAll(sql)).getRowObjectsJS() as Row[];

/** One page: the three aggregate queries, then every statistic. */
async function page(run: Runner, source: string, cells: boolean, where: string): Promise<Aggregates> {
  const q = cells ? cellQueries(where) : aggregateQueries(`(SELECT * FROM ${source} WHERE ${where}) AS src`);
  const items = await run(q.items);
  const [drivers = {}] = await run(q.drivers);
  const tabs = await run(q.tabs);
  const aggregates = cells ? readCells(items, drivers, tabs) : readAggregates(items, drivers, tabs);
  computeResults(aggregates);
  return aggregates;
}

const medians = new Map<string, number>();
const expected = new Map<Filter, string>();

async function measure(name: string, run: Runner, source: string, cells: boolean, runs: number) {
  const parts: string[] = [];
  for (const filter of Object.keys(FILTERS) as Filter[]) {
    // Cells hold no answers to filter on: a filter on a question falls back to the typed table.
    const fallback = cells && filter === "contacts=1";
    const times: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const [aggregates, t] = await timed(() =>
        page(run, fallback ? "response_typed" : source, cells && !fallback, FILTERS[filter]),
      );
      if (i > 0) times.push(t); // the first run warms caches
      const print = fingerprint(aggregates);
      if (!expected.has(filter)) expected.set(filter, print);
      if (expected.get(filter) !== print) throw new Error(`${name} read different aggregates (${filter})`);
    }
    times.sort((a, b) => a - b);
    const median = percentile(times, 0.5);
    medians.set(`${name}|${filter}`, median);
    parts.push(`${filter}${fallback ? " (typed fallback)" : ""} ${ms(median)} / ${ms(percentile(times, 0.95))}`);
  }
  console.log(`${name}: median / p95 — ${parts.join("; ")}  [${load()}]`);
}

console.log(`\nfull results page (19 scores with CIs, drivers + LMG on 6, 10 cross-tabs):`);
await measure("PG (a) JSONB scan", onPg, `(${projection}) AS p`, false, SLOW_RUNS);
await measure("PG (b) typed table", onPg, "response_typed", false, RUNS);
await measure("PG (c) cells", onPg, "", true, RUNS);
await measureApp();
await measure("DuckDB JSON scan", onDuck, `(${duckProjection()}) AS p`, false, SLOW_RUNS);
await measure("DuckDB typed table", onDuck, "response_typed", false, RUNS);
await measure("DuckDB cells", onDuck, "", true, RUNS);

function collect() {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Heap still held by what `work` returns (garbage collected first when node runs with --expose-gc). */
async function heapHeld<T>(work: () => Promise<T>): Promise<[T, number]> {
  collect();
  const before = process.memoryUsage().heapUsed;
  const result = await work();
  collect();
  return [result, process.memoryUsage().heapUsed - before];
}

/** Times `runs` calls after one warm-up; the value is the last call's. */
async function timeRuns<T>(runs: number, work: () => Promise<T>) {
  const times: number[] = [];
  let value: T | undefined;
  for (let i = 0; i <= runs; i++) {
    const [result, t] = await timed(work);
    value = result;
    if (i > 0) times.push(t);
  }
  times.sort((a, b) => a - b);
  return { value, median: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

/**
 * The app's own path (decision 23): cells kept by triggers while the rows were
 * inserted, read by the results page's function. Scores and the driver model,
 * no cross-tabs (those read the responses in the app), so it is not the same
 * work as the lines above; it shows what the dashboard's numbers cost.
 */
async function measureApp() {
  const scope = { db: database.handle.db, orgId: survey.orgId };
  const parts: string[] = [];
  for (const [name, filter] of [
    ["none", {}],
    ["lang=fr", { lang: "fr" as const }],
  ] as const) {
    const run = await timeRuns(RUNS, async () => {
      const found = await loadSurveyResults(scope, survey.surveyId, filter);
      if (found.source !== "cells") throw new Error("the app did not read its cells");
    });
    parts.push(`${name} ${ms(run.median)} / ${ms(run.p95)}`);
  }
  console.log(`App loadSurveyResults on its trigger-kept cells (scores + drivers): median / p95 — ${parts.join("; ")}`);
  // Weighted to margins on language and channel: the cells' groups are raked (decision 0026).
  const margins = { lang: { en: 0.7, fr: 0.3 }, channel: { web: 0.5, invitation: 0.4, staff: 0.1 } };
  await database.handle.db.insert(surveyWeighting).values({ orgId: survey.orgId, surveyId: survey.surveyId, margins });
  const raked = await timeRuns(RUNS, async () => {
    const found = await loadSurveyResults(scope, survey.surveyId, {});
    if (found.source !== "cells" || !found.results.weighted)
      throw new Error("weighted results did not come from cells");
  });
  await database.handle.db.delete(surveyWeighting).where(eq(surveyWeighting.surveyId, survey.surveyId));
  console.log(
    `App loadSurveyResults weighted (language and channel), raking the cells: median / p95 — ${ms(raked.median)} / ${ms(raked.p95)}`,
  );
  // A filter on an answer: the cells cannot answer it, so the database sums
  // the matching responses (decision 0025); a page weighted on a question still
  // reads the responses themselves into memory, and the heap they hold is part
  // of the cost (measured after garbage collection: npm run bench:analytics
  // passes --expose-gc, whose two collections are inside the timed runs).
  const filter = { question: { code: CONTACTS, value: "1" } };
  const { questions } = await loadSurveyFrame(scope, survey.surveyId);
  const sums = await timeRuns(SLOW_RUNS, async () => {
    const found = await loadSurveyResults(scope, survey.surveyId, filter);
    if (found.source !== "sums") throw new Error(`a question filter was answered from ${found.source}`);
    return found.results.n;
  });
  console.log(
    `App loadSurveyResults filtered on an answer (${CONTACTS} = 1, ${sums.value} responses), summed by the database: ` +
      `median / p95 — ${ms(sums.median)} / ${ms(sums.p95)}`,
  );
  let heap = 0;
  const rows = await timeRuns(SLOW_RUNS, async () => {
    const [read, held] = await heapHeld(() => loadResultsRows(scope, survey.surveyId, filter));
    analyzeResults(read, { overall: "CORE-OS-01", drivers: [...CELL_MODEL.slice(1)], scales: [...SCALES] });
    heap = Math.max(heap, held);
    return read.length;
  });
  console.log(
    `The same from the responses read into Node (the path of a page weighted on a question, without raking): median / p95 — ` +
      `${ms(rows.median)} / ${ms(rows.p95)}; heap held by the rows ≈ ${Math.round(heap / 2 ** 20)} MB`,
  );
  // The cross-tab page reads only the answers its table needs.
  heap = 0;
  const tab = await timeRuns(SLOW_RUNS, async () => {
    const [read, held] = await heapHeld(() => loadResultsRows(scope, survey.surveyId, {}, [CONTACTS, "CORE-OS-01"]));
    const choice = { rows: CONTACTS, columns: "CORE-OS-01", groups: null };
    const { table } = computeCrosstab(read, choice, crosstabVariables(questions, [1]), "CORE-OS-01");
    heap = Math.max(heap, held);
    return table?.n ?? 0;
  });
  console.log(
    `App cross-tab (${CONTACTS} × CORE-OS-01, ${tab.value} responses, two answers read per response): ` +
      `median / p95 — ${ms(tab.median)} / ${ms(tab.p95)}; heap held ≈ ${Math.round(heap / 2 ** 20)} MB`,
  );
}

console.log(`\nratio of medians, PostgreSQL ÷ DuckDB (same layout; and against DuckDB's typed table):`);
for (const [layout, duckLayout] of [
  ["PG (a) JSONB scan", "DuckDB JSON scan"],
  ["PG (b) typed table", "DuckDB typed table"],
  ["PG (c) cells", "DuckDB cells"],
] as const) {
  const ratios = (Object.keys(FILTERS) as Filter[]).map((f) => {
    const mine = medians.get(`${layout}|${f}`) ?? NaN;
    const same = mine / (medians.get(`${duckLayout}|${f}`) ?? NaN);
    const typed = mine / (medians.get(`DuckDB typed table|${f}`) ?? NaN);
    return `${f} ${same.toFixed(2)}× (${typed.toFixed(2)}× typed)`;
  });
  console.log(`${layout}: ${ratios.join("; ")}`);
}
duck.closeSync();
await client.end();
await database.drop();
