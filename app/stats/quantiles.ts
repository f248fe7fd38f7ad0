// Quantiles of a set of values (benchmarks).

/**
 * R's default quantile, type 7 (Hyndman and Fan 1996): on the sorted values
 * x₁ ≤ … ≤ xₙ, with h = 1 + (n − 1) p, Q(p) = x_⌊h⌋ + (h − ⌊h⌋)(x_⌈h⌉ − x_⌊h⌋).
 * Written as R writes it, (1 − γ) x_⌊h⌋ + γ x_⌈h⌉, so results match to the last bit.
 */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0 || !(p >= 0 && p <= 1)) return NaN;
  const x = [...values].sort((a, b) => a - b);
  const index = (x.length - 1) * p; // h − 1, 0-based
  const lo = Math.floor(index);
  const low = x[lo] ?? NaN;
  const high = x[Math.ceil(index)] ?? NaN;
  const gamma = index - lo;
  return gamma > 0 && high !== low ? (1 - gamma) * low + gamma * high : low;
}
