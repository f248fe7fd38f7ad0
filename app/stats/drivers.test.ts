import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeDrivers, type DriverAnalysis } from "./drivers.ts";
import { differences, readFixture } from "./fixtures/reference.ts";
import { classifyDrivers } from "./priorities.ts";

interface Case {
  name: string;
  overall: (number | null)[];
  drivers: (number | null)[][];
  names: string[];
  weights: number[];
  unweighted: Omit<DriverAnalysis, "constant">;
  weighted: Omit<DriverAnalysis, "constant">;
}
const cases = readFixture<Case[]>("drivers");
const inputs = (c: Case) => c.names.map((item, j) => ({ item, ratings: c.drivers[j] ?? [] }));

describe("driver analysis agrees with R (lm, cov.wt, brute-force LMG)", () => {
  it.each(cases)("$name, unweighted", (c) => {
    expect(differences(analyzeDrivers(c.overall, inputs(c)), c.unweighted)).toEqual([]);
  });

  it.each(cases)("$name, weighted", (c) => {
    expect(differences(analyzeDrivers(c.overall, inputs(c), c.weights), c.weighted)).toEqual([]);
  });

  it("names the drivers without variance", () => {
    const constant = cases.find((c) => c.name === "a constant driver");
    expect(constant && analyzeDrivers(constant.overall, inputs(constant)).constant).toEqual(["d02"]);
  });
});

const rating = fc.integer({ min: 1, max: 5 });
const dataset = fc.integer({ min: 1, max: 6 }).chain((p) =>
  fc.record({
    overall: fc.array(rating, { minLength: 30, maxLength: 30 }),
    drivers: fc.array(fc.array(rating, { minLength: 30, maxLength: 30 }), { minLength: p, maxLength: p }),
    weights: fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: 30, maxLength: 30 }),
    order: fc.shuffledSubarray(
      Array.from({ length: p }, (_, j) => j),
      { minLength: p, maxLength: p },
    ),
  }),
);
const analyze = (overall: number[], drivers: number[][], weights: number[]) =>
  analyzeDrivers(
    overall,
    drivers.map((ratings, j) => ({ item: `d${j}`, ratings })),
    weights,
  );

describe("LMG", () => {
  it("shares add up to R², importances to 1, and nothing depends on the order of the drivers", () => {
    fc.assert(
      fc.property(dataset, ({ overall, drivers, weights, order }) => {
        let result: DriverAnalysis;
        try {
          result = analyze(overall, drivers, weights);
        } catch {
          return fc.pre(false); // a random draw may be collinear or constant
        }
        const modelled = result.items.filter((d) => !Number.isNaN(d.r));
        expect(
          differences(
            modelled.reduce((t, d) => t + d.lmg, 0),
            result.r2,
          ),
        ).toEqual([]);
        expect(
          differences(
            modelled.reduce((t, d) => t + d.importance, 0),
            1,
          ),
        ).toEqual([]);
        const permuted = analyzeDrivers(
          overall,
          order.map((j) => ({ item: `d${j}`, ratings: drivers[j] ?? [] })),
          weights,
        );
        expect(differences(permuted.r2, result.r2)).toEqual([]);
        for (const item of permuted.items)
          expect(
            differences(
              item,
              result.items.find((d) => d.item === item.item),
            ),
          ).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it("is exact at 12 drivers and quick", () => {
    const twelve = cases.find((c) => c.name === "twelve drivers");
    if (!twelve) throw new Error("fixture missing");
    const started = performance.now();
    analyzeDrivers(twelve.overall, inputs(twelve), twelve.weights);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("driver analysis refuses what it cannot estimate", () => {
  it("too few complete cases, too many drivers, collinear drivers, constant overall", () => {
    const d = (ratings: (number | null)[], item = "d") => ({ item, ratings });
    expect(() => analyzeDrivers([1, 2, null], [d([1, 2, 3])])).toThrow(/2 complete cases/);
    expect(() =>
      analyzeDrivers(
        [1],
        Array.from({ length: 13 }, (_, j) => d([1], `d${j}`)),
      ),
    ).toThrow(/at most 12/);
    expect(() => analyzeDrivers([1, 2, 4, 5], [d([1, 2, 3, 4], "a"), d([1, 2, 3, 4], "b")])).toThrow(
      /linear combination/,
    );
    expect(() => analyzeDrivers([3, 3, 3, 3], [d([1, 2, 3, 4])])).toThrow(/same in every/);
  });
});

describe("importance × performance", () => {
  it("puts important, weak drivers first in line for improvement", () => {
    const quadrants = classifyDrivers([
      { importance: 0.4, performance: 50 },
      { importance: 0.3, performance: 80 },
      { importance: 0.2, performance: 55 },
      { importance: 0.1, performance: 90 },
    ]);
    expect(quadrants).toEqual(["priority", "strength", "secondary", "surplus"]);
  });
});
