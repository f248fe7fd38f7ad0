// Builds a survey's results dashboard (the view model of dashboard-view.ts).
// Every number comes from app/stats, through loadSurveyResults (the cells when
// they answer exactly, the responses otherwise); this file only chooses what
// to compute and arranges it.
import { and, count, eq, gte, isNotNull, lt, sql, type SQL } from "drizzle-orm";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import { response, surveyContact } from "#app/modules/responses/schema.ts";
import type {
  DashboardView,
  DriverView,
  FilterQuestion,
  ResponseRates,
  ScoreView,
  TrendPoint,
} from "./dashboard-view.ts";
import type { ResultsFilter } from "./filters.ts";
import type { ResultsQuestion } from "./questions.ts";
import type { ScoreSummary } from "#app/stats/scores.ts";
import { EVERY_RESPONSE, rakeCellGroups, scoresFromCells } from "./cells.ts";
import { readMonthlyCounts } from "./cells.server.ts";
import { readResponseMonthlyCounts } from "./response-sums.server.ts";
import type { ResultsScope } from "./response-set.server.ts";
import { analyzeResults } from "./results.ts";
import { loadSurveyResults, type SurveyResults } from "./survey-results.server.ts";
import { monthOf, trendPeriods } from "./trend.ts";
import { getSurveyMargins } from "./weighting.server.ts";

export interface DashboardOptions {
  /** Weight to the survey's margins when it has some (the default). */
  weighted?: boolean;
  /** Questions the dashboard is computed without (a share link's left-out questions). */
  leaveOut?: readonly string[];
}

function asScore(q: ResultsQuestion, item: ScoreSummary | undefined): ScoreView | null {
  if (!item) return null;
  const { n, mean, ci, satisfied } = item;
  return { code: q.code, textEn: q.textEn, textFr: q.textFr, driver: q.driver, n, mean, ci, satisfied };
}

function filterQuestionsOf(categories: ResultsQuestion[], scales: ResultsQuestion[]): FilterQuestion[] {
  return [
    ...scales.map((q) => ({ code: q.code, textEn: q.textEn, textFr: q.textFr, options: null, scale: true })),
    ...categories.map((q) => ({ code: q.code, textEn: q.textEn, textFr: q.textFr, options: q.options, scale: false })),
  ];
}

function responseWhere(scope: ResultsScope, surveyId: string, filter: ResultsFilter): SQL[] {
  const where: SQL[] = [eq(response.orgId, scope.orgId), eq(response.surveyId, surveyId)];
  if (filter.channel) where.push(eq(response.channel, filter.channel));
  if (filter.lang) where.push(eq(response.lang, filter.lang));
  if (filter.version) where.push(eq(response.version, filter.version));
  if (filter.from) where.push(gte(response.startedAt, filter.from));
  if (filter.to) where.push(lt(response.startedAt, filter.to));
  return where;
}

async function responseRates(
  scope: ResultsScope,
  surveyId: string,
  filter: ResultsFilter,
  target: number | null,
): Promise<ResponseRates> {
  const completeOnly = sql`${response.status} = 'complete'`;
  const [started, whole, contacts] = await Promise.all([
    // Partial responses rarely reach every question, so a filter on an answer has no honest denominator.
    filter.question
      ? Promise.resolve(null)
      : scope.db
          .select({ started: count(), complete: count(sql`CASE WHEN ${completeOnly} THEN 1 END`) })
          .from(response)
          .where(and(...responseWhere(scope, surveyId, filter))),
    target
      ? scope.db
          .select({ complete: count() })
          .from(response)
          .where(and(eq(response.orgId, scope.orgId), eq(response.surveyId, surveyId), completeOnly))
      : Promise.resolve(null),
    scope.db
      .select({ invited: count(), responded: count(sql`CASE WHEN ${surveyContact.status} = 'responded' THEN 1 END`) })
      .from(surveyContact)
      .where(
        and(
          eq(surveyContact.orgId, scope.orgId),
          eq(surveyContact.surveyId, surveyId),
          isNotNull(surveyContact.invitedAt),
        ),
      ),
  ]);
  const s = started?.[0];
  const c = contacts[0];
  return {
    completion: s && s.started > 0 ? { started: s.started, complete: s.complete } : null,
    target: target && whole?.[0] ? { complete: whole[0].complete, target } : null,
    invitations: c && c.invited > 0 ? { invited: c.invited, responded: c.responded } : null,
  };
}

type OverallScore = TrendPoint["score"];

const pointScore = (item: ScoreSummary | undefined): OverallScore =>
  item ? { n: item.n, mean: item.mean, ci: item.ci, satisfied: item.satisfied } : null;

