// Writes responses read from a file or the API: complete, on their channel,
// free text sealed, many rows per statement. Each carries an idempotency key,
// so writing the same batch twice adds nothing the second time.
import type { OrgSealer } from "#app/modules/privacy/keyring.server.ts";
import type { PublishedDefinition } from "#app/modules/measure/definition.ts";
import type { Db } from "#db/client.ts";
import { type Answers, isFreeText, storedAnswer } from "./answers.ts";
import { response, type StoredAnswers } from "./schema.ts";

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters, few enough round trips. */
export const INSERT_BATCH = 1000;

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

/** Inserts the responses (in batches); returns the ids of those not already there. */
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
    const values = rows.slice(i, i + INSERT_BATCH).map((r) => {
      const answers: StoredAnswers = {};
      for (const [code, value] of Object.entries(r.answers)) {
        answers[code] = storedAnswer(value, freeText.has(code), sealer.seal);
      }
      const at = r.submittedAt ?? now;
      return {
        ...target,
        status: "complete" as const,
        lang: r.lang,
        idempotencyKey: r.idempotencyKey,
        answers,
        startedAt: at,
        updatedAt: now,
        submittedAt: at,
      };
    });
    const inserted = await tx.insert(response).values(values).onConflictDoNothing().returning({ id: response.id });
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}
