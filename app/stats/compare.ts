// Two segments or two waves: is the difference between their mean scores
// real? Welch's t-test unweighted (R's t.test), the design-based t-test
// weighted (svyttest). Groups are taken in label order (labels.ts) and the
// difference is second − first, e.g. 2025 − 2024.
import { sum } from "./design.ts";
import { studentTTwoSided } from "./distributions.ts";
import { StatsInputError } from "./errors.ts";
import { sortedLabels } from "./labels.ts";
import { ratingToScore, tCritical, validRatings, type Interval, type Rating } from "./scores.ts";

export interface GroupMean {
  label: string;
  n: number;
  mean: number;
}

export interface Comparison {
  groups: [GroupMean, GroupMean];
  /** mean(second) − mean(first) */
  diff: number;
  se: number;
  t: number;
  df: number;
  /** Two-sided. */
  p: number;
  ci: Interval;
}

interface Scored {
  score: number;
  weight: number;
}

const weightedMean = (xs: readonly Scored[]) => sum(xs.map((x) => x.weight * x.score)) / sum(xs.map((x) => x.weight));

/** se² = s₁²/n₁ + s₂²/n₂, Welch–Satterthwaite df = se⁴ / Σ (sᵢ²/nᵢ)² / (nᵢ − 1). */
function welch(first: readonly Scored[], second: readonly Scored[]) {
  const parts = [first, second].map((group) => {
    const n = group.length;
    const mean = weightedMean(group);
    return sum(group.map((x) => (x.score - mean) ** 2)) / (n - 1) / n;
  });
  const [a = NaN, b = NaN] = parts;
  const df = (a + b) ** 2 / (a ** 2 / (first.length - 1) + b ** 2 / (second.length - 1));
  return { se: Math.sqrt(a + b), df };
}

/**
 * svyttest's sandwich SE of the group coefficient in svyglm(score ~ group):
 * se² = n/(n−1) Σᵢ (wᵢ eᵢ / W_g(i))², eᵢ the residual from i's group mean,
 * W_g the sum of the weights of i's group; df = n − 2.
 */
function designBased(first: readonly Scored[], second: readonly Scored[]) {
  const n = first.length + second.length;
  const influence = [first, second].flatMap((group) => {
    const mean = weightedMean(group);
    const total = sum(group.map((x) => x.weight));
    return group.map((x) => ((x.weight * (x.score - mean)) / total) ** 2);
  });
  return { se: Math.sqrt((n / (n - 1)) * sum(influence)), df: n - 2 };
}

/** Difference of mean scores between the two groups, t = diff / se, p = 2 P(T_df > |t|), diff ± t(0.975, df) se. */
export function compareMeans(
  ratings: readonly Rating[],
  groups: readonly (string | null)[],
  weights?: readonly number[],
): Comparison {
  if (groups.length !== ratings.length) throw new StatsInputError("one group per rating is needed");
  validRatings(ratings, weights);
  const cases = ratings.flatMap((rating, i) => {
    const group = groups[i];
    if (rating === null || group === null || group === undefined) return [];
    return [{ group, score: ratingToScore(rating), weight: weights?.[i] ?? 1 }];
  });
  const labels = sortedLabels(cases.map((c) => c.group));
  if (labels.length !== 2)
    throw new StatsInputError(`a comparison needs exactly two groups, not ${labels.length} (${labels.join(", ")})`);
  const [first, second] = labels.map((label) => cases.filter((c) => c.group === label));
  if (!first || !second || first.length < 2 || second.length < 2)
    throw new StatsInputError("each group needs at least two ratings");
  const means = [first, second].map(weightedMean);
  const diff = (means[1] ?? NaN) - (means[0] ?? NaN);
  const { se, df } = weights ? designBased(first, second) : welch(first, second);
  const t = se > 0 ? diff / se : NaN; // no variation in either group: no test
  const half = tCritical(df) * se;
  const group = (i: number): GroupMean => ({
    label: labels[i] ?? "",
    n: [first, second][i]?.length ?? 0,
    mean: means[i] ?? NaN,
  });
  return { groups: [group(0), group(1)], diff, se, t, df, p: studentTTwoSided(t, df), ci: [diff - half, diff + half] };
}
