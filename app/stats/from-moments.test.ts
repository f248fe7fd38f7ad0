import { describe, expect, it } from "vitest";
import { crossTabulate } from "./crosstab.ts";
import { analyzeDrivers } from "./drivers.ts";
import { crossTabFromCounts, type CrossProducts, driversFromMoments, summarizeCounts } from "./from-moments.ts";
import { createRandom, type Random } from "./random.ts";
import { type Rating, summarizeRatings } from "./scores.ts";

/** Every number in `actual` within 1e-9 (relative, absolute near 0) of `expected`, NaN matching NaN. */
function agree(actual: unknown, expected: unknown, path = "$"): string[] {
  if (typeof expected === "number") {
    const a = actual as number;
    if (Number.isNaN(expected)) return Number.isNaN(a) ? [] : [`${path}: ${a} vs NaN`];
    return Math.abs(a - expected) <= 1e-9 * Math.max(1, Math.abs(expected)) ? [] : [`${path}: ${a} vs ${expected}`];
  }
  if (expected && typeof expected === "object")
    return Object.entries(expected).flatMap(([k, v]) =>
      agree((actual as Record<string, unknown>)[k], v, `${path}.${k}`),
    );
  return actual === expected ? [] : [`${path}: ${String(actual)} vs ${String(expected)}`];
}

/** Correlated ratings with some missing, like a real driver battery. */
function sample(r: Random, n: number, p: number) {
  const rows = Array.from({ length: n }, () => {
    const halo = r.normal();
    const x = Array.from({ length: p }, () => Math.min(5, Math.max(1, Math.round(3.5 + halo + r.normal()))));
    const y = Math.min(5, Math.max(1, Math.round(x.reduce((a, b) => a + b, 0) / p + 0.5 * r.normal())));
    return [y, ...x].map((v): Rating => (r.chance(0.05) ? null : v));
  });
  const weights = rows.map(() => 0.2 + 3 * r.uniform());
  return { rows, weights };
}

function moments(rows: Rating[][], weights?: number[]): CrossProducts {
  const p = rows[0]?.length ?? 0;
  const sums = new Array<number>(p).fill(0);
  const products = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  let n = 0;
  let sumW = 0;
  rows.forEach((row, i) => {
    if (row.some((v) => v === null)) return;
    const w = weights?.[i] ?? 1;
    n++;
    sumW += w;
    row.forEach((x, j) => {
      sums[j] = (sums[j] ?? 0) + w * (x ?? 0);
      row.forEach((y, k) => ((products[j] ?? [])[k] = (products[j]?.[k] ?? 0) + w * (x ?? 0) * (y ?? 0)));
    });
  });
  return { n, sumW, sums, products };
}

describe("statistics from sufficient statistics agree with the raw-vector functions", () => {
  it.each([1, 2, 3, 4, 5])("scores, seed %i", (seed) => {
    const r = createRandom(seed);
    const { rows, weights } = sample(r, 50 + r.int(400), 1);
    const ratings = rows.map((row) => row[1] ?? null);
    const cells = [1, 2, 3, 4, 5].map((value) => {
      const at = ratings.flatMap((x, i) => (x === value ? [weights[i] ?? 0] : []));
      return { n: at.length, w: at.reduce((a, b) => a + b, 0), w2: at.reduce((a, b) => a + b * b, 0) };
    });
    expect(agree(summarizeCounts(cells), summarizeRatings(ratings))).toEqual([]);
    expect(agree(summarizeCounts(cells, true), summarizeRatings(ratings, weights))).toEqual([]);
  });

  it.each([1, 2, 3, 4, 5, 6])("drivers and LMG, %i drivers", (p) => {
    const r = createRandom(100 + p);
    const { rows, weights } = sample(r, 300 + r.int(2000), p);
    const items = Array.from({ length: p }, (_, j) => `d${j}`);
    const inputs = items.map((item, j) => ({ item, ratings: rows.map((row) => row[j + 1] ?? null) }));
    const overall = rows.map((row) => row[0] ?? null);
    expect(agree(driversFromMoments(items, moments(rows)), analyzeDrivers(overall, inputs))).toEqual([]);
    expect(agree(driversFromMoments(items, moments(rows, weights)), analyzeDrivers(overall, inputs, weights))).toEqual(
      [],
    );
  });

  it("leaves a constant driver out as analyzeDrivers does", () => {
    const r = createRandom(7);
    const { rows } = sample(r, 200, 3);
    const constant = rows.map((row) => row.map((v, j) => (j === 2 && v !== null ? 4 : v)));
    const inputs = ["a", "b", "c"].map((item, j) => ({ item, ratings: constant.map((row) => row[j + 1] ?? null) }));
    const raw = analyzeDrivers(
      constant.map((row) => row[0] ?? null),
      inputs,
    );
    const fromMoments = driversFromMoments(["a", "b", "c"], moments(constant));
    expect(fromMoments.constant).toEqual(["b"]);
    expect(agree(fromMoments, raw)).toEqual([]);
  });

  it.each([1, 2, 3])("cross-tabs, seed %i", (seed) => {
    const r = createRandom(200 + seed);
    const n = 100 + r.int(1000);
    const rowValues = Array.from({ length: n }, () =>
      r.chance(0.05) ? null : (["fr", "en", "10", "2"][r.int(4)] ?? null),
    );
    const columnValues = Array.from({ length: n }, () => (r.chance(0.05) ? null : String(1 + r.int(5))));
    const counts = new Map<string, number>();
    rowValues.forEach((row, i) => {
      const column = columnValues[i];
      if (row === null || column === null || column === undefined) return;
      counts.set(`${row}|${column}`, (counts.get(`${row}|${column}`) ?? 0) + 1);
    });
    // Split each count over two strata, as cells from several months would be.
    const cells = [...counts].flatMap(([key, count]) => {
      const [row = "", column = ""] = key.split("|");
      const half = Math.floor(count / 2);
      return [
        { row, column, n: half },
        { row, column, n: count - half },
      ];
    });
    const order = { rows: ["fr"] };
    expect(agree(crossTabFromCounts(cells, order), crossTabulate(rowValues, columnValues, undefined, order))).toEqual(
      [],
    );
  });
});
