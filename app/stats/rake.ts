// Raking (iterative proportional fitting) to population margins, as
// survey::rake: each sweep post-stratifies on every margin in turn,
// multiplying the weights of category c by N_c / Σ_{i in c} wᵢ; it stops when
// the weighted table crossing all the raking variables moves by less than
// epsilon between two sweeps.
import { sum } from "./design.ts";
import { StatsInputError } from "./errors.ts";

/** Population totals: variable → category → total. Every variable's totals add up to the same population. */
export type Margins = Record<string, Record<string, number>>;

export interface RakeOptions {
  /** Sweeps at most (survey::rake's default is 10). */
  maxIterations?: number;
  /** Below 1: relative to the sum of the starting weights, as survey::rake; else absolute. */
  epsilon?: number;
}

export interface RakeResult {
  weights: number[];
  /** Sweeps done. */
  iterations: number;
  converged: boolean;
}

/** Our defaults run to convergence: R's epsilon = 1 stops within one person of the margins. */
export const RAKE_DEFAULTS = { maxIterations: 100, epsilon: 1e-10 } as const;

function checkMargins(variables: Record<string, readonly (string | null)[]>, margins: Margins, n: number): void {
  const totals: number[] = [];
  for (const [name, margin] of Object.entries(margins)) {
    const values = variables[name];
    if (!values) throw new StatsInputError(`no values for the raking variable "${name}"`);
    if (values.length !== n) throw new StatsInputError(`"${name}" has ${values.length} values for ${n} weights`);
    const present = new Set<string>();
    values.forEach((value, i) => {
      if (value === null) throw new StatsInputError(`"${name}" is missing in row ${i + 1}; raking needs every row`);
      if (!(value in margin)) throw new StatsInputError(`"${name}" = "${value}" has no population total`);
      present.add(value);
    });
    for (const [category, total] of Object.entries(margin)) {
      if (!(Number.isFinite(total) && total > 0))
        throw new StatsInputError(`the total of "${name}" = "${category}" must be a positive number`);
      if (!present.has(category))
        throw new StatsInputError(`"${name}" = "${category}" has a population total but no respondent`);
    }
    totals.push(sum(Object.values(margin)));
  }
  if (totals.length === 0) throw new StatsInputError("no margins to rake to");
  const first = totals[0] ?? 0;
  if (totals.some((total) => Math.abs(total - first) > 1e-9 * first))
    throw new StatsInputError(`every margin must add up to the same total (${totals.join(", ")})`);
}

/** Weighted sums of the cells crossing every raking variable. */
function crossTable(cells: readonly string[], weights: readonly number[]): Map<string, number> {
  const table = new Map<string, number>();
  cells.forEach((cell, i) => table.set(cell, (table.get(cell) ?? 0) + (weights[i] ?? 0)));
  return table;
}

export function rake(
  variables: Record<string, readonly (string | null)[]>,
  margins: Margins,
  startWeights: readonly number[],
  options: RakeOptions = {},
): RakeResult {
  const n = startWeights.length;
  checkMargins(variables, margins, n);
  if (!startWeights.every((w) => Number.isFinite(w) && w > 0))
    throw new StatsInputError("starting weights must be positive numbers");
  const { maxIterations, epsilon } = { ...RAKE_DEFAULTS, ...options };
  const tolerance = epsilon < 1 ? epsilon * sum(startWeights) : epsilon;
  const names = Object.keys(margins);
  const columns = names.map((name) => (variables[name] ?? []).map(String));
  const cells = startWeights.map((_, i) => JSON.stringify(columns.map((column) => column[i])));
  const weights = [...startWeights];
  let previous = crossTable(cells, weights);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    names.forEach((name, v) => {
      const margin = margins[name] ?? {};
      const column = columns[v] ?? [];
      const current = crossTable(column, weights);
      const factor = new Map([...current].map(([category, total]) => [category, (margin[category] ?? 0) / total]));
      column.forEach((category, i) => (weights[i] = (weights[i] ?? 0) * (factor.get(category) ?? 0)));
    });
    const next = crossTable(cells, weights);
    const delta = Math.max(...[...next].map(([cell, total]) => Math.abs(total - (previous.get(cell) ?? 0))));
    if (delta < tolerance) return { weights, iterations: iteration + 1, converged: true };
    previous = next;
  }
  return { weights, iterations: maxIterations, converged: false };
}
