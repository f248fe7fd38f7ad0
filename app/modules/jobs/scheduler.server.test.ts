import { describe, expect, it, vi } from "vitest";
import type { AppServices } from "#app/context.ts";
import { type PeriodicJob, startPeriodicJobs } from "./scheduler.server.ts";

const services = {} as AppServices;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("startPeriodicJobs", () => {
  it("runs a job at once and again after its interval, never two runs of it at a time", async () => {
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const job: PeriodicJob = {
      name: "slow",
      everyMs: 5,
      async run() {
        concurrent += 1;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await sleep(20);
        concurrent -= 1;
        runs += 1;
        return 0;
      },
    };
    const stop = startPeriodicJobs(services, [job]);
    // Waits for the runs rather than a fixed time: on a busy machine timers fire late.
    await vi.waitFor(() => expect(runs).toBeGreaterThanOrEqual(2), { timeout: 10_000, interval: 5 });
    await stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(maxConcurrent).toBe(1);
  });

  it("keeps running after a job fails, and stop waits for the run in progress", async () => {
    let calls = 0;
    let finished = false;
    const warnings: unknown[] = [];
    const originalWarn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const stop = startPeriodicJobs(services, [
        {
          name: "flaky",
          everyMs: 5,
          async run() {
            calls += 1;
            if (calls === 1) throw new Error("boom");
            await sleep(30);
            finished = true;
            return 0;
          },
        },
      ]);
      // A run after the failure has started (each sleeps 30 ms): stop must wait for it.
      await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(2), { timeout: 10_000, interval: 1 });
      await stop();
      const callsAtStop = calls;
      await sleep(30);
      expect(calls).toBe(callsAtStop);
      expect(finished).toBe(true);
      expect(warnings).toHaveLength(1);
    } finally {
      console.warn = originalWarn;
    }
  });
});
