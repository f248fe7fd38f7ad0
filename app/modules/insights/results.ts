// A survey's results from its complete responses: the same analysis, with the
// same keys, as the analyst command line (`outside-in analyze`), computed by
// app/stats. Unlike the command line, which stops at the first problem in a
// file, a dashboard must show what it can: a question with too few ratings or
// a driver model with too few complete cases is left out and named in
// `notes`, never an error.
import type { StoredAnswers } from "#app/modules/responses/schema.ts";
import { compareMeans, type Comparison } from "#app/stats/compare.ts";
import { crossTabulate, type CrossTab } from "#app/stats/crosstab.ts";
import { analyzeDrivers, type DriverAnalysis, type DriverResult } from "#app/stats/drivers.ts";
import { StatsInputError } from "#app/stats/errors.ts";
import { classifyDrivers, type Quadrant } from "#app/stats/priorities.ts";
import { rake, type Margins } from "#app/stats/rake.ts";
import { isSatisfied, type Rating, summarizeRatings, type ScoreSummary, withinScale } from "#app/stats/scores.ts";

/** One complete response as results need it (free text left out). */
export interface ResultsRow {
  version: number;
  channel: string;
  lang: string;
  submittedAt: Date;
  answers: StoredAnswers;
}

/** Response attributes that split results like a question does. */
export const ATTRIBUTES = ["lang", "channel", "version"] as const;

export const SATISFIED = "satisfied";
export const NOT_SATISFIED = "not satisfied";

export interface ResultsOptions {
  overall: string | null;
  drivers: string[];
  /** Every 1–5 question to score (overall and drivers included). */
  scales: string[];
  /** Cross-tab of this variable (an attribute or a single-choice code) by satisfied / not. */
  by?: string;
  /** Overall score compared between two groups of a variable (its only two when `groups` is left out). */
  compare?: { by: string; groups?: [string, string] };
  margins?: Margins;
}

export type ResultsNote =
  | { key: "tooFewRatings"; code: string; n: number }
  | { key: "tooFewForDrivers"; n: number; needed: number }
  | { key: "constantDriver"; code: string }
  | { key: "constantOverall" }
  | { key: "smallExpected"; expectedMin: number }
  | { key: "oneGroup"; by: string }
  | { key: "notTwoGroups"; by: string }
  | { key: "notConverged" }
  | { key: "rakingFailed"; message: string };

export interface DriverRow extends DriverResult {
  performance: number;
  quadrant: Quadrant;
}

export interface Results {
  n: number;
  weighted: boolean;
  raking: { columns: string[]; iterations: number; converged: boolean; totalWeight: number } | null;
  items: Record<string, ScoreSummary>;
  drivers: { n: number; r2: number; intercept: number; items: DriverRow[] } | null;
  crosstab?: Omit<CrossTab, "rows" | "columns" | "counts" | "rowPercent" | "columnPercent" | "smallExpected"> & {
    by: string;
    item: string;
    table: Pick<CrossTab, "rows" | "columns" | "counts" | "rowPercent" | "columnPercent">;
  };
  comparison?: Comparison & { by: string; item: string };
  notes: ResultsNote[];
}

/** A rating 1–5 from a stored answer; "na", blanks and anything else are missing. */
export function ratingOf(answers: StoredAnswers, code: string): Rating {
  const value = answers[code];
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 5 ? value : null;
}

/** The category of a response for an attribute or a single-choice question. */
export function categoryOf(row: ResultsRow, variable: string): string | null {
  if (variable === "lang") return row.lang;
  if (variable === "channel") return row.channel;
  if (variable === "version") return String(row.version);
  const value = row.answers[variable];
  return typeof value === "string" && value !== "na" ? value : null;
}

/** Raked weights, or none (unweighted) when there are no margins or raking cannot be done. */
export function weightsFor(rows: readonly ResultsRow[], margins: Margins | undefined, notes: ResultsNote[]) {
  if (!margins || Object.keys(margins).length === 0 || rows.length === 0) return { weights: undefined, raking: null };
  const columns = Object.keys(margins);
  const variables = Object.fromEntries(columns.map((v) => [v, rows.map((row) => categoryOf(row, v))]));
  try {
    const result = rake(
      variables,
      margins,
      rows.map(() => 1),
    );
    if (!result.converged) notes.push({ key: "notConverged" });
    const totalWeight = result.weights.reduce((a, b) => a + b, 0);
    return {
      weights: result.weights,
      raking: { columns, iterations: result.iterations, converged: result.converged, totalWeight },
    };
  } catch (error) {
    notes.push({ key: "rakingFailed", message: error instanceof Error ? error.message : String(error) });
    return { weights: undefined, raking: null };
  }
}

