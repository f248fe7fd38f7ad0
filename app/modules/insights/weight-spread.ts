// How far raked weights spread, and what that costs in precision. Weights
// are first scaled to average 1 (wᵢ · n / Σw), so that a weight reads as "this
// response counts as that many": the figures below do not depend on the
// scale, the histogram does.
//   Kish design effect   deff = n Σwᵢ² / (Σwᵢ)² = 1 + CV²,
//                        CV² = population variance of w / mean(w)²
//   effective sample     n_eff = (Σwᵢ)² / Σwᵢ² = n / deff

export interface WeightSpread {
  n: number;
  min: number;
  max: number;
  /** max / min. */
  ratio: number;
  /** Squared coefficient of variation of the weights (population variance). */
  cv2: number;
  deff: number;
  effectiveN: number;
  /** Counts of weights (scaled to average 1) in [from, to); `to` null is open-ended. */
  histogram: { from: number; to: number | null; count: number }[];
}

/** Edges of the histogram's bins, on the scale where the average weight is 1. */
export const BIN_EDGES = [0, 0.5, 0.75, 1, 1.5, 2, 3, 5] as const;

export function weightSpread(weights: readonly number[]): WeightSpread {
  const n = weights.length;
  if (n === 0) throw new Error("weightSpread: no weights");
  const total = weights.reduce((s, w) => s + w, 0);
  const scaled = weights.map((w) => (w * n) / total);
  const squares = scaled.reduce((s, w) => s + w * w, 0);
  const deff = squares / n; // n Σw² / (Σw)² with Σw = n
  const min = scaled.reduce((m, w) => Math.min(m, w), Infinity);
  const max = scaled.reduce((m, w) => Math.max(m, w), -Infinity);
  const bins = BIN_EDGES.map((from, i) => ({ from, to: BIN_EDGES[i + 1] ?? null, count: 0 }));
  for (const w of scaled) {
    const index = BIN_EDGES.findLastIndex((edge) => w >= edge);
    const bin = bins[Math.max(index, 0)];
    if (bin) bin.count++;
  }
  // Empty bins at either end say nothing: the table runs from the lowest weight's bin to the highest's.
  const first = bins.findIndex((b) => b.count > 0);
  const last = bins.findLastIndex((b) => b.count > 0);
  return {
    n,
    min,
    max,
    ratio: max / min,
    cv2: deff - 1,
    deff,
    effectiveN: (n * n) / squares,
    histogram: bins.slice(first, last + 1),
  };
}
