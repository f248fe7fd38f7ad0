import { describe, expect, it } from "vitest";
import { calendarGranularity, monthOf, trendPeriods } from "./trend.ts";

describe("trend periods", () => {
  it("finds fieldwork waves from months without submissions, keeping a wave across New Year whole", () => {
    const periods = trendPeriods(["2024-11", "2024-12", "2025-01", "2025-11", "2025-12", "2026-01"]);
    expect(periods.map((p) => [p.granularity, p.months.length])).toEqual([
      ["wave", 3],
      ["wave", 3],
    ]);
    expect(periods[0]?.from.toISOString().slice(0, 10)).toBe("2024-11-01");
    expect(periods[0]?.to.toISOString().slice(0, 10)).toBe("2025-01-31");
  });

  it("cuts continuous collection into calendar periods sized to its span", () => {
    expect(calendarGranularity(100)).toBe("month");
    expect(calendarGranularity(200)).toBe("quarter");
    expect(calendarGranularity(800)).toBe("year");
    const weekly = Array.from({ length: 40 }, (_, i) => monthOf(new Date(Date.UTC(2025, 0, 3 + 7 * i))));
    const quarters = trendPeriods([...new Set(weekly)]);
    expect(quarters.map((p) => p.granularity)).toEqual(["quarter", "quarter", "quarter", "quarter"]);
    expect(quarters.map((p) => p.from.toISOString().slice(0, 7))).toEqual(["2025-01", "2025-04", "2025-07", "2025-10"]);
    expect(quarters.flatMap((p) => p.months)).toEqual([...new Set(weekly)]);
    expect(trendPeriods([])).toEqual([]);
  });
});
