// One analysis of a table, with the same engine as Insights (app/stats).
// Items are the overall column and each driver. The cross-tab crosses --by
// with overall satisfaction as satisfied (4–5) or not (1–3); the comparison
// compares the overall score of the two groups of --compare.
import { compareMeans, type Comparison } from "#app/stats/compare.ts";
import { crossTabulate } from "#app/stats/crosstab.ts";
import { analyzeDrivers, type DriverResult } from "#app/stats/drivers.ts";
import { classifyDrivers, type Quadrant } from "#app/stats/priorities.ts";
import { rake, RAKE_DEFAULTS, type Margins } from "#app/stats/rake.ts";
import type { RaoScott } from "#app/stats/rao-scott.ts";
import { isSatisfied, summarizeRatings, type Rating, type ScoreSummary, withinScale } from "#app/stats/scores.ts";
import { completeLabelColumn, labelColumn, ratingColumn, weightColumn } from "./columns.ts";
import { CliError } from "./errors.ts";
import type { AnalyzeOptions } from "./options.ts";
import type { Table } from "./read-table.ts";

export const SATISFIED = "satisfied";
export const NOT_SATISFIED = "not satisfied";

export interface Report {
  /** Data rows in the file. */
  n: number;
  weighted: boolean;
  weight: string | null;
  raking: { columns: string[]; iterations: number; converged: boolean; totalWeight: number } | null;
  items: Record<string, ScoreSummary>;
  drivers: {
    n: number;
    r2: number;
    intercept: number;
    items: (DriverResult & { performance: number; quadrant: Quadrant })[];
  };
  crosstab?: {
    by: string;
    item: string;
    n: number;
    table: { rows: string[]; columns: string[]; counts: number[][]; rowPercent: number[][]; columnPercent: number[][] };
    chi2: number;
    df: number;
    p: number;
    cramersV: number;
    expectedMin: number;
    raoScott?: RaoScott;
  };
  comparison?: Comparison & { by: string; item: string };
  warnings: string[];
}

function weighting(table: Table, options: AnalyzeOptions, margins?: Margins) {
  const given = options.weight ? weightColumn(table, options.weight) : undefined;
  if (!margins) return { weights: given, raking: null };
  const columns = Object.keys(margins);
  const variables = Object.fromEntries(columns.map((name) => [name, completeLabelColumn(table, name)]));
  const result = rake(variables, margins, given ?? table.rows.map(() => 1));
  const totalWeight = result.weights.reduce((a, b) => a + b, 0);
  return {
    weights: result.weights,
    raking: { columns, iterations: result.iterations, converged: result.converged, totalWeight },
  };
}

function summarize(name: string, ratings: Rating[], weights?: number[]): ScoreSummary {
  const valid = ratings.filter((r) => r !== null).length;
  if (valid < 2)
    throw new CliError(`column "${name}" has ${valid} valid rating${valid === 1 ? "" : "s"}; at least 2 are needed`);
  return withinScale(summarizeRatings(ratings, weights));
}

function crosstab(table: Table, by: string, item: string, overall: Rating[], weights?: number[]) {
  const satisfaction = overall.map((r) => (r === null ? null : isSatisfied(r) ? SATISFIED : NOT_SATISFIED));
  const result = crossTabulate(labelColumn(table, by), satisfaction, weights, { columns: [SATISFIED, NOT_SATISFIED] });
  const { n, rows, columns, counts, rowPercent, columnPercent, chi2, df, p, cramersV, expectedMin, raoScott } = result;
  const warnings: string[] = [];
  if (rows.length < 2 || columns.length < 2)
    warnings.push(
      `cross-tab: no test, every respondent is in one ${rows.length < 2 ? `"${by}" group` : "satisfaction category"}`,
    );
  else if (result.smallExpected)
    warnings.push(
      `cross-tab: an expected count is below 5 (${expectedMin.toFixed(2)}); the chi-square test may mislead`,
    );
  const report = {
    by,
    item,
    n,
    table: { rows, columns, counts, rowPercent, columnPercent },
    chi2,
    df,
    p,
    cramersV,
    expectedMin,
  };
  return { report: raoScott ? { ...report, raoScott } : report, warnings };
}

export function analyzeTable(table: Table, options: AnalyzeOptions, margins?: Margins) {
  const { weights, raking } = weighting(table, options, margins);
  const warnings: string[] = [];
  if (raking && !raking.converged)
    warnings.push(
      `raking did not converge in ${RAKE_DEFAULTS.maxIterations} sweeps; the margins are only approximated`,
    );
  const overall = ratingColumn(table, options.overall);
  const drivers = options.drivers.map((item) => ({ item, ratings: ratingColumn(table, item) }));
  const items: Record<string, ScoreSummary> = { [options.overall]: summarize(options.overall, overall, weights) };
  for (const { item, ratings } of drivers) items[item] = summarize(item, ratings, weights);

  const model = analyzeDrivers(overall, drivers, weights);
  for (const item of model.constant)
    warnings.push(`drivers: "${item}" has the same rating in every complete case and is left out of the model`);
  const performance = model.items.map((d) => items[d.item]?.mean ?? NaN);
  const quadrants = classifyDrivers(
    model.items.map((d, j) => ({ importance: d.importance, performance: performance[j] ?? NaN })),
  );
  const report: Report = {
    n: table.rows.length,
    weighted: weights !== undefined,
    weight: options.weight ?? null,
    raking,
    items,
    drivers: {
      n: model.n,
      r2: model.r2,
      intercept: model.intercept,
      items: model.items.map((d, j) => ({
        ...d,
        performance: performance[j] ?? NaN,
        quadrant: quadrants[j] ?? "secondary",
      })),
    },
    warnings,
  };
  if (options.by) {
    const result = crosstab(table, options.by, options.overall, overall, weights);
    report.crosstab = result.report;
    warnings.push(...result.warnings);
  }
  if (options.compare)
    report.comparison = {
      by: options.compare,
      item: options.overall,
      ...compareMeans(overall, labelColumn(table, options.compare), weights),
    };
  return { report, rakedWeights: raking ? weights : undefined };
}
