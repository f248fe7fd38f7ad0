import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { differences, readFixture } from "./fixtures/reference.ts";
import { ratingToScore, summarizeRatings, type ScoreSummary, withinScale } from "./scores.ts";

interface Case {
  name: string;
  ratings: (number | null)[];
  weights: number[];
  unweighted: ScoreSummary;
  weighted: ScoreSummary;
}
const cases = readFixture<Case[]>("scores");

describe("score summaries agree with R", () => {
  it.each(cases)("$name, unweighted (t.test, prop.test)", (c) => {
    expect(differences(summarizeRatings(c.ratings), c.unweighted)).toEqual([]);
  });

  it.each(cases)("$name, weighted (svymean, svyvar, svyciprop logit)", (c) => {
    expect(differences(summarizeRatings(c.ratings, c.weights), c.weighted)).toEqual([]);
  });
});

describe("score summaries", () => {
  it("map 1–5 to 0–100", () => {
    expect([1, 2, 3, 4, 5].map(ratingToScore)).toEqual([0, 25, 50, 75, 100]);
  });

  it("refuse ratings outside 1–5 and summaries of nothing", () => {
    expect(() => summarizeRatings([3, 6])).toThrow(/1 to 5/);
    expect(() => summarizeRatings([2.5])).toThrow(/whole number/);
    expect(() => summarizeRatings([null, null])).toThrow(/no valid ratings/);
    expect(() => summarizeRatings([3, 4], [1])).toThrow(/weights/);
    expect(() => summarizeRatings([3, 4], [1, 0])).toThrow(/positive/);
  });

  it("give the unweighted results when every weight is 1, and ignore the scale of weights", () => {
    const ratings = fc.array(fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 5 })), { minLength: 3 });
    fc.assert(
      fc.property(ratings, fc.double({ min: 0.01, max: 100, noNaN: true }), (rs, scale) => {
        const valid = rs.filter((r) => r !== null).length;
        fc.pre(valid >= 2);
        const plain = summarizeRatings(rs);
        const ones = summarizeRatings(
          rs,
          rs.map(() => 1),
        );
        expect(differences(ones.mean, plain.mean)).toEqual([]);
        expect(differences(ones.se, plain.se)).toEqual([]);
        expect(differences(ones.ci, plain.ci)).toEqual([]);
        const scaled = summarizeRatings(
          rs,
          rs.map(() => scale),
        );
        expect(differences(scaled, ones, 1e-9)).toEqual([]);
      }),
    );
  });
});

describe("a summary as it may be shown", () => {
  it("keeps a small base's intervals within the scale, and leaves others as they are", () => {
    const tiny = summarizeRatings([5, 5, 1]);
    expect(tiny.ci[0]).toBeLessThan(0);
    expect(tiny.ci[1]).toBeGreaterThan(100);
    const shown = withinScale(tiny);
    expect(shown.ci).toEqual([0, 100]);
    expect(shown.mean).toBe(tiny.mean);
    expect(shown.satisfied.ci[0]).toBeGreaterThanOrEqual(0);
    expect(shown.satisfied.ci[1]).toBeLessThanOrEqual(1);
    const ample = summarizeRatings(Array.from({ length: 200 }, (_, i) => ((i % 5) + 1) as 1 | 2 | 3 | 4 | 5));
    expect(withinScale(ample)).toEqual(ample);
  });
});
