import { describe, expect, it } from "vitest";
import {
  chiSquareUpper,
  fUpper,
  normalQuantile,
  studentTQuantile,
  studentTTwoSided,
  studentTUpper,
} from "./distributions.ts";
import { differences, readFixture } from "./fixtures/reference.ts";
import { logBeta, logGamma } from "./special.ts";

interface Fixture {
  qnorm975: number;
  studentUpper: { t: number; df: number; p: number }[];
  studentQuantile: { p: number; df: number; q: number }[];
  chiSquareUpper: { x: number; df: number; p: number }[];
  fUpper: { x: number; d1: number; d2: number; p: number }[];
}
const fixture = readFixture<Fixture>("distributions");

// Relative agreement only (no absolute slack): tiny p-values must be as exact as large ones.
const relative = (actual: number[], expected: number[]) => differences(actual, expected, 0);

describe("distributions agree with R", () => {
  it("normal quantile", () => {
    expect(relative([normalQuantile(0.975)], [fixture.qnorm975])).toEqual([]);
  });

  it("Student's t upper tail, including p-values far below 1e-20", () => {
    const cases = fixture.studentUpper;
    expect(
      relative(
        cases.map((c) => studentTUpper(c.t, c.df)),
        cases.map((c) => c.p),
      ),
    ).toEqual([]);
    expect(
      relative(
        cases.map((c) => studentTUpper(-c.t, c.df)),
        cases.map((c) => 1 - c.p),
      ),
    ).toEqual([]);
    expect(
      relative(
        cases.map((c) => studentTTwoSided(-c.t, c.df)),
        cases.map((c) => 2 * c.p),
      ),
    ).toEqual([]);
  });

  it("Student's t quantiles", () => {
    const cases = fixture.studentQuantile;
    expect(
      relative(
        cases.map((c) => studentTQuantile(c.p, c.df)),
        cases.map((c) => c.q),
      ),
    ).toEqual([]);
    expect(
      relative(
        cases.map((c) => studentTQuantile(1 - c.p, c.df)),
        cases.map((c) => -c.q),
      ),
    ).toEqual([]);
  });

  it("chi-square and F upper tails", () => {
    const chi = fixture.chiSquareUpper;
    expect(
      relative(
        chi.map((c) => chiSquareUpper(c.x, c.df)),
        chi.map((c) => c.p),
      ),
    ).toEqual([]);
    const f = fixture.fUpper;
    expect(
      relative(
        f.map((c) => fUpper(c.x, c.d1, c.d2)),
        f.map((c) => c.p),
      ),
    ).toEqual([]);
  });
});

describe("special functions", () => {
  it("log gamma and log beta hold their identities", () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(logGamma(171)).toBeCloseTo(
      Math.log(Array.from({ length: 170 }, (_, i) => i + 1).reduce((a, b) => a * b)),
      10,
    );
    for (const [a, b] of [
      [0.5, 0.5],
      [3, 400],
      [50, 70.5],
    ] as const) {
      expect(logBeta(a, b)).toBeCloseTo(logGamma(a) + logGamma(b) - logGamma(a + b), 9);
    }
  });
});
