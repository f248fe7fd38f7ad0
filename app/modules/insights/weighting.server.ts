// A survey's weighting margins, as the results pages read them. Setting and
// clearing them (with validation and audit) is the weighting page's.
import { and, eq } from "drizzle-orm";
import type { Margins } from "#app/stats/rake.ts";
import type { ResultsScope } from "./response-set.server.ts";
import { surveyWeighting } from "./schema.ts";

/** The margins the survey's results are raked to, or null when they are not weighted. */
export async function getSurveyMargins(scope: ResultsScope, surveyId: string): Promise<Margins | null> {
  const [row] = await scope.db
    .select({ margins: surveyWeighting.margins })
    .from(surveyWeighting)
    .where(and(eq(surveyWeighting.orgId, scope.orgId), eq(surveyWeighting.surveyId, surveyId)));
  return row?.margins ?? null;
}
