// Results from pre-aggregated cells (decision 0015, migration 0004): the
// counts of each rating and the moments of the CMT core driver model, summed
// over the cells a filter selects. Gives exactly what analyzeResults gives on
// the same responses, unweighted; whatever cells cannot answer (weights, a
// filter on an answer, cross-tabs, a survey whose drivers are not the six
// core ones) is left to the responses themselves.
import { driversFromMoments, summarizeCounts } from "#app/stats/from-moments.ts";
import type { ScoreSummary } from "#app/stats/scores.ts";
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

export interface RatingCount {
  code: string;
  rating: number;
  n: number;
}

export interface MomentSum {
  j: number;
  k: number;
  s: number;
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

function scoreCounts(counts: readonly RatingCount[], scales: string[], notes: ResultsNote[]) {
  const byCode = new Map<string, number[]>();
  for (const c of counts) {
    const row = byCode.get(c.code) ?? [0, 0, 0, 0, 0];
    if (c.rating >= 1 && c.rating <= 5) row[c.rating - 1] = (row[c.rating - 1] ?? 0) + c.n;
    byCode.set(c.code, row);
  }
  const items: Record<string, ScoreSummary> = {};
  for (const code of scales) {
    const row = byCode.get(code) ?? [0, 0, 0, 0, 0];
    const valid = row.reduce((a, b) => a + b, 0);
    if (valid < 2) notes.push({ key: "tooFewRatings", code, n: valid });
    else items[code] = summarizeCounts(row.map((n) => ({ n })));
  }
  return items;
}

/** The moments of `order` (overall, then drivers) from the cells' sums over CELL_MODEL. */
function momentsOf(sums: readonly MomentSum[], order: readonly string[]) {
  const s = new Map(sums.map((m) => [`${m.j},${m.k}`, m.s]));
  const at = (j: number, k: number) => s.get(`${Math.max(j, k)},${Math.min(j, k)}`) ?? 0;
  const index = order.map((code) => CELL_MODEL.indexOf(code as (typeof CELL_MODEL)[number]) + 1);
  const n = at(0, 0);
  return {
    n,
    sumW: n,
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
): Results | null {
  if (!cellsHoldModel(q) || !q.overall) return null;
  const notes: ResultsNote[] = [];
  const items = scoreCounts(counts, q.scales, notes);
  const n = counts.filter((c) => c.code === EVERY_RESPONSE).reduce((a, c) => a + c.n, 0);
  if (!items[q.overall]) return { n, weighted: false, raking: null, items, drivers: null, notes };
  if (q.drivers.some((code) => !items[code])) return null;
  const order = [q.overall, ...q.drivers];
  const m = momentsOf(moments, order);
  const drivers = driverModel(
    { drivers: q.drivers, complete: m.n, analyze: (codes) => driversFromMoments(codes, m) },
    items,
    notes,
  );
  return { n, weighted: false, raking: null, items, drivers, notes };
}
