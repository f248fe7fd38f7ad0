// Raw response export: fills an in-memory PGlite with N responses and streams
// them to /dev/null as CSV (and Excel), printing rows per second and memory.
//   node bench/export.ts
//   BENCH_RESPONSES=50000 BENCH_FORMATS=csv BENCH_KEYSET_INDEX=1 node bench/export.ts
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { sql } from "drizzle-orm";
import { prepareDatabase } from "#app/modules/platform/services.server.ts";
import { createKeyring } from "#app/modules/privacy/keyring.server.ts";
import { exportRows, getExportPlan } from "#app/modules/responses/export.server.ts";
import { codebookTable, csvStream, xlsxStream } from "#app/modules/responses/export-writers.server.ts";
import { createDb } from "#db/client.ts";
import { benchDesigner, publishBenchSurvey } from "./support/bench-survey.ts";

const N = Number(process.env.BENCH_RESPONSES ?? 200_000);
const formats = (process.env.BENCH_FORMATS ?? "csv,xlsx").split(",");
const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const handle = createDb({ databaseUrl: "memory:" });
await handle.migrate();
await prepareDatabase(handle.db);
const keyring = createKeyring(randomBytes(32));
const ctx = await benchDesigner(handle.db);
const surveyId = await publishBenchSurvey(ctx, [
  { titleEn: "More", titleFr: "Plus", codes: ["SUP-CTX-04", "SUP-OVR-01", "SUP-CTX-08", "SUP-TXT-01"] },
]);
const plan = await getExportPlan(ctx, surveyId);
const scaleCodes = plan.codebook.filter((q) => q.type === "scale5").map((q) => q.code);

// Every core question answered, one in seven "na", choices, a number, and
// sealed free text (from a pool: sealing happens in Node) on one in five.
const sealer = await keyring.forOrg(handle.db, ctx.orgId);
const texts = Array.from({ length: 50 }, (_, i) => ({
  sealed: sealer.seal(`Comment ${i}: the wait was long, é à ç.`),
}));
const scales = scaleCodes.map(
  (c) =>
    sql`${c}::text, CASE WHEN (g + ${c.length}) % 7 = 0 THEN '"na"'::jsonb ELSE to_jsonb(1 + (g * 31 + ${c.length}) % 5) END`,
);
let started = performance.now();
if (process.env.BENCH_KEYSET_INDEX) {
  await handle.db.execute(sql`CREATE INDEX response_keyset_idx ON response (org_id, survey_id, id)`);
}
await handle.db.execute(sql`
  INSERT INTO response (org_id, survey_id, version, status, channel, lang, answers, submitted_at)
  SELECT ${ctx.orgId}::uuid, ${surveyId}::uuid, 1,
         CASE WHEN g % 10 = 0 THEN 'partial' ELSE 'complete' END, 'web',
         CASE WHEN g % 3 = 0 THEN 'fr' ELSE 'en' END,
         jsonb_build_object(${sql.join(scales, sql`, `)})
           || jsonb_build_object('SUP-CTX-04', jsonb_build_array('online', 'telephone'), 'SUP-OVR-01', g % 11, 'SUP-CTX-08', g % 40)
           || CASE WHEN g % 5 = 0 THEN jsonb_build_object('SUP-TXT-01', ${JSON.stringify(texts)}::jsonb -> (g % 50)) ELSE '{}'::jsonb END,
         CASE WHEN g % 10 = 0 THEN NULL ELSE now() END
  FROM generate_series(1, ${N}) AS g`);
console.log(`filled ${N} responses in ${((performance.now() - started) / 1000).toFixed(1)} s`);

for (const format of formats) {
  global.gc?.();
  const base = process.memoryUsage();
  const peak = { rss: base.rss, heap: base.heapUsed, buffers: base.arrayBuffers };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heap = Math.max(peak.heap, m.heapUsed);
    peak.buffers = Math.max(peak.buffers, m.arrayBuffers);
  }, 20);
  let count = 0;
  async function* counted() {
    for await (const row of exportRows(ctx, keyring, plan, {
      values: "labels",
      labelLang: "fr",
      includePartial: true,
    })) {
      count++;
      yield row;
    }
  }
  const table = { header: plan.header, rows: counted() };
  started = performance.now();
  const file = format === "xlsx" ? xlsxStream(table, codebookTable(plan.codebook, "en"), "en") : csvStream(table);
  await pipeline(file, createWriteStream("/dev/null"));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  console.log(
    `${format}: ${count} rows in ${seconds.toFixed(1)} s = ${Math.round(count / seconds)} rows/s; ` +
      `RSS ${MB(base.rss)} before, peak ${MB(peak.rss)} (+${MB(peak.rss - base.rss)}); ` +
      `heap ${MB(base.heapUsed)} before, peak ${MB(peak.heap)}; buffers peak ${MB(peak.buffers)}`,
  );
}
console.log(`process peak RSS (maxRSS): ${MB(process.resourceUsage().maxRSS * 1024)}`);
await handle.close();
