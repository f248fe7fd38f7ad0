// The retention job on a large survey: N responses past their retention
// period (one in ten partial, one in five with sealed free text), then the
// job, then the job again with nothing due. Prints the time per batch, which
// is how long a batch holds its row locks.
//   node bench/retention.ts
//   BENCH_RESPONSES=20000 BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench node bench/retention.ts
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { prepareDatabase } from "#app/modules/platform/services.server.ts";
import { createKeyring } from "#app/modules/privacy/keyring.server.ts";
import { applyRetention, RETENTION_BATCH_SIZE } from "#app/modules/responses/retention.server.ts";
import { createDb } from "#db/client.ts";
import { benchDesigner, publishBenchSurvey } from "./support/bench-survey.ts";

const N = Number(process.env.BENCH_RESPONSES ?? 100_000);
const handle = createDb({ databaseUrl: process.env.BENCH_DATABASE_URL ?? "memory:" });
await handle.migrate();
await prepareDatabase(handle.db);
const ctx = await benchDesigner(handle.db);
const surveyId = await publishBenchSurvey(ctx, [{ titleEn: "More", titleFr: "Plus", codes: ["SUP-TXT-01"] }]);

const sealed = (await createKeyring(randomBytes(32)).forOrg(handle.db, ctx.orgId)).seal("The wait was long.");
let started = performance.now();
await handle.db.execute(sql`
  INSERT INTO response (org_id, survey_id, version, status, channel, lang, answers, resume_hash, start_key,
                        started_at, submitted_at)
  SELECT ${ctx.orgId}::uuid, ${surveyId}::uuid, 1, CASE WHEN g % 10 = 0 THEN 'partial' ELSE 'complete' END, 'web', 'en',
         jsonb_build_object('CORE-OS-01', 1 + g % 5, 'CORE-TIM-01', 1 + g % 4)
           || CASE WHEN g % 5 = 0 THEN jsonb_build_object('SUP-TXT-01', jsonb_build_object('sealed', ${sealed}::text)) ELSE '{}'::jsonb END,
         'bench-' || g, 'start-' || g, now() - interval '3 years',
         CASE WHEN g % 10 = 0 THEN NULL ELSE now() - interval '3 years' END
  FROM generate_series(1, ${N}) AS g`);
console.log(`filled ${N} responses in ${((performance.now() - started) / 1000).toFixed(1)} s (${handle.kind})`);

started = performance.now();
const done = await applyRetention(handle.db, new Date());
const seconds = (performance.now() - started) / 1000;
const batches = Math.ceil(done.anonymized / RETENTION_BATCH_SIZE) + Math.ceil(done.deleted / RETENTION_BATCH_SIZE);
console.log(
  `anonymized ${done.anonymized}, deleted ${done.deleted} in ${seconds.toFixed(1)} s: ` +
    `${batches} batches, ${((seconds * 1000) / batches).toFixed(0)} ms per batch on average`,
);
started = performance.now();
await applyRetention(handle.db, new Date());
console.log(`run with nothing due: ${(performance.now() - started).toFixed(0)} ms`);
await handle.close();
