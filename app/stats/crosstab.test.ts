import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { crossTabulate, type CrossTab } from "./crosstab.ts";
import { differences, readFixture } from "./fixtures/reference.ts";

interface Case {
  name: string;
  a: (string | null)[];
  b: string[];
  weights: number[];
  unweighted: Partial<CrossTab>;
  weighted: Partial<CrossTab>;
}
const cases = readFixture<Case[]>("crosstab");

describe("cross-tabs agree with R", () => {
  it.each(cases)("$name, unweighted (table, chisq.test)", (c) => {
    expect(differences(crossTabulate(c.a, c.b), c.unweighted)).toEqual([]);
  });

  it.each(cases)("$name, weighted (svytable, svychisq Rao–Scott F)", (c) => {
    expect(differences(crossTabulate(c.a, c.b, c.weights), c.weighted)).toEqual([]);
  });
});

describe("cross-tabs", () => {
  it("warn when an expected count is below 5", () => {
    const small = cases.find((c) => c.name === "small expected counts");
    const large = cases.find((c) => c.name === "2 x 3");
    expect(small && crossTabulate(small.a, small.b).smallExpected).toBe(true);
    expect(large && crossTabulate(large.a, large.b).smallExpected).toBe(false);
  });

  it("give percentages that add up to 100 along rows and columns", () => {
    const table = crossTabulate(["a", "a", "b", "b", "b"], ["x", "y", "x", "x", "y"], [1, 2, 1, 1, 3]);
    expect(table.counts).toEqual([
      [1, 2],
      [2, 3],
    ]);
    table.rowPercent.forEach((line) => expect(line.reduce((a, b) => a + b)).toBeCloseTo(100, 12));
    expect(table.columnPercent[0]?.[0]).toBeCloseTo(100 / 3, 12);
  });

  it("have no test with a single row or column, and follow a given order", () => {
    const table = crossTabulate(["a", "b", "a"], ["x", "x", "x"]);
    expect(Number.isNaN(table.chi2) && Number.isNaN(table.p)).toBe(true);
    expect(crossTabulate(["a", "b"], ["no", "yes"], undefined, { columns: ["yes", "no"] }).columns).toEqual([
      "yes",
      "no",
    ]);
  });

  it("give the same test whatever the order of rows and columns", () => {
    const labels = fc.constantFrom("p", "q", "r");
    const data = fc.array(fc.tuple(labels, fc.constantFrom("u", "v"), fc.double({ min: 0.2, max: 5, noNaN: true })), {
      minLength: 12,
      maxLength: 40,
    });
    fc.assert(
      fc.property(data, (cases) => {
        const a = cases.map((c) => c[0]);
        const b = cases.map((c) => c[1]);
        const w = cases.map((c) => c[2]);
        fc.pre(new Set(a).size > 1 && new Set(b).size > 1);
        const plain = crossTabulate(a, b, w);
        const reversed = crossTabulate(a, b, w, { rows: ["r", "q", "p"], columns: ["v", "u"] });
        expect(differences(reversed.raoScott, plain.raoScott, 1e-12)).toEqual([]);
        expect(differences(reversed.cramersV, plain.cramersV)).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });
});
