// The dashboard's statistics from additive sufficient statistics instead of
// raw vectors, so that the database can sum them (over pre-aggregated cells or
// one scan) and Node never holds the responses. Each function gives the same
// result as its raw-vector twin (scores.ts, drivers.ts, crosstab.ts) to 1e-9.
import { inverse, Matrix, solve } from "ml-matrix";
import { chiSquareUpper } from "./distributions.ts";
import type { CrossTab } from "./crosstab.ts";
import { MIN_EXPECTED } from "./crosstab.ts";
import type { DriverAnalysis, DriverResult } from "./drivers.ts";
import { StatsInputError } from "./errors.ts";
import { sortedLabels } from "./labels.ts";
import { lmgShares, MAX_LMG_DRIVERS, subsetRSquared } from "./lmg.ts";
import { logitInterval, ratingToScore, type ScoreSummary, tCritical, wilsonInterval } from "./scores.ts";

/** One rating (1–5) of one item: cases, and when weighted Σw and Σw² over them. */
export interface RatingCell {
  n: number;
  w?: number;
  w2?: number;
}

const RATINGS = [1, 2, 3, 4, 5];

/**
 * summarizeRatings from the counts of each rating: cells[r − 1] is rating r.
 * Weighted when every cell carries w and w2 (Σw and Σw² of its cases).
 */
export function summarizeCounts(cells: readonly RatingCell[], weighted = false): ScoreSummary {
  if (cells.length !== 5) throw new StatsInputError("one cell per rating, 1 to 5");
  const n = cells.reduce((a, c) => a + c.n, 0);
  if (n === 0) throw new StatsInputError("no valid ratings");
  const t = tCritical(n - 1);
  const score = RATINGS.map(ratingToScore);
  const satisfied = RATINGS.map((r) => (r >= 4 ? 1 : 0));
  const w = cells.map((c) => (weighted ? (c.w ?? NaN) : c.n));
  const w2 = cells.map((c) => (weighted ? (c.w2 ?? NaN) : c.n));
  const total = w.reduce((a, b) => a + b, 0);
  const meanOf = (y: number[]) => y.reduce((a, yr, r) => a + (w[r] ?? 0) * yr, 0) / total;
  const mean = meanOf(score);
  const spread = (y: number[], m: number, by: number[]) => y.reduce((a, yr, r) => a + (by[r] ?? 0) * (yr - m) ** 2, 0);
  const p = meanOf(satisfied);
  if (!weighted) {
    const sd = Math.sqrt(spread(score, mean, w) / (n - 1));
    const se = sd / Math.sqrt(n);
    const count = (cells[3]?.n ?? 0) + (cells[4]?.n ?? 0);
    return { n, mean, sd, se, ci: [mean - t * se, mean + t * se], satisfied: { p, ci: wilsonInterval(count, n) } };
  }
  // svymean: n/(n−1) Σ wᵢ² (yᵢ − ȳ)² / (Σw)²; svyvar: n/(n−1) Σ wᵢ (yᵢ − ȳ)² / Σw.
  const design = n / (n - 1);
  const se = Math.sqrt((design * spread(score, mean, w2)) / (total * total));
  const pSe = Math.sqrt((design * spread(satisfied, p, w2)) / (total * total));
  return {
    n,
    mean,
    sd: Math.sqrt((design * spread(score, mean, w)) / total),
    se,
    ci: [mean - t * se, mean + t * se],
    satisfied: { p, ci: logitInterval(p, pSe, n - 1) },
  };
}

/**
 * Moments of the listwise-complete cases, in ratings (1–5): variable 0 is
 * overall satisfaction, then each driver. Unweighted, w = 1 for every case.
 */
export interface CrossProducts {
  /** Complete cases. */
  n: number;
  /** Σw */
  sumW: number;
  /** Σw·x_j */
  sums: readonly number[];
  /** Σw·x_j·x_k (symmetric; only k ≤ j is read). */
  products: readonly (readonly number[])[];
}