/** Overall satisfaction per period: from the responses when the results came from them, else from monthly counts (the cells', or the filtered responses' summed by the database). */
async function trendOf(scope: ResultsScope, surveyId: string, filter: ResultsFilter, found: SurveyResults) {
  const overall = found.questions.overall;
  if (!overall) return { granularity: null, points: [] };
  if (found.rows) {
    const byMonth = Map.groupBy(found.rows, (row) => monthOf(row.submittedAt));
    const options = { overall: overall.code, drivers: [], scales: [overall.code], margins: found.margins ?? undefined };
    const periods = trendPeriods([...byMonth.keys()].sort());
    return {
      granularity: periods[0]?.granularity ?? null,
      points: periods.map((period): TrendPoint => {
        const rows = period.months.flatMap((m) => byMonth.get(m) ?? []);
        return {
          from: period.from.toISOString(),
          to: period.to.toISOString(),
          n: rows.length,
          score: pointScore(analyzeResults(rows, options).items[overall.code]),
        };
      }),
    };
  }
  // The cells' counts come per language and channel, so a weighted trend rakes each period as the responses' path does.
  const codes = [EVERY_RESPONSE, overall.code];
  const read = found.source === "cells" ? readMonthlyCounts : readResponseMonthlyCounts;
  const counts = await read(scope, surveyId, filter, codes);
  const months = [...new Set(counts.filter((c) => c.code === EVERY_RESPONSE && c.n > 0).map((c) => c.month))].sort();
  const periods = trendPeriods(months);
  return {
    granularity: periods[0]?.granularity ?? null,
    points: periods.map((period): TrendPoint => {
      const inPeriod = counts.filter((c) => period.months.includes(c.month));
      // A period that cannot be raked is shown unweighted, as analyzeResults does.
      const weighting = (found.margins && rakeCellGroups(inPeriod, found.margins)) || undefined;
      return {
        from: period.from.toISOString(),
        to: period.to.toISOString(),
        n: inPeriod.filter((c) => c.code === EVERY_RESPONSE).reduce((a, c) => a + c.n, 0),
        score: pointScore(scoresFromCells(inPeriod, [overall.code], weighting)[overall.code]),
      };
    }),
  };
}

/** The dashboard of a survey for a scope already authorized (a member, or a share link). */
export async function loadDashboard(
  scope: ResultsScope,
  surveyId: string,
  filter: ResultsFilter,
  options: DashboardOptions = {},
): Promise<DashboardView> {
  const found = await loadSurveyResults(scope, surveyId, filter, {
    weighted: options.weighted,
    leaveOut: options.leaveOut,
  });
  const { questions, results, margins } = found;
  const [rates, trend, available] = await Promise.all([
    responseRates(scope, surveyId, filter, found.survey.responseTarget),
    trendOf(scope, surveyId, filter, found),
    // Unweighted on request: say whether weights exist all the same.
    margins ? Promise.resolve(margins) : getSurveyMargins(scope, surveyId),
  ]);
  const scores = questions.scales.flatMap((q) => asScore(q, results.items[q.code]) ?? []);
  const byCode = new Map(questions.drivers.map((q) => [q.code, q]));
  const driverItems: DriverView[] = (results.drivers?.items ?? []).flatMap((d) => {
    const q = byCode.get(d.item);
    const score = results.items[d.item];
    if (!q?.driver || !score || !Number.isFinite(d.importance)) return [];
    return [
      {
        code: d.item,
        driver: q.driver,
        textEn: q.textEn,
        textFr: q.textFr,
        performance: d.performance,
        ci: score.ci,
        importance: d.importance,
        r: d.r,
        quadrant: d.quadrant,
      },
    ];
  });
  const overall = questions.overall;
  return {
    survey: {
      id: found.survey.id,
      titleEn: found.survey.titleEn,
      titleFr: found.survey.titleFr,
      status: found.survey.status,
    },
    versions: found.versions,
    n: results.n,
    filtered: Object.keys(filter).length > 0,
    weighting: {
      available: available !== null,
      applied: results.weighted,
      variables: available ? Object.keys(available) : [],
    },
    headline: overall ? asScore(overall, results.items[overall.code]) : null,
    rates,
    scores,
    drivers: results.drivers ? { n: results.drivers.n, r2: results.drivers.r2, items: driverItems } : null,
    priorities: driverItems.filter((d) => d.quadrant === "priority").sort((a, b) => b.importance - a.importance),
    trend,
    filterQuestions: filterQuestionsOf(questions.categories, questions.scales),
    notes: results.notes,
  };
}

/** The dashboard of a survey, for a member who may read results. */
export async function getDashboard(
  ctx: TenantCtx,
  surveyId: string,
  filter: ResultsFilter,
  options: DashboardOptions = {},
): Promise<DashboardView> {
  assertCan(ctx, "results.view");
  return loadDashboard(ctx, surveyId, filter, options);
}
