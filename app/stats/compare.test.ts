import { describe, expect, it } from "vitest";
import { compareMeans, type Comparison } from "./compare.ts";
import { differences, readFixture } from "./fixtures/reference.ts";

interface Case {
  name: string;
  ratings: (number | null)[];
  groups: (string | null)[];
  weights: number[];
  unweighted: Omit<Comparison, "se">;
  weighted: Omit<Comparison, "se">;
}
const cases = readFixture<Case[]>("compare");

describe("comparisons agree with R", () => {
  it.each(cases)("$name, unweighted (Welch t.test)", (c) => {
    expect(differences(compareMeans(c.ratings, c.groups), c.unweighted)).toEqual([]);
  });

  it.each(cases)("$name, weighted (svyttest)", (c) => {
    expect(differences(compareMeans(c.ratings, c.groups, c.weights), c.weighted)).toEqual([]);
  });
});

describe("comparisons", () => {
  it("need exactly two groups of at least two ratings", () => {
    expect(() => compareMeans([1, 2, 3], ["a", "b", "c"])).toThrow(/exactly two groups, not 3/);
    expect(() => compareMeans([1, 2], ["a", "a"])).toThrow(/exactly two groups, not 1/);
    expect(() => compareMeans([1, 2, 3], ["a", "a", "b"])).toThrow(/at least two/);
  });

  it("order groups naturally and subtract the first from the second", () => {
    const result = compareMeans([5, 4, 1, 2], ["10", "10", "9", "9"]);
    expect(result.groups.map((g) => g.label)).toEqual(["9", "10"]);
    expect(result.diff).toBe(75);
  });

  it("have no test when neither group varies", () => {
    const result = compareMeans([5, 5, 1, 1], ["b", "b", "a", "a"]);
    expect(result.diff).toBe(100);
    expect([result.t, result.p].every(Number.isNaN)).toBe(true);
  });
});
