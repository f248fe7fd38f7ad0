// Results from pre-aggregated cells (decision 0015, migration 0004): the
// counts of each rating and the moments of the CMT core driver model, summed
// over the cells a filter selects (or, for a filter the cells cannot answer,
// over the matching responses by the database: decision 0025). Gives exactly
// what analyzeResults gives on the same responses, unweighted or raked to
// margins on language and channel (decision 0026); margins on a question,
// comparisons, cross-tabs and a survey whose drivers are not the six core
// ones are left to the responses themselves.
import { type CrossProducts, driversFromMoments, type RatingCell, summarizeCounts } from "#app/stats/from-moments.ts";
import { type Margins, rake } from "#app/stats/rake.ts";
import { type ScoreSummary, withinScale } from "#app/stats/scores.ts";
import { driverModel, type Results, type ResultsNote } from "./results.ts";

/** The variables of the cells' moments, in order (x_1…x_7; x_0 = 1). The migration's SQL uses the same order. */
export const CELL_MODEL = [
  "CORE-OS-01",
  "CORE-TIM-01",
  "CORE-KNO-01",
  "CORE-COU-01",
  "CORE-FAI-01",
  "CORE-OUT-01",
  "CORE-ACC-01",
] as const;

/** The code the cells count every complete response under. */
export const EVERY_RESPONSE = "*";

/** The cells a weight can be given to: responses of one language and channel (raking margins on those two). */
export interface CellGroup {
  lang?: string;
  channel?: string;
}

export interface RatingCount extends CellGroup {
  code: string;
  rating: number;
  n: number;
}

export interface MomentSum extends CellGroup {
  j: number;
  k: number;
  s: number;
}

/** A count of one rating of one question in one month ("YYYY-MM"), per language and channel when read from cells. */
export type MonthlyCount = RatingCount & { month: string };

/** Each response's weight in a group of cells (every response of a language and channel has the same raked weight). */
export type GroupWeight = (group: CellGroup) => number;

/** Margins the cells can rake to: on their own language and channel only. */
export const CELL_MARGINS: readonly string[] = ["lang", "channel"];
export const cellsRake = (margins: Margins) => Object.keys(margins).every((v) => CELL_MARGINS.includes(v));

const groupKey = (g: CellGroup) => `${g.lang ?? ""}|${g.channel ?? ""}`;

export interface CellWeighting {
  weightOf: GroupWeight;
  raking: NonNullable<Results["raking"]>;
  notes: ResultsNote[];
}

/**
 * Rakes the groups of cells (language × channel, counted under "*") to the
 * margins, as weightsFor rakes the responses: every response of a group gets
 * the same factors, so raking the groups' counts gives each group's total
 * weight, and a response's weight is that total over the group's count.
 * Null when raking is impossible (the responses' path then says why).
 */
export function rakeCellGroups(counts: readonly RatingCount[], margins: Margins): CellWeighting | null {
  if (!cellsRake(margins)) return null;
  const groups = new Map<string, { lang: string; channel: string; n: number }>();
  for (const c of counts) {
    if (c.code !== EVERY_RESPONSE || c.n <= 0) continue;
    const group = groups.get(groupKey(c)) ?? { lang: c.lang ?? "", channel: c.channel ?? "", n: 0 };
    group.n += c.n;
    groups.set(groupKey(c), group);
  }
  const list = [...groups.values()];
  if (list.length === 0) return null;
  const columns = Object.keys(margins);
  const variables = Object.fromEntries(columns.map((v) => [v, list.map((g) => (v === "lang" ? g.lang : g.channel))]));
  let raked;
  try {
    raked = rake(
      variables,
      margins,
      list.map((g) => g.n),
    );
  } catch {
    return null;
  }
  const weights = new Map(list.map((g, i) => [groupKey(g), (raked.weights[i] ?? NaN) / g.n]));
  const totalWeight = raked.weights.reduce((a, b) => a + b, 0);
  return {
    weightOf: (g) => weights.get(groupKey(g)) ?? 0,
    raking: { columns, iterations: raked.iterations, converged: raked.converged, totalWeight },
    notes: raked.converged ? [] : [{ key: "notConverged" }],
  };
}

