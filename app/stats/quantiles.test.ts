import { describe, expect, it } from "vitest";
import { differences, readFixture } from "./fixtures/reference.ts";
import { quantile } from "./quantiles.ts";

interface Case {
  x: number[];
  probs: number[];
  quantiles: number[];
}

describe("quantiles agree with R's quantile(type = 7)", () => {
  it.each(readFixture<Case[]>("quantiles"))("n = $x.length", (c) => {
    expect(
      differences(
        c.probs.map((p) => quantile(c.x, p)),
        c.quantiles,
        0,
      ),
    ).toEqual([]);
  });

  it("are undefined without values", () => {
    expect(quantile([], 0.5)).toBeNaN();
  });
});
