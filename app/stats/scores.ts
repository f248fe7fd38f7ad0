// Service Quality Scores: a 1–5 rating becomes (r − 1) × 25 on 0–100; a
// missing rating (null) is left out. Each summary is unweighted, or weighted
// as svydesign(ids = ~1, weights = ~w) when weights are given.
import { designMean, designVariance, sum } from "./design.ts";
import { normalQuantile, studentTQuantile } from "./distributions.ts";
import { StatsInputError } from "./errors.ts";

export type Interval = [low: number, high: number];

export interface ScoreSummary {
  /** Valid (non-missing) ratings. */
  n: number;
  mean: number;
  sd: number;
  se: number;
  /** 95 % interval of the mean, mean ± t(0.975, n − 1) × se. */
  ci: Interval;
  /** Share of ratings of 4 or 5 (0–1) and its 95 % interval. */
  satisfied: { p: number; ci: Interval };
}

export type Rating = number | null;

/** (r − 1) × 25: 1 → 0, 3 → 50, 5 → 100. */
export function ratingToScore(rating: number): number {
  return (rating - 1) * 25;
}

export const isSatisfied = (rating: number) => rating >= 4;

/** t(0.975, df), or NaN when there is no degree of freedom. */
export function tCritical(df: number): number {
  return df > 0 ? studentTQuantile(0.975, df) : NaN;
}

/**
 * Wilson's score interval without continuity correction, as R's
 * prop.test(x, n, correct = FALSE): with z = Φ⁻¹(0.975),
 * (p + z²/2n ± z √(p(1−p)/n + z²/4n²)) / (1 + z²/n), pinned to 0 (1) when p is 0 (1).
 */
export function wilsonInterval(successes: number, n: number): Interval {
  const p = successes / n;
  const z = normalQuantile(0.975);
  const z22n = (z * z) / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z22n / (2 * n));
  const low = p <= 0 ? 0 : (p + z22n - spread) / (1 + 2 * z22n);
  const high = p >= 1 ? 1 : (p + z22n + spread) / (1 + 2 * z22n);
  return [low, high];
}

const logit = (p: number) => Math.log(p / (1 - p));
const expit = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * The interval of svyciprop(method = "logit"): expit(logit(p) ± t(0.975, df) × se / (p (1 − p))),
 * se being the design SE of p. It degenerates to [p, p] at p = 0 or 1, where the SE is 0.
 */
export function logitInterval(p: number, se: number, df: number): Interval {
  if (p <= 0 || p >= 1) return [p, p];
  const half = (tCritical(df) * se) / (p * (1 - p));
  return [expit(logit(p) - half), expit(logit(p) + half)];
}

/** The valid ratings with their weights (1 when unweighted). */
export function validRatings(ratings: readonly Rating[], weights?: readonly number[]) {
  if (weights && weights.length !== ratings.length)
    throw new StatsInputError(`${weights.length} weights for ${ratings.length} ratings`);
  const kept: { rating: number; weight: number }[] = [];
  ratings.forEach((rating, i) => {
    if (rating === null) return;
    if (!Number.isInteger(rating) || rating < 1 || rating > 5)
      throw new StatsInputError(`a rating must be a whole number from 1 to 5, not ${rating}`);
    kept.push({ rating, weight: weights?.[i] ?? 1 });
  });
  return kept;
}

/**
 * Mean, SD, SE and 95 % interval (t with n − 1 df) of the scores, and the share satisfied.
 * Unweighted: sample SD, se = sd/√n, Wilson interval for the share.
 * Weighted: mean and se as svymean, sd = √svyvar, the share's interval as svyciprop(method = "logit").
 */
export function summarizeRatings(ratings: readonly Rating[], weights?: readonly number[]): ScoreSummary {
  const valid = validRatings(ratings, weights);
  const n = valid.length;
  if (n === 0) throw new StatsInputError("no valid ratings");
  const scores = valid.map((v) => ratingToScore(v.rating));
  const satisfied = valid.map((v) => (isSatisfied(v.rating) ? 1 : 0));
  const t = tCritical(n - 1);
  if (!weights) {
    const mean = sum(scores) / n;
    const sd = Math.sqrt(sum(scores.map((s) => (s - mean) ** 2)) / (n - 1));
    const se = sd / Math.sqrt(n);
    const count = sum(satisfied);
    return {
      n,
      mean,
      sd,
      se,
      ci: [mean - t * se, mean + t * se],
      satisfied: { p: count / n, ci: wilsonInterval(count, n) },
    };
  }
  const w = valid.map((v) => v.weight);
  const { mean, variance } = designMean(scores, w);
  const se = Math.sqrt(variance);
  const share = designMean(satisfied, w);
  return {
    n,
    mean,
    sd: Math.sqrt(designVariance(scores, w)),
    se,
    ci: [mean - t * se, mean + t * se],
    satisfied: { p: share.mean, ci: logitInterval(share.mean, Math.sqrt(share.variance), n - 1) },
  };
}

/**
 * A summary as it may be shown: its intervals kept within the scale, 0 to 100
 * for the score and 0 to 1 for the share satisfied. The t interval of a small
 * base runs past the ends (n = 3 gave −2.5 to 69.2); a score cannot. The
 * unclamped interval is the engine's, as R computes it; this is for reports.
 */
export function withinScale(summary: ScoreSummary): ScoreSummary {
  const clamp = (x: number, max: number) => Math.min(max, Math.max(0, x));
  return {
    ...summary,
    ci: [clamp(summary.ci[0], 100), clamp(summary.ci[1], 100)],
    satisfied: { ...summary.satisfied, ci: [clamp(summary.satisfied.ci[0], 1), clamp(summary.satisfied.ci[1], 1)] },
  };
}