export interface CellQuestions {
  overall: string | null;
  drivers: string[];
  scales: string[];
}

/** True when the survey's driver model is the one the cells keep: overall and the six core drivers, in any order. */
export function cellsHoldModel(q: CellQuestions): boolean {
  const model = [q.overall, ...q.drivers];
  return model.length === CELL_MODEL.length && CELL_MODEL.every((code) => model.includes(code));
}

function scoreCounts(counts: readonly RatingCount[], scales: string[], notes: ResultsNote[], weightOf?: GroupWeight) {
  const byCode = new Map<string, RatingCell[]>();
  for (const c of counts) {
    const row = byCode.get(c.code) ?? [1, 2, 3, 4, 5].map(() => ({ n: 0, w: 0, w2: 0 }));
    const cell = row[c.rating - 1];
    const w = weightOf ? weightOf(c) : 1;
    if (cell) {
      cell.n += c.n;
      cell.w = (cell.w ?? 0) + w * c.n;
      cell.w2 = (cell.w2 ?? 0) + w * w * c.n;
    }
    byCode.set(c.code, row);
  }
  const items: Record<string, ScoreSummary> = {};
  for (const code of scales) {
    const row = byCode.get(code) ?? [];
    const valid = row.reduce((a, c) => a + c.n, 0);
    if (valid < 2) notes.push({ key: "tooFewRatings", code, n: valid });
    else items[code] = withinScale(summarizeCounts(row, weightOf !== undefined));
  }
  return items;
}

/** Score summaries of `codes` from rating counts, weighted when raked groups are given; codes with under two ratings are left out. */
export function scoresFromCells(counts: readonly RatingCount[], codes: string[], weighting?: CellWeighting) {
  return scoreCounts(counts, codes, [], weighting?.weightOf);
}

/** The moments of `order` (overall, then drivers) from the cells' sums over CELL_MODEL, weighted per group if asked. */
function momentsOf(sums: readonly MomentSum[], order: readonly string[], weightOf?: GroupWeight): CrossProducts {
  const weighted = new Map<string, number>();
  let n = 0;
  for (const m of sums) {
    const key = `${m.j},${m.k}`;
    weighted.set(key, (weighted.get(key) ?? 0) + (weightOf ? weightOf(m) : 1) * m.s);
    if (m.j === 0 && m.k === 0) n += m.s;
  }
  const at = (j: number, k: number) => weighted.get(`${Math.max(j, k)},${Math.min(j, k)}`) ?? 0;
  const index = order.map((code) => CELL_MODEL.indexOf(code as (typeof CELL_MODEL)[number]) + 1);
  return {
    n,
    sumW: at(0, 0),
    sums: index.map((j) => at(j, 0)),
    products: index.map((j) => index.map((k) => at(j, k))),
  };
}

/**
 * Results from cell sums, or null when they cannot give exactly what the
 * responses would: a driver with too few ratings drops out of the model,
 * which changes who counts as a complete case.
 */
export function resultsFromCells(
  counts: readonly RatingCount[],
  moments: readonly MomentSum[],
  q: CellQuestions,
  weighting?: CellWeighting,
): Results | null {
  if (!cellsHoldModel(q) || !q.overall) return null;
  const notes: ResultsNote[] = [...(weighting?.notes ?? [])];
  const weightOf = weighting?.weightOf;
  const items = scoreCounts(counts, q.scales, notes, weightOf);
  const n = counts.filter((c) => c.code === EVERY_RESPONSE).reduce((a, c) => a + c.n, 0);
  const frame = { n, weighted: weighting !== undefined, raking: weighting?.raking ?? null, items };
  if (!items[q.overall]) return { ...frame, drivers: null, notes };
  if (q.drivers.some((code) => !items[code])) return null;
  const order = [q.overall, ...q.drivers];
  const m = momentsOf(moments, order, weightOf);
  const drivers = driverModel(
    { drivers: q.drivers, complete: m.n, analyze: (codes) => driversFromMoments(codes, m) },
    items,
    notes,
  );
  return { ...frame, drivers, notes };
}