/** analyzeDrivers from the moments of its complete cases. */
export function driversFromMoments(items: readonly string[], m: CrossProducts): DriverAnalysis {
  if (items.length === 0) throw new StatsInputError("no drivers");
  if (items.length > MAX_LMG_DRIVERS) throw new StatsInputError(`at most ${MAX_LMG_DRIVERS} drivers`);
  if (m.sums.length !== items.length + 1) throw new StatsInputError("moments for overall and each driver");
  const { n, sumW } = m;
  // Scores are 25 (r − 1): means shift and scale, covariances scale by 625.
  const ratingMean = m.sums.map((s) => s / sumW);
  const cov = (j: number, k: number) => {
    const row = Math.max(j, k);
    const column = Math.min(j, k);
    const product = m.products[row]?.[column] ?? NaN;
    return 625 * (product / sumW - (ratingMean[j] ?? NaN) * (ratingMean[k] ?? NaN));
  };
  // A column without variance has S_jj at rounding level (exactly 0 for integer sums).
  const varies = (j: number) => cov(j, j) > 1e-9 * 625 * (1 + (ratingMean[j] ?? 0) ** 2);
  const kept = items.map((_, j) => j).filter((j) => n > 0 && varies(j + 1));
  if (n < kept.length + 2)
    throw new StatsInputError(`${n} complete cases; ${items.length} drivers need at least ${kept.length + 2}`);
  if (!varies(0)) throw new StatsInputError("overall satisfaction is the same in every complete case");
  if (kept.length === 0) throw new StatsInputError("no driver varies");
  const columns = [0, ...kept.map((j) => j + 1)];
  const s = columns.map((j) => columns.map((k) => cov(j, k)));
  const means = columns.map((j) => ratingToScore(ratingMean[j] ?? NaN));
  const sd = s.map((row, j) => Math.sqrt(row[j] ?? NaN));
  const corr = s.map((row, i) => row.map((value, j) => value / ((sd[i] ?? NaN) * (sd[j] ?? NaN))));
  const predictors = corr.slice(1).map((row) => row.slice(1));
  const withOutcome = corr.slice(1).map((row) => row[0] ?? NaN);
  checkCollinearity(
    predictors,
    kept.map((j) => items[j] ?? ""),
  );
  const sxy = s.slice(1).map((row) => row[0] ?? NaN);
  const b = solve(new Matrix(s.slice(1).map((row) => row.slice(1))), Matrix.columnVector(sxy)).getColumn(0);
  const syy = s[0]?.[0] ?? NaN;
  const r2 = b.reduce((a, bj, k) => a + bj * (sxy[k] ?? NaN), 0) / syy;
  const lmg = lmgShares(subsetRSquared(predictors, withOutcome), kept.length);
  const results = items.map((item, j): DriverResult => {
    const k = kept.indexOf(j);
    if (k < 0) return { item, r: NaN, beta: NaN, betaStd: NaN, lmg: 0, importance: 0 };
    const beta = b[k] ?? NaN;
    const share = lmg[k] ?? NaN;
    const betaStd = (beta * (sd[k + 1] ?? NaN)) / (sd[0] ?? NaN);
    return { item, r: withOutcome[k] ?? NaN, beta, betaStd, lmg: share, importance: share / r2 };
  });
  const intercept = (means[0] ?? NaN) - b.reduce((a, bj, k) => a + bj * (means[k + 1] ?? NaN), 0);
  const constant = items.filter((_, j) => !kept.includes(j));
  return { n, r2, intercept, items: results, constant };
}

/** As drivers.ts: variance inflation above 1e10 (or a singular matrix) means not identified. */
function checkCollinearity(correlations: number[][], items: readonly string[]): void {
  let vif: number[];
  try {
    vif = inverse(new Matrix(correlations)).diag();
  } catch {
    vif = items.map(() => Infinity);
  }
  const worst = vif.findIndex((value) => !(value < 1e10));
  if (worst >= 0) throw new StatsInputError(`driver "${items[worst]}" is a linear combination of the others`);
}

/** One cell of an unweighted two-way table. */
export interface TableCount {
  row: string;
  column: string;
  n: number;
}

/**
 * crossTabulate (unweighted) from the count of each (row, column) pair.
 * Pairs may repeat (cells from several strata); zero counts are ignored, so
 * only categories that occur become rows or columns, as with raw values.
 */
export function crossTabFromCounts(cells: readonly TableCount[], order: { rows?: string[]; columns?: string[] } = {}) {
  const present = cells.filter((c) => c.n > 0);
  const rows = sortedLabels(
    present.map((c) => c.row),
    order.rows,
  );
  const columns = sortedLabels(
    present.map((c) => c.column),
    order.columns,
  );
  const counts = rows.map(() => columns.map(() => 0));
  for (const c of present) {
    const line = counts[rows.indexOf(c.row)] ?? [];
    const j = columns.indexOf(c.column);
    line[j] = (line[j] ?? 0) + c.n;
  }
  const rowTotals = counts.map((line) => line.reduce((a, b) => a + b, 0));
  const columnTotals = columns.map((_, j) => counts.reduce((a, line) => a + (line[j] ?? 0), 0));
  const n = rowTotals.reduce((a, b) => a + b, 0);
  if (n === 0) throw new StatsInputError("no case has both variables");
  const expected = rowTotals.map((r) => columnTotals.map((c) => (r * c) / n));
  const expectedMin = Math.min(...expected.flat());
  const table: CrossTab = {
    n,
    rows,
    columns,
    counts,
    rowPercent: counts.map((line, i) => line.map((x) => (100 * x) / (rowTotals[i] ?? NaN))),
    columnPercent: counts.map((line) => line.map((x, j) => (100 * x) / (columnTotals[j] ?? NaN))),
    expectedMin,
    smallExpected: expectedMin < MIN_EXPECTED,
    chi2: NaN,
    df: 0,
    p: NaN,
    cramersV: NaN,
  };
  if (rows.length < 2 || columns.length < 2) return table;
  let chi2 = 0;
  counts.forEach((line, i) =>
    line.forEach((x, j) => {
      const e = expected[i]?.[j] ?? NaN;
      chi2 += (x - e) ** 2 / e;
    }),
  );
  const df = (rows.length - 1) * (columns.length - 1);
  const cramersV = Math.sqrt(chi2 / (n * (Math.min(rows.length, columns.length) - 1)));
  return { ...table, chi2, df, p: chiSquareUpper(chi2, df), cramersV };
}
