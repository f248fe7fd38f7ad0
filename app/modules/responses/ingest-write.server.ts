// Writes responses read from a file or the API: complete, on their channel,
// free text sealed, many rows per statement. Each carries an idempotency key,
// so writing the same batch twice adds nothing the second time.
import type { OrgSealer } from "#app/modules/privacy/keyring.server.ts";
import type { PublishedDefinition } from "#app/modules/measure/definition.ts";
import { sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { type Answers, isFreeText, storedAnswer } from "./answers.ts";
import { response, type StoredAnswers } from "./schema.ts";

/**
 * Rows per INSERT. The rows go as one JSON parameter, unpacked by
 * jsonb_to_recordset: a few statements with one parameter each, where a
 * multi-row VALUES would bind twelve parameters a row (bench/import.ts).
 */
export const INSERT_BATCH = 5000;

export interface NewResponse {
  answers: Answers;
  lang: "en" | "fr";
  /** When the person answered, if known; otherwise now. */
  submittedAt: Date | null;
  idempotencyKey: string;
}

export interface ResponseTarget {
  orgId: string;
  surveyId: string;
  version: number;
  channel: "import" | "api";
  enteredBy: string | null;
}

/** Inserts the responses (in batches); returns the ids of those not already there, in the order given. */
export async function insertResponses(
  tx: Db,
  sealer: OrgSealer,
  target: ResponseTarget,
  definition: PublishedDefinition,
  rows: NewResponse[],
  now: Date,
): Promise<string[]> {
  const freeText = new Set(
    definition.pages.flatMap((p) => p.items.filter((i) => isFreeText(i.question)).map((i) => i.code)),
  );
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    const batch = rows.slice(i, i + INSERT_BATCH).map((r) => {
      const answers: StoredAnswers = {};
      for (const [code, value] of Object.entries(r.answers)) {
        answers[code] = storedAnswer(value, freeText.has(code), sealer.seal);
      }
      return { k: r.idempotencyKey, l: r.lang, a: answers, s: (r.submittedAt ?? now).toISOString() };
    });
    const inserted = await tx.execute(sql`
      INSERT INTO ${response} (org_id, survey_id, version, status, channel, lang, idempotency_key, answers,
                               entered_by, started_at, updated_at, submitted_at)
      SELECT ${target.orgId}::uuid, ${target.surveyId}::uuid, ${target.version}::int, 'complete', ${target.channel},
             x.l, x.k, x.a, ${target.enteredBy}, x.s, ${now.toISOString()}::timestamptz, x.s
      FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) AS x(k text, l text, a jsonb, s timestamptz)
      ON CONFLICT DO NOTHING
      RETURNING id, idempotency_key AS key`);
    // PGlite and node-postgres both answer with `rows`; RETURNING promises no order, keys give it back.
    const byKey = new Map(
      (inserted as unknown as { rows: { id: string; key: string }[] }).rows.map((r) => [r.key, r.id]),
    );
    for (const r of batch) {
      const id = byKey.get(r.k);
      if (id) ids.push(id);
    }
  }
  return ids;
}
