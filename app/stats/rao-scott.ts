// Rao and Scott's second-order correction of the Pearson chi-square for a
// weighted two-way table, as svychisq(statistic = "F") computes it for
// svydesign(ids = ~1, weights = ~w).
import { inverse, Matrix } from "ml-matrix";
import { fUpper } from "./distributions.ts";

export interface RaoScott {
  f: number;
  ndf: number;
  ddf: number;
  p: number;
}

/** Cell (i, j) of an r × c table is number i + r·j, rows varying fastest, as R's interaction(). */
export interface TableCells {
  rows: number;
  columns: number;
  /** The cell of each case. */
  cell: readonly number[];
  weights: readonly number[];
}

/** Treatment-coded main effects (intercept, rows 2…r, columns 2…c) and their interactions, one row per cell. */
function designMatrices(r: number, c: number) {
  const main: number[][] = [];
  const interactions: number[][] = [];
  for (let j = 0; j < c; j++)
    for (let i = 0; i < r; i++) {
      const rowDummies = Array.from({ length: r - 1 }, (_, k) => (i === k + 1 ? 1 : 0));
      const columnDummies = Array.from({ length: c - 1 }, (_, k) => (j === k + 1 ? 1 : 0));
      main.push([1, ...rowDummies, ...columnDummies]);
      interactions.push(columnDummies.flatMap((cd) => rowDummies.map((rd) => rd * cd)));
    }
  return { main: new Matrix(main), interactions: new Matrix(interactions) };
}

/**
 * With p̂ the weighted cell proportions, V their svymean covariance
 * (n/(n−1) Σ zᵢzᵢᵀ, zᵢ = wᵢ(eᵢ − p̂)/Σw), D = diag(p̂), and C the interaction
 * contrasts made orthogonal to the main effects:
 * Δ = (Cᵀ D⁻¹ C / n)⁻¹ (Cᵀ D⁻¹ V D⁻¹ C),  d₀ = (tr Δ)² / tr Δ²,
 * F = X² / tr Δ on (d₀, d₀ (n − 1)) degrees of freedom, where X² is the
 * Pearson statistic of the weighted table rescaled to n cases.
 */
export function raoScott(cells: TableCells, chi2: number): RaoScott {
  const { rows: r, columns: c, cell, weights } = cells;
  const n = cell.length;
  const total = weights.reduce((a, b) => a + b, 0);
  const k = r * c;
  const share = new Array<number>(k).fill(0);
  const squares = new Array<number>(k).fill(0);
  cell.forEach((x, i) => {
    const w = weights[i] ?? 0;
    share[x] = (share[x] ?? 0) + w / total;
    squares[x] = (squares[x] ?? 0) + w * w;
  });
  const allSquares = squares.reduce((a, b) => a + b, 0);
  const scale = n / (n - 1) / (total * total);
  // Σ wᵢ² (eᵢ − p̂)(eᵢ − p̂)ᵀ = diag(s) − s p̂ᵀ − p̂ sᵀ + (Σ wᵢ²) p̂ p̂ᵀ, with s the Σ w² of each cell.
  const v = Matrix.from1DArray(
    k,
    k,
    Array.from({ length: k * k }, (_, index) => {
      const a = Math.floor(index / k);
      const b = index % k;
      const pa = share[a] ?? 0;
      const pb = share[b] ?? 0;
      const diagonal = a === b ? (squares[a] ?? 0) : 0;
      return scale * (diagonal - (squares[a] ?? 0) * pb - pa * (squares[b] ?? 0) + allSquares * pa * pb);
    }),
  );
  const { main, interactions } = designMatrices(r, c);
  const projection = main.mmul(inverse(main.transpose().mmul(main))).mmul(main.transpose());
  const contrasts = interactions.sub(projection.mmul(interactions));
  const inverseShares = Matrix.diag(share.map((p) => (p === 0 ? 0 : 1 / p)));
  const weighted = contrasts.transpose().mmul(inverseShares);
  const denominator = weighted.mmul(contrasts).div(n);
  const numerator = weighted.mmul(v).mmul(inverseShares).mmul(contrasts);
  const delta = inverse(denominator).mmul(numerator);
  const trace = delta.trace();
  const ndf = (trace * trace) / delta.mmul(delta).trace();
  const f = chi2 / trace;
  const ddf = ndf * (n - 1);
  return { f, ndf, ddf, p: fUpper(f, ndf, ddf) };
}
