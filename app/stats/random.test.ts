import { describe, expect, it } from "vitest";
import { createRandom, seedFrom } from "./random.ts";

const draw = (seed: number, n: number, f: (r: ReturnType<typeof createRandom>) => number) => {
  const r = createRandom(seed);
  return Array.from({ length: n }, () => f(r));
};

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]) => {
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
};

describe("seeded random numbers", () => {
  it("repeat exactly for the same seed and differ for another", () => {
    expect(draw(42, 5, (r) => r.uniform())).toEqual(draw(42, 5, (r) => r.uniform()));
    expect(draw(42, 5, (r) => r.uniform())).not.toEqual(draw(43, 5, (r) => r.uniform()));
    expect(seedFrom("passport/2025")).toBe(seedFrom("passport/2025"));
    expect(seedFrom("passport/2025")).not.toBe(seedFrom("passport/2026"));
  });

  it("are uniform in [0, 1) and normal with mean 0 and variance 1", () => {
    const u = draw(7, 50_000, (r) => r.uniform());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(mean(u)).toBeCloseTo(0.5, 2);
    const z = draw(7, 50_000, (r) => r.normal());
    expect(mean(z)).toBeCloseTo(0, 1);
    expect(variance(z)).toBeCloseTo(1, 1);
    expect(z.filter((x) => Math.abs(x) < 1.96).length / z.length).toBeCloseTo(0.95, 2);
  });

  it("draw integers and weighted choices in proportion", () => {
    const ints = draw(9, 10_000, (r) => r.int(4));
    expect(new Set(ints)).toEqual(new Set([0, 1, 2, 3]));
    const picks = draw(9, 20_000, (r) => r.weighted([1, 3, 0]));
    expect(picks.filter((i) => i === 1).length / picks.length).toBeCloseTo(0.75, 1);
    expect(picks).not.toContain(2);
  });
});
