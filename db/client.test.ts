import { describe, expect, it } from "vitest";
import { POOL_MAX, poolSizePerProcess } from "./client.ts";

describe("database connections", () => {
  it("are shared out among a cluster's processes, two at least each", () => {
    expect([1, 2, 3, 4, 16].map(poolSizePerProcess)).toEqual([POOL_MAX, 5, 4, 3, 2]);
  });
});
