import { and, eq } from "drizzle-orm";
import { parseMasterKey, createKeyring } from "#app/modules/privacy/keyring.server.ts";
import { response, type StoredAnswer } from "#app/modules/responses/schema.ts";
import { createDb } from "#db/client.ts";
import type { Journey } from "./respondent.ts";
import type { BenchSurvey } from "./survey.ts";

// What the respondents were told against what the database kept: every
// acknowledged response stored complete (none lost), no respondent with two
// complete responses (none duplicated), and no complete response missing a
// page or an answer (no partial response passed off as complete).

export async function checkStoredResponses(options: {
  databaseUrl: string;
  encryptionKey: string;
  survey: BenchSurvey;
  journeys: Journey[];
}): Promise<{ lines: string[]; faults: number }> {
  const { survey, journeys } = options;
  const handle = createDb({ databaseUrl: options.databaseUrl });
  try {
    const rows = await handle.db
      .select({
        startKey: response.startKey,
        status: response.status,
        pagesDone: response.pagesDone,
        answers: response.answers,
        submittedAt: response.submittedAt,
      })
      .from(response)
      .where(and(eq(response.orgId, survey.orgId), eq(response.surveyId, survey.surveyId)));
    const masterKey = parseMasterKey(options.encryptionKey);
    if (!masterKey) throw new Error("bad encryption key");
    const sealer = await createKeyring(masterKey).forOrg(handle.db, survey.orgId);
    const complete = rows.filter((r) => r.status === "complete");
    const completeByKey = new Map<string, number>();
    for (const r of complete) completeByKey.set(r.startKey ?? "", (completeByKey.get(r.startKey ?? "") ?? 0) + 1);
    const byKey = new Map(journeys.filter((j) => j.startKey).map((j) => [j.startKey as string, j]));

    const acknowledged = journeys.filter((j) => j.acknowledged);
    const lost = acknowledged.filter((j) => !completeByKey.has(j.startKey ?? ""));
    const duplicated = journeys.filter((j) => (completeByKey.get(j.startKey ?? "") ?? 0) > 1);
    const strangers = complete.filter((r) => !byKey.has(r.startKey ?? ""));
    const unacknowledged = complete.filter((r) => byKey.get(r.startKey ?? "")?.acknowledged === false);
    const pageKeys = survey.pages.map((_, i) => `p${i + 1}`);
    const codes = survey.pages.flat();
    const incomplete = complete.filter((r) => {
      const journey = byKey.get(r.startKey ?? "");
      if (!r.submittedAt || r.pagesDone.join() !== pageKeys.join()) return true;
      return codes.some((code) => {
        const stored = r.answers[code];
        const sent = journey?.answers.get(code);
        return (
          stored === undefined || !sent || asFormValues(stored, sealer.open).join("\n") !== [...sent].sort().join("\n")
        );
      });
    });
    const lines = [
      `respondents: ${journeys.length} started, ${acknowledged.length} acknowledged (saw the thank-you page)`,
      `stored: ${complete.length} complete responses, ${rows.length - complete.length} partial`,
      `lost (acknowledged, not stored complete): ${lost.length}`,
      `duplicated (a respondent with two complete responses): ${duplicated.length}`,
      `complete responses no respondent started: ${strangers.length}`,
      `complete but not acknowledged (respondent gave up): ${unacknowledged.length}`,
      `complete responses missing a page or an answer, or with an answer other than the one sent: ${incomplete.length}`,
    ];
    return { lines, faults: lost.length + duplicated.length + strangers.length + incomplete.length };
  } finally {
    await handle.close();
  }
}

/** A stored answer as the form values that produced it, sorted. */
function asFormValues(stored: StoredAnswer, open: (sealed: string) => string): string[] {
  if (Array.isArray(stored)) return [...stored].sort();
  if (typeof stored === "object") return [open(stored.sealed)];
  return [String(stored)];
}
