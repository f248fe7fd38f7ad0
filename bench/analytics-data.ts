// The benchmark's data: a throwaway PostgreSQL database, migrated, with one
// published survey of the 20 core questions and N responses drawn by the
// demo generator (drivers really explain satisfaction) over 12 monthly waves.
import { and, eq } from "drizzle-orm";
import pg from "pg";
import { surveyVersion } from "#app/modules/measure/schema.ts";
import { prepareDatabase } from "#app/modules/platform/services.server.ts";
import { createDb, type DbHandle } from "#db/client.ts";
import { generateResponses, type Wave } from "#db/demo-responses.ts";
import { column, CONTACTS, SCALES } from "./analytics-queries.ts";
import { benchDesigner, publishBenchSurvey } from "./support/bench-survey.ts";

const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const BATCH = 10_000;

export async function createBenchDatabase() {
  const name = `bench_analytics_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const handle = createDb({ databaseUrl: url.toString() });
  await handle.migrate();
  await prepareDatabase(handle.db);
  const drop = async () => {
    await handle.close();
    if (!process.env.BENCH_KEEP) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
  return { name, url: url.toString(), handle, drop };
}

export async function createBenchSurvey(handle: DbHandle) {
  const ctx = await benchDesigner(handle.db);
  const surveyId = await publishBenchSurvey(ctx);
  const [row] = await handle.db
    .select({ definition: surveyVersion.definition })
    .from(surveyVersion)
    .where(and(eq(surveyVersion.orgId, ctx.orgId), eq(surveyVersion.surveyId, surveyId)));
  if (!row) throw new Error("the bench survey has no version");
  const codes = row.definition.pages.flatMap((p) => p.items.map((i) => i.code));
  if (codes.length !== 20) throw new Error(`expected the 20 core questions, got ${codes.length}`);
  return { orgId: ctx.orgId, surveyId, definition: row.definition };
}

/** Month i of 2025, with driver means drifting so that months differ. */
function wave(i: number, n: number): Wave {
  return {
    n,
    from: new Date(Date.UTC(2025, i, 1)),
    to: new Date(Date.UTC(2025, i + 1, 1) - 60 * 60_000),
    means: {
      timeliness: 3.0 + 0.04 * i,
      outcome: 3.6,
      knowledge: 3.8 - 0.02 * i,
      ease_of_access: 3.4 + 0.03 * i,
      fairness: 3.9,
      courtesy: 4.1,
    },
    expectation: 3.8,
    french: 0.3,
    channels: { web: 6, invitation: 3, staff: 1 },
    noStaff: 0.08,
    partial: 0.05,
    serviceChannels: ["in_person", "online"],
  };
}

/** Generates and inserts N responses in batches of multi-row INSERT … SELECT FROM unnest(arrays). */
export async function fillResponses(
  client: pg.Client,
  survey: Awaited<ReturnType<typeof createBenchSurvey>>,
  total: number,
) {
  let generating = 0;
  let inserting = 0;
  for (let month = 0; month < 12; month++) {
    const n = Math.floor(total / 12) + (month < total % 12 ? 1 : 0);
    let started = performance.now();
    const rows = generateResponses(survey.definition, wave(month, n), 1000 + month);
    generating += performance.now() - started;
    started = performance.now();
    for (let at = 0; at < rows.length; at += BATCH) {
      const batch = rows.slice(at, at + BATCH);
      await client.query(
        `INSERT INTO response (org_id, survey_id, version, status, channel, lang, answers, started_at, updated_at, submitted_at)
         SELECT $1, $2, 1, s, c, l, a::jsonb, st, coalesce(su, st), su
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[]) AS t(s, c, l, a, st, su)`,
        [
          survey.orgId,
          survey.surveyId,
          batch.map((r) => r.status),
          batch.map((r) => r.channel),
          batch.map((r) => r.lang),
          batch.map((r) => JSON.stringify(r.answers)),
          batch.map((r) => r.startedAt.toISOString()),
          batch.map((r) => r.submittedAt?.toISOString() ?? null),
        ],
      );
    }
    inserting += performance.now() - started;
  }
  return { generating, inserting };
}

const month = {
  pg: "to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM')",
};

/** One typed row per complete response, projected from the JSONB answers (PostgreSQL). */
export function jsonbProjection(orgId: string, surveyId: string) {
  const scales = SCALES.map(
    (q) => `CASE WHEN jsonb_typeof(answers->'${q}') = 'number' THEN (answers->>'${q}')::smallint END AS ${column(q)}`,
  );
  return `SELECT survey_id, version, channel, lang, ${month.pg} AS month, answers->>'${CONTACTS}' AS ${column(CONTACTS)},
      ${scales.join(", ")}
    FROM response WHERE org_id = '${orgId}' AND survey_id = '${surveyId}' AND status = 'complete'`;
}

/** The same projection in DuckDB, over its copy of the rows (answers as JSON, month exported as text). */
export function duckProjection() {
  const scales = SCALES.map((q) => `TRY_CAST(json_extract_string(answers, '$."${q}"') AS SMALLINT) AS ${column(q)}`);
  return `SELECT survey_id, version, channel, lang, month,
      json_extract_string(answers, '$."${CONTACTS}"') AS ${column(CONTACTS)}, ${scales.join(", ")}
    FROM response WHERE status = 'complete'`;
}
