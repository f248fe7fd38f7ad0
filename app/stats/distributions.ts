// The distributions our tests and intervals need, matching R's pt, qt,
// pchisq, pf and qnorm to about 1e-14. Upper tails are computed directly, so
// a p-value of 1e-20 is as exact as one of 0.2.
import jStat from "jstat";
import { incompleteBeta, incompleteGamma, logBeta } from "./special.ts";

/** Standard normal quantile Φ⁻¹(p) (jStat's, accurate to about 1e-15). */
export function normalQuantile(p: number): number {
  return jStat.normal.inv(p, 0, 1);
}

/**
 * P(T > t) for Student's t with df degrees of freedom:
 * ½ I_{df/(df+t²)}(df/2, ½) for t ≥ 0, one minus that for t < 0.
 */
export function studentTUpper(t: number, df: number): number {
  const t2 = t * t;
  const tail = incompleteBeta(df / (df + t2), df / 2, 0.5, t2 / (df + t2)).lower / 2;
  return t >= 0 ? tail : 1 - tail;
}

/** Two-sided p-value of a t statistic: 2 P(T > |t|). */
export function studentTTwoSided(t: number, df: number): number {
  return 2 * studentTUpper(Math.abs(t), df);
}

/** Density of Student's t: (1 + t²/df)^(−(df+1)/2) / (√df B(df/2, ½)). */
function studentTDensity(t: number, df: number): number {
  return Math.exp(-0.5 * Math.log(df) - logBeta(df / 2, 0.5) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * The t quantile q with P(T ≤ q) = p: jStat's approximation (within about
 * 1e-8), then Newton's method on our exact upper tail, kept inside a bracket.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  const target = 1 - p; // exact in floating point for p in [0.5, 1]
  let low = 0;
  let high = Math.max(1, 2 * jStat.studentt.inv(p, df));
  while (studentTUpper(high, df) > target) high *= 2;
  let t = Math.min(Math.max(jStat.studentt.inv(p, df), low), high);
  for (let i = 0; i < 200; i++) {
    const excess = studentTUpper(t, df) - target;
    if (excess > 0) low = t;
    else high = t;
    const newton = t + excess / studentTDensity(t, df);
    const next = newton > low && newton < high ? newton : (low + high) / 2;
    if (Math.abs(next - t) <= 1e-15 * Math.abs(t)) return next;
    t = next;
  }
  return t;
}

/** P(X > x) for chi-square with df degrees of freedom: Q(df/2, x/2). */
export function chiSquareUpper(x: number, df: number): number {
  return incompleteGamma(df / 2, x / 2).upper;
}

/** P(F > x) for F(d1, d2), degrees of freedom not necessarily whole: I_{d2/(d2+d1 x)}(d2/2, d1/2). */
export function fUpper(x: number, d1: number, d2: number): number {
  if (x <= 0) return 1;
  const denominator = d2 + d1 * x;
  return incompleteBeta(d2 / denominator, d2 / 2, d1 / 2, (d1 * x) / denominator).lower;
}
