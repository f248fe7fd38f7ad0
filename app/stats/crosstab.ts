// Two-way tables: counts (weighted sums when weighted), row and column
// percentages, Pearson's chi-square without continuity correction, Cramér's V,
// and, with weights, the Rao–Scott F test. Cases missing either variable are
// left out; only categories that occur become rows or columns.
import { chiSquareUpper } from "./distributions.ts";
import { checkWeights } from "./design.ts";
import { StatsInputError } from "./errors.ts";
import { sortedLabels } from "./labels.ts";
import { raoScott, type RaoScott } from "./rao-scott.ts";

/** Below this expected count the chi-square approximation is doubtful. */
export const MIN_EXPECTED = 5;

export interface CrossTab {
  /** Cases in the table. */
  n: number;
  rows: string[];
  columns: string[];
  counts: number[][];
  rowPercent: number[][];
  columnPercent: number[][];
  /** X² = Σ (O − E)² / E, E = row total × column total / N; weighted: on the table rescaled to n cases. */
  chi2: number;
  /** (rows − 1) × (columns − 1) */
  df: number;
  /** P(χ²_df > X²); weighted: the Rao–Scott F test's p. */
  p: number;
  /** √(X² / (N (min(rows, columns) − 1))) */
  cramersV: number;
  /** Smallest expected count (weighted: in the table rescaled to n). */
  expectedMin: number;
  /** True when some expected count is below 5. */
  smallExpected: boolean;
  raoScott?: RaoScott;
}

export interface TableOrder {
  rows?: readonly string[];
  columns?: readonly string[];
}

const NO_TEST = { chi2: NaN, df: 0, p: NaN, cramersV: NaN };

export function crossTabulate(
  rowValues: readonly (string | null)[],
  columnValues: readonly (string | null)[],
  weights?: readonly number[],
  order: TableOrder = {},
): CrossTab {
  if (columnValues.length !== rowValues.length) throw new StatsInputError("both variables need one value per case");
  if (weights) checkWeights(rowValues.length, weights);
  const cases = rowValues.flatMap((row, i) => {
    const column = columnValues[i];
    return row === null || column === null || column === undefined ? [] : [{ row, column, weight: weights?.[i] ?? 1 }];
  });
  const n = cases.length;
  if (n === 0) throw new StatsInputError("no case has both variables");
  const rows = sortedLabels(
    cases.map((c) => c.row),
    order.rows,
  );
  const columns = sortedLabels(
    cases.map((c) => c.column),
    order.columns,
  );
  const counts = rows.map(() => columns.map(() => 0));
  const cell = cases.map(({ row, column, weight }) => {
    const i = rows.indexOf(row);
    const j = columns.indexOf(column);
    const line = counts[i] ?? [];
    line[j] = (line[j] ?? 0) + weight;
    return i + rows.length * j;
  });
  const rowTotals = counts.map((line) => line.reduce((a, b) => a + b, 0));
  const columnTotals = columns.map((_, j) => counts.reduce((a, line) => a + (line[j] ?? 0), 0));
  const total = rowTotals.reduce((a, b) => a + b, 0);
  const percentages = {
    rowPercent: counts.map((line, i) => line.map((x) => (100 * x) / (rowTotals[i] ?? NaN))),
    columnPercent: counts.map((line) => line.map((x, j) => (100 * x) / (columnTotals[j] ?? NaN))),
  };
  const scale = n / total; // 1 when unweighted
  const expected = rowTotals.map((r) => columnTotals.map((c) => (r * c * scale) / total));
  const expectedMin = Math.min(...expected.flat());
  const table = { n, rows, columns, counts, ...percentages, expectedMin, smallExpected: expectedMin < MIN_EXPECTED };
  if (rows.length < 2 || columns.length < 2) return { ...table, ...NO_TEST };
  let chi2 = 0;
  counts.forEach((line, i) =>
    line.forEach((x, j) => {
      const e = expected[i]?.[j] ?? NaN;
      chi2 += (x * scale - e) ** 2 / e;
    }),
  );
  const df = (rows.length - 1) * (columns.length - 1);
  const cramersV = Math.sqrt(chi2 / (n * (Math.min(rows.length, columns.length) - 1)));
  if (!weights) return { ...table, chi2, df, p: chiSquareUpper(chi2, df), cramersV };
  const adjusted = raoScott(
    { rows: rows.length, columns: columns.length, cell, weights: cases.map((c) => c.weight) },
    chi2,
  );
  return { ...table, chi2, df, p: adjusted.p, cramersV, raoScott: adjusted };
}
