// Relative importance by LMG (Lindeman, Merenda and Gold 1980), which is the
// Shapley value of R²: exact, from the R² of all 2^p subsets of drivers
// computed once from the correlation matrix. 4,096 small solves at p = 12,
// each a Cholesky factorization on plain arrays (ml-matrix objects cost ten
// times as much for matrices this small).

/** Above this the 2^p subsets stop being cheap; the analysis refuses more drivers. */
export const MAX_LMG_DRIVERS = 12;

/** rᵀ A⁻¹ r for a symmetric positive definite A: with A = L Lᵀ (Cholesky), solve L z = r; the result is zᵀz. */
function quadraticForm(a: readonly (readonly number[])[], r: readonly number[]): number {
  const k = r.length;
  const l: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const z = new Array<number>(k).fill(0);
  let result = 0;
  for (let i = 0; i < k; i++) {
    const row = l[i] ?? [];
    for (let j = 0; j <= i; j++) {
      const other = l[j] ?? [];
      let value = a[i]?.[j] ?? NaN;
      for (let m = 0; m < j; m++) value -= (row[m] ?? 0) * (other[m] ?? 0);
      row[j] = i === j ? Math.sqrt(value) : value / (other[j] ?? NaN);
    }
    let value = r[i] ?? NaN;
    for (let m = 0; m < i; m++) value -= (row[m] ?? 0) * (z[m] ?? 0);
    z[i] = value / (row[i] ?? NaN);
    result += (z[i] ?? 0) ** 2;
  }
  return result;
}

const bitsOf = (mask: number, p: number) => Array.from({ length: p }, (_, j) => j).filter((j) => mask & (1 << j));

/**
 * R² of every subset S of the predictors, indexed by the bitmask of S:
 * R²(S) = r_Sᵀ R_SS⁻¹ r_S, where R_SS holds the correlations among the
 * predictors of S and r_S their correlations with the outcome; R²(∅) = 0.
 */
export function subsetRSquared(
  correlations: readonly (readonly number[])[],
  withOutcome: readonly number[],
): Float64Array {
  const p = withOutcome.length;
  const r2 = new Float64Array(2 ** p);
  for (let mask = 1; mask < r2.length; mask++) {
    const members = bitsOf(mask, p);
    const block = members.map((i) => members.map((j) => correlations[i]?.[j] ?? NaN));
    r2[mask] = quadraticForm(
      block,
      members.map((j) => withOutcome[j] ?? NaN),
    );
  }
  return r2;
}

/**
 * LMG share of each predictor: its increase in R² when it joins the model,
 * averaged over all p! orders of entry —
 * lmg_j = Σ_{S ∌ j} |S|! (p − |S| − 1)! / p! × [R²(S ∪ {j}) − R²(S)].
 * The shares add up to R² of the full model.
 */
export function lmgShares(r2: Float64Array, p: number): number[] {
  const factorial = [1];
  for (let k = 1; k <= p; k++) factorial[k] = (factorial[k - 1] ?? 1) * k;
  const orderWeight = (size: number) => ((factorial[size] ?? 1) * (factorial[p - size - 1] ?? 1)) / (factorial[p] ?? 1);
  const shares = new Array<number>(p).fill(0);
  for (let mask = 0; mask < r2.length; mask++) {
    const weight = orderWeight(bitsOf(mask, p).length);
    for (let j = 0; j < p; j++) {
      if (mask & (1 << j)) continue;
      shares[j] = (shares[j] ?? 0) + weight * ((r2[mask | (1 << j)] ?? 0) - (r2[mask] ?? 0));
    }
  }
  return shares;
}
