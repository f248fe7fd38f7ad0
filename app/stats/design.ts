// Weighted estimates as R's survey package computes them for
// svydesign(ids = ~1, weights = ~w): one stage, sampling with replacement,
// no strata. Weights of 1 give the textbook unweighted results.
import { StatsInputError } from "./errors.ts";

export interface DesignMean {
  n: number;
  /** Σ wᵢ */
  total: number;
  /** ȳ = Σ wᵢ yᵢ / Σ wᵢ */
  mean: number;
  /** Variance of ȳ as svymean: n/(n−1) Σ zᵢ², zᵢ = wᵢ (yᵢ − ȳ) / Σ w (the zᵢ sum to 0). */
  variance: number;
}

export function checkWeights(n: number, weights: readonly number[]): void {
  if (weights.length !== n) throw new StatsInputError(`${weights.length} weights for ${n} values`);
  if (!weights.every((w) => Number.isFinite(w) && w > 0)) throw new StatsInputError("weights must be positive numbers");
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

export function designMean(values: readonly number[], weights: readonly number[]): DesignMean {
  const n = values.length;
  checkWeights(n, weights);
  const total = sum(weights);
  const mean = sum(values.map((y, i) => (weights[i] ?? 0) * y)) / total;
  const squares = sum(values.map((y, i) => ((weights[i] ?? 0) * (y - mean)) ** 2));
  return { n, total, mean, variance: ((n / (n - 1)) * squares) / (total * total) };
}

/** Population variance estimate as svyvar: n/(n−1) Σ wᵢ (yᵢ − ȳ)² / Σ wᵢ. */
export function designVariance(values: readonly number[], weights: readonly number[]): number {
  const { n, total, mean } = designMean(values, weights);
  return ((n / (n - 1)) * sum(values.map((y, i) => (weights[i] ?? 0) * (y - mean) ** 2))) / total;
}
