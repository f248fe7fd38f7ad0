// What a survey's report says, for a filter: the headline, every scale
// question's score, the drivers and the priorities. The same numbers as the
// results pages (loadSurveyResults: the cells when they answer exactly, the
// responses otherwise, weighted when the survey has margins), with the
// wording the report needs in both languages, so one object feeds the PDF,
// the workbook, the CSV and the mail.
import { eq } from "drizzle-orm";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import { organization } from "#app/modules/identity/schema.ts";
import type { Quadrant } from "#app/stats/priorities.ts";
import type { ScoreSummary } from "#app/stats/scores.ts";
import type { ResultsFilter } from "./filters.ts";
import type { ResultsQuestion } from "./questions.ts";
import type { ResultsScope } from "./response-set.server.ts";
import type { ResultsNote } from "./results.ts";
import { loadSurveyResults } from "./survey-results.server.ts";

export interface ReportText {
  en: string;
  fr: string;
}

export interface ReportScore extends ScoreSummary {
  code: string;
  text: ReportText;
}

export interface ReportDriver {
  code: string;
  text: ReportText;
  /** The driver's name code (timeliness, courtesy…), for its label. */
  driver: string | null;
  r: number;
  betaStd: number;
  importance: number;
  performance: number;
  quadrant: Quadrant;
}

export interface ReportData {
  survey: { id: string; title: ReportText; status: string };
  organization: ReportText;
  filter: ResultsFilter;
  versions: number[];
  generatedAt: Date;
  /** Complete responses in the filter. */
  n: number;
  weighted: boolean;
  /** Overall satisfaction, when the survey asks it and it has ratings. */
  headline: ReportScore | null;
  scores: ReportScore[];
  drivers: { n: number; r2: number; items: ReportDriver[] } | null;
  /** High importance, low performance: most important first. */
  priorities: ReportDriver[];
  notes: ResultsNote[];
}

const textOf = (q: ResultsQuestion): ReportText => ({ en: q.textEn, fr: q.textFr });

/** The report for a scope already authorized (a member, or the report job acting for subscribers). */
export async function loadReportData(
  scope: ResultsScope,
  surveyId: string,
  filter: ResultsFilter,
  now = new Date(),
): Promise<ReportData> {
  const set = await loadSurveyResults(scope, surveyId, filter);
  const [org] = await scope.db
    .select({ en: organization.nameEn, fr: organization.nameFr })
    .from(organization)
    .where(eq(organization.id, scope.orgId));
  const { questions, results } = set;
  const byCode = new Map(questions.scales.map((q) => [q.code, q]));
  const scores = questions.scales.flatMap((q) => {
    const item = results.items[q.code];
    return item ? [{ code: q.code, text: textOf(q), ...item }] : [];
  });
  const drivers = results.drivers && {
    n: results.drivers.n,
    r2: results.drivers.r2,
    items: results.drivers.items.map((d): ReportDriver => {
      const q = byCode.get(d.item);
      return {
        code: d.item,
        text: q ? textOf(q) : { en: d.item, fr: d.item },
        driver: q?.driver ?? null,
        r: d.r,
        betaStd: d.betaStd,
        importance: d.importance,
        performance: d.performance,
        quadrant: d.quadrant,
      };
    }),
  };
  return {
    survey: { id: set.survey.id, title: { en: set.survey.titleEn, fr: set.survey.titleFr }, status: set.survey.status },
    organization: org ?? { en: "", fr: "" },
    filter,
    versions: set.versions,
    generatedAt: now,
    n: results.n,
    weighted: results.weighted,
    headline: scores.find((s) => s.code === questions.overall?.code) ?? null,
    scores,
    drivers,
    priorities: (drivers?.items ?? [])
      .filter((d) => d.quadrant === "priority")
      .sort((a, b) => b.importance - a.importance),
    notes: results.notes,
  };
}

/** The report for a member who may read results; another organization's survey is NotFound. */
export async function getReportData(ctx: TenantCtx, surveyId: string, filter: ResultsFilter): Promise<ReportData> {
  assertCan(ctx, "results.view");
  return loadReportData(ctx, surveyId, filter);
}
