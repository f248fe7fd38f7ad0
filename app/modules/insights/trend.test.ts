import { describe, expect, it } from "vitest";
import { calendarGranularity, trendPeriods } from "./trend.ts";

const d = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe("trend periods", () => {
  it("finds fieldwork waves from gaps, keeping a wave across New Year whole", () => {
    const dates = ["2024-11-20", "2024-12-30", "2025-01-15", "2025-11-25", "2026-01-05"].map(d);
    const periods = trendPeriods(dates);
    expect(periods.map((p) => [p.granularity, p.rows])).toEqual([
      ["wave", [0, 1, 2]],
      ["wave", [3, 4]],
    ]);
    expect(periods[0]?.from).toEqual(dates[0]);
    expect(periods[0]?.to).toEqual(dates[2]);
  });

  it("cuts continuous collection into calendar periods sized to its span", () => {
    expect(calendarGranularity(100)).toBe("month");
    expect(calendarGranularity(200)).toBe("quarter");
    expect(calendarGranularity(800)).toBe("year");
    const weekly = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2025, 0, 3 + 7 * i)));
    const quarters = trendPeriods(weekly);
    expect(quarters.map((p) => p.granularity)).toEqual(["quarter", "quarter", "quarter", "quarter"]);
    expect(quarters.map((p) => p.from.toISOString().slice(0, 7))).toEqual(["2025-01", "2025-04", "2025-07", "2025-10"]);
    expect(quarters.reduce((n, p) => n + p.rows.length, 0)).toBe(40);
    expect(trendPeriods([])).toEqual([]);
  });
});
