import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sum } from "./design.ts";
import { differences, readFixture } from "./fixtures/reference.ts";
import { rake, type Margins } from "./rake.ts";

interface Case {
  name: string;
  variables: Record<string, string[]>;
  weights: number[];
  margins: Margins;
  maxit: number;
  epsilon: number;
  raked: number[];
}

describe("raking agrees with survey::rake", () => {
  it.each(readFixture<Case[]>("rake"))("$name", (c) => {
    const result = rake(c.variables, c.margins, c.weights, { maxIterations: c.maxit, epsilon: c.epsilon });
    expect(differences(result.weights, c.raked)).toEqual([]);
  });
});

const categories = (prefix: string, k: number) => Array.from({ length: k }, (_, i) => `${prefix}${i}`);

// Samples in which every combination of categories occurs, so that raking converges.
const raking = fc
  .record({ a: fc.integer({ min: 2, max: 4 }), b: fc.integer({ min: 2, max: 3 }), extra: fc.nat({ max: 40 }) })
  .chain(({ a, b, extra }) => {
    const full = categories("a", a).flatMap((x) => categories("b", b).map((y) => [x, y] as const));
    return fc.record({
      rows: fc
        .array(fc.constantFrom(...full), { minLength: extra, maxLength: extra })
        .map((more) => [...full, ...more]),
      shareA: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: a, maxLength: a }),
      shareB: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: b, maxLength: b }),
      seedWeights: fc.array(fc.double({ min: 0.2, max: 5, noNaN: true }), { minLength: 60, maxLength: 60 }),
    });
  });

const margin = (prefix: string, shares: number[], population: number) =>
  Object.fromEntries(shares.map((share, i) => [`${prefix}${i}`, (population * share) / sum(shares)]));

describe("raking", () => {
  it("reproduces every margin it converges to, whatever the starting weights", () => {
    fc.assert(
      fc.property(raking, ({ rows, shareA, shareB, seedWeights }) => {
        const margins = { a: margin("a", shareA, 10_000), b: margin("b", shareB, 10_000) };
        const variables = { a: rows.map((r) => r[0]), b: rows.map((r) => r[1]) };
        const start = rows.map((_, i) => seedWeights[i % seedWeights.length] ?? 1);
        // Raking converges linearly, and slowly when the margins are far from the
        // sample: a case needing 101 iterations was found, one over the default.
        const result = rake(variables, margins, start, { maxIterations: 1000 });
        expect(result.converged).toBe(true);
        for (const [name, values] of Object.entries(variables)) {
          const totals: Record<string, number> = {};
          values.forEach((value, i) => (totals[value] = (totals[value] ?? 0) + (result.weights[i] ?? 0)));
          expect(differences(totals, margins[name as "a" | "b"], 1e-6)).toEqual([]);
        }
      }),
    );
  });

  it("refuses margins that do not fit the data", () => {
    const variables = { sex: ["F", "M", "F"] };
    expect(() => rake(variables, { sex: { F: 50 } }, [1, 1, 1])).toThrow(/"M" has no population total/);
    expect(() => rake(variables, { sex: { F: 50, M: 50, X: 1 } }, [1, 1, 1])).toThrow(/no respondent/);
    expect(() => rake({ sex: ["F", null, "M"] }, { sex: { F: 5, M: 5 } }, [1, 1, 1])).toThrow(/row 2/);
    expect(() => rake(variables, { age: { young: 1 } }, [1, 1, 1])).toThrow(/no values/);
    expect(() =>
      rake({ ...variables, age: ["y", "o", "o"] }, { sex: { F: 5, M: 5 }, age: { y: 5, o: 6 } }, [1, 1, 1]),
    ).toThrow(/same total/);
    expect(() => rake(variables, { sex: { F: 5, M: 0 } }, [1, 1, 1])).toThrow(/positive/);
  });
});
