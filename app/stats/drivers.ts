// Drivers of satisfaction: how each driver relates to overall satisfaction,
// on the respondents who rated the overall question and every driver
// (listwise-complete cases). Weighted analyses use weighted covariances,
// S_jk = Σ wᵢ (x_ij − x̄_j)(x_ik − x̄_k) / Σ wᵢ, so they agree with lm(weights = w).
import { inverse, Matrix, solve } from "ml-matrix";
import { sum } from "./design.ts";
import { StatsInputError } from "./errors.ts";
import { lmgShares, MAX_LMG_DRIVERS, subsetRSquared } from "./lmg.ts";
import { ratingToScore, validRatings, type Rating } from "./scores.ts";

export interface DriverInput {
  item: string;
  ratings: readonly Rating[];
}

export interface DriverResult {
  item: string;
  /** Pearson correlation with overall satisfaction (weighted when weighted). */
  r: number;
  /** OLS coefficient in the model of all drivers, in score points per score point. */
  beta: number;
  /** Standardized coefficient, beta × sd(driver) / sd(overall). */
  betaStd: number;
  /** LMG share of R². */
  lmg: number;
  /** lmg / R²: the driver's share of what the model explains (the shares add up to 1). */
  importance: number;
}

export interface DriverAnalysis {
  /** Listwise-complete cases. */
  n: number;
  r2: number;
  intercept: number;
  /** In the order given. A driver that does not vary has NaN r, beta and betaStd and no importance. */
  items: DriverResult[];
  /** Drivers left out of the model because every complete case gave them the same rating. */
  constant: string[];
}

/** Scores of the complete cases: column 0 is overall satisfaction, then each driver. */
function completeCases(overall: readonly Rating[], drivers: readonly DriverInput[], weights?: readonly number[]) {
  const columns = [overall, ...drivers.map((d) => d.ratings)];
  columns.forEach((column) => validRatings(column, weights));
  if (columns.some((column) => column.length !== overall.length))
    throw new StatsInputError("every driver needs as many ratings as overall satisfaction");
  const rows = overall.map((_, i) => i).filter((i) => columns.every((column) => column[i] !== null));
  const scores = columns.map((column) => rows.map((i) => ratingToScore(column[i] ?? NaN)));
  return { scores, weights: rows.map((i) => weights?.[i] ?? 1) };
}

/** Weighted means and covariance matrix (divisor Σw) of the columns. */
function covariance(columns: readonly number[][], weights: readonly number[]) {
  const total = sum(weights);
  const means = columns.map((column) => sum(column.map((x, i) => (weights[i] ?? 0) * x)) / total);
  const centered = columns.map((column, j) => column.map((x) => x - (means[j] ?? 0)));
  const product = (a: number[], b: number[]) => sum(a.map((x, i) => (weights[i] ?? 0) * x * (b[i] ?? 0))) / total;
  // Computed once per pair so that the matrix is exactly symmetric, as Cholesky requires.
  const matrix = centered.map(() => new Array<number>(columns.length).fill(0));
  centered.forEach((a, j) =>
    centered.slice(0, j + 1).forEach((b, k) => {
      const value = product(a, b);
      (matrix[j] ?? [])[k] = value;
      (matrix[k] ?? [])[j] = value;
    }),
  );
  return { means, matrix };
}

/** Refuses drivers so collinear that their coefficients are not identified (variance inflation above 1e10). */
function checkCollinearity(correlations: number[][], items: readonly string[]): void {
  let vif: number[];
  try {
    vif = inverse(new Matrix(correlations)).diag();
  } catch {
    vif = items.map(() => Infinity); // exactly singular
  }
  const worst = vif.findIndex((value) => !(value < 1e10)); // NaN counts as collinear too
  if (worst >= 0) throw new StatsInputError(`driver "${items[worst]}" is a linear combination of the others`);
}

/**
 * Pearson r of each driver with overall satisfaction; OLS coefficients b = S_XX⁻¹ S_Xy,
 * intercept ȳ − b·x̄, R² = S_yX b / S_yy, standardized betas b_j √(S_jj / S_yy); and LMG
 * relative importance (lmg.ts). Needs at least (drivers + 2) complete cases and at most 12 drivers.
 */
export function analyzeDrivers(
  overall: readonly Rating[],
  drivers: readonly DriverInput[],
  weights?: readonly number[],
): DriverAnalysis {
  if (drivers.length === 0) throw new StatsInputError("no drivers");
  if (drivers.length > MAX_LMG_DRIVERS) throw new StatsInputError(`at most ${MAX_LMG_DRIVERS} drivers`);
  const { scores, weights: w } = completeCases(overall, drivers, weights);
  const n = w.length;
  const varies = (column: number[]) => column.some((x) => x !== column[0]);
  const kept = drivers.map((_, j) => j).filter((j) => varies(scores[j + 1] ?? []));
  if (n < kept.length + 2)
    throw new StatsInputError(`${n} complete cases; ${drivers.length} drivers need at least ${kept.length + 2}`);
  if (!varies(scores[0] ?? [])) throw new StatsInputError("overall satisfaction is the same in every complete case");
  if (kept.length === 0) throw new StatsInputError("no driver varies");
  const { means, matrix: s } = covariance([scores[0] ?? [], ...kept.map((j) => scores[j + 1] ?? [])], w);
  const sd = s.map((row, j) => Math.sqrt(row[j] ?? NaN));
  const corr = s.map((row, i) => row.map((value, j) => value / ((sd[i] ?? NaN) * (sd[j] ?? NaN))));
  const predictors = corr.slice(1).map((row) => row.slice(1));
  const withOutcome = corr.slice(1).map((row) => row[0] ?? NaN);
  checkCollinearity(
    predictors,
    kept.map((j) => drivers[j]?.item ?? ""),
  );
  const sxx = new Matrix(s.slice(1).map((row) => row.slice(1)));
  const sxy = s.slice(1).map((row) => row[0] ?? NaN);
  const b = solve(sxx, Matrix.columnVector(sxy)).getColumn(0);
  const syy = s[0]?.[0] ?? NaN;
  const r2 = sum(b.map((bj, k) => bj * (sxy[k] ?? NaN))) / syy;
  const lmg = lmgShares(subsetRSquared(predictors, withOutcome), kept.length);
  const items = drivers.map(({ item }, j): DriverResult => {
    const k = kept.indexOf(j);
    if (k < 0) return { item, r: NaN, beta: NaN, betaStd: NaN, lmg: 0, importance: 0 };
    const beta = b[k] ?? NaN;
    const share = lmg[k] ?? NaN;
    return {
      item,
      r: withOutcome[k] ?? NaN,
      beta,
      betaStd: (beta * (sd[k + 1] ?? NaN)) / (sd[0] ?? NaN),
      lmg: share,
      importance: share / r2,
    };
  });
  const intercept = (means[0] ?? NaN) - sum(b.map((bj, k) => bj * (means[k + 1] ?? NaN)));
  return { n, r2, intercept, items, constant: drivers.filter((_, j) => !kept.includes(j)).map((d) => d.item) };
}