function scoreItems(rows: readonly ResultsRow[], codes: string[], weights: number[] | undefined, notes: ResultsNote[]) {
  const items: Record<string, ScoreSummary> = {};
  const ratings: Record<string, Rating[]> = {};
  for (const code of codes) {
    const column = rows.map((row) => ratingOf(row.answers, code));
    ratings[code] = column;
    const valid = column.filter((r) => r !== null).length;
    if (valid < 2) notes.push({ key: "tooFewRatings", code, n: valid });
    else items[code] = withinScale(summarizeRatings(column, weights));
  }
  return { items, ratings };
}

/** What the model needs from its cases, however they are held (vectors here, cell moments in cells.ts). */
export interface DriverCases {
  /** The drivers that have scores, in the survey's order. */
  drivers: string[];
  /** Cases with overall satisfaction and every one of those drivers rated. */
  complete: number;
  analyze: (drivers: string[]) => DriverAnalysis;
}

/** The driver model and its place in the importance × performance matrix, or null with a note saying why not. */
export function driverModel(
  cases: DriverCases,
  items: Record<string, ScoreSummary>,
  notes: ResultsNote[],
): Results["drivers"] {
  if (cases.drivers.length === 0) return null;
  const needed = cases.drivers.length + 2;
  if (cases.complete < needed) {
    notes.push({ key: "tooFewForDrivers", n: cases.complete, needed });
    return null;
  }
  let model;
  try {
    model = cases.analyze(cases.drivers);
  } catch (error) {
    // With enough cases, the model fails only when nothing varies (e.g. filtered on overall satisfaction).
    if (!(error instanceof StatsInputError)) throw error;
    notes.push({ key: "constantOverall" });
    return null;
  }
  for (const code of model.constant) notes.push({ key: "constantDriver", code });
  const performance = model.items.map((d) => items[d.item]?.mean ?? NaN);
  const quadrants = classifyDrivers(
    model.items.map((d, j) => ({ importance: d.importance, performance: performance[j] ?? NaN })),
  );
  return {
    n: model.n,
    r2: model.r2,
    intercept: model.intercept,
    items: model.items.map((d, j) => ({
      ...d,
      performance: performance[j] ?? NaN,
      quadrant: quadrants[j] ?? "secondary",
    })),
  };
}

function vectorCases(
  overall: Rating[],
  drivers: string[],
  ratings: Record<string, Rating[]>,
  items: Record<string, ScoreSummary>,
  weights: number[] | undefined,
): DriverCases {
  const scored = drivers.filter((code) => items[code]);
  const columns = scored.map((code) => ratings[code] ?? []);
  return {
    drivers: scored,
    complete: overall.filter((r, i) => r !== null && columns.every((column) => column[i] !== null)).length,
    analyze: (codes) =>
      analyzeDrivers(
        overall,
        codes.map((item) => ({ item, ratings: ratings[item] ?? [] })),
        weights,
      ),
  };
}

function crosstab(rows: readonly ResultsRow[], by: string, item: string, overall: Rating[], weights?: number[]) {
  const satisfaction = overall.map((r) => (r === null ? null : isSatisfied(r) ? SATISFIED : NOT_SATISFIED));
  const groups = rows.map((row) => categoryOf(row, by));
  const result = crossTabulate(groups, satisfaction, weights, { columns: [SATISFIED, NOT_SATISFIED] });
  const { rows: labels, columns, counts, rowPercent, columnPercent, smallExpected, ...tests } = result;
  void smallExpected;
  return { by, item, ...tests, table: { rows: labels, columns, counts, rowPercent, columnPercent } };
}

export function analyzeResults(rows: readonly ResultsRow[], options: ResultsOptions): Results {
  const notes: ResultsNote[] = [];
  const { weights, raking } = weightsFor(rows, options.margins, notes);
  const { items, ratings } = scoreItems(rows, options.scales, weights, notes);
  const overall = options.overall ? (ratings[options.overall] ?? []) : [];
  const results: Results = {
    n: rows.length,
    weighted: weights !== undefined,
    raking,
    items,
    drivers:
      options.overall && items[options.overall]
        ? driverModel(vectorCases(overall, options.drivers, ratings, items, weights), items, notes)
        : null,
    notes,
  };
  if (options.by && options.overall && items[options.overall]) {
    const table = crosstab(rows, options.by, options.overall, overall, weights);
    if (table.table.rows.length < 2 || table.table.columns.length < 2) notes.push({ key: "oneGroup", by: options.by });
    else if (table.expectedMin < 5) notes.push({ key: "smallExpected", expectedMin: table.expectedMin });
    results.crosstab = table;
  }
  if (options.compare && options.overall && items[options.overall]) {
    const { by, groups: chosen } = options.compare;
    const groups = rows.map((row) => {
      const group = categoryOf(row, by);
      return chosen && group !== null && !chosen.includes(group) ? null : group;
    });
    try {
      results.comparison = { by, item: options.overall, ...compareMeans(overall, groups, weights) };
    } catch {
      // Not exactly two groups, or one with fewer than two ratings.
      notes.push({ key: "notTwoGroups", by });
    }
  }
  return results;
}
