// Reads the cells (migration 0004) a results filter selects, summed in the
// database: at most a few hundred rows reach Node, whatever the survey's size.
import { and, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { ResultsFilter } from "./filters.ts";
import type { ResultsScope } from "./response-set.server.ts";
import { EVERY_RESPONSE, type MomentSum, type MonthlyCount, type RatingCount } from "./cells.ts";
import { insightMomentCell, insightRatingCell } from "./schema.ts";

const day = (d: Date) => d.toISOString().slice(0, 10);

const monthStart = (d: Date | undefined) =>
  !d || (d.getUTCDate() === 1 && d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getTime() % 60_000 === 0);

/** Cells answer a filter on their own dimensions, periods in whole months; a filter on an answer needs the responses. */
export const cellsAnswer = (filter: ResultsFilter) =>
  !filter.question && monthStart(filter.from) && monthStart(filter.to);

type CellTable = typeof insightRatingCell | typeof insightMomentCell;

function where(table: CellTable, scope: ResultsScope, surveyId: string, filter: ResultsFilter): SQL[] {
  const w: SQL[] = [eq(table.orgId, scope.orgId), eq(table.surveyId, surveyId)];
  if (filter.channel) w.push(eq(table.channel, filter.channel));
  if (filter.lang) w.push(eq(table.lang, filter.lang));
  if (filter.version) w.push(eq(table.version, filter.version));
  // Periods are whole months (filters.ts), so a month cell is wholly in or out.
  if (filter.from) w.push(gte(table.month, day(filter.from)));
  if (filter.to) w.push(lt(table.month, day(filter.to)));
  return w;
}

/** The cells' sums over a filter; per language and channel with `byGroup` (for raking to margins on them). */
export async function readCells(
  scope: ResultsScope,
  surveyId: string,
  filter: ResultsFilter,
  codes: string[],
  byGroup = false,
): Promise<{ counts: RatingCount[]; moments: MomentSum[] }> {
  const r = insightRatingCell;
  const m = insightMomentCell;
  const [counts, moments] = await Promise.all([
    scope.db
      .select({
        code: r.code,
        rating: r.rating,
        n: sql<number>`sum(${r.n})::float8`.mapWith(Number),
        ...(byGroup ? { lang: r.lang, channel: r.channel } : {}),
      })
      .from(r)
      .where(and(...where(r, scope, surveyId, filter), inArray(r.code, [EVERY_RESPONSE, ...codes])))
      .groupBy(r.code, r.rating, ...(byGroup ? [r.lang, r.channel] : [])),
    scope.db
      .select({
        j: m.j,
        k: m.k,
        s: sql<number>`sum(${m.s})::float8`.mapWith(Number),
        ...(byGroup ? { lang: m.lang, channel: m.channel } : {}),
      })
      .from(m)
      .where(and(...where(m, scope, surveyId, filter)))
      .groupBy(m.j, m.k, ...(byGroup ? [m.lang, m.channel] : [])),
  ]);
  return { counts, moments };
}

/** Counts of each rating of `codes` per month, language and channel, for the trend (a weighted one rakes each period). */
export async function readMonthlyCounts(
  scope: ResultsScope,
  surveyId: string,
  filter: ResultsFilter,
  codes: string[],
): Promise<MonthlyCount[]> {
  const r = insightRatingCell;
  return scope.db
    .select({
      month: sql<string>`to_char(${r.month}, 'YYYY-MM')`,
      lang: r.lang,
      channel: r.channel,
      code: r.code,
      rating: r.rating,
      n: sql<number>`sum(${r.n})::float8`.mapWith(Number),
    })
    .from(r)
    .where(and(...where(r, scope, surveyId, filter), inArray(r.code, codes)))
    .groupBy(r.month, r.lang, r.channel, r.code, r.rating)
    .orderBy(r.month);
}
