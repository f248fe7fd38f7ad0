import { describe, expect, it } from "vitest";
import { surveySettingsSchema } from "#app/modules/measure/survey-input.ts";
import { isCalendarDay, isCalendarMonth } from "#app/modules/platform/forms.ts";
import { parseResultsFilter } from "./filters.ts";

// Out-of-range values once reached the database (an integer over 2^31, year 0
// or 9999) and answered 500: the shared schemas refuse them with their message.
describe("bounds shared by every door", () => {
  it("refuses versions beyond PostgreSQL's integer on every results page and the API", () => {
    for (const version of ["2147483648", "3000000000", "1e12"]) {
      expect(parseResultsFilter(new URLSearchParams({ version }))).toEqual({
        ok: false,
        errors: { version: "results.errors.version" },
      });
    }
    expect(parseResultsFilter(new URLSearchParams({ version: "2147483647" })).ok).toBe(true);
  });

  it("refuses months and days outside 1900 to 2100, and days that do not exist", () => {
    expect(parseResultsFilter(new URLSearchParams({ to: "9999-12" }))).toMatchObject({ ok: false });
    expect(parseResultsFilter(new URLSearchParams({ from: "0000-01" }))).toMatchObject({ ok: false });
    expect(parseResultsFilter(new URLSearchParams({ from: "2026-01", to: "2026-12" })).ok).toBe(true);
    for (const day of ["0000-01-01", "9999-12-31", "1899-12-31", "2026-02-30", "2026-13-01"]) {
      expect(isCalendarDay(day), day).toBe(false);
    }
    expect(isCalendarDay("2100-12-31")).toBe(true);
    expect(isCalendarMonth("2101-01")).toBe(false);
  });

  it("refuses a survey opening in year 0", () => {
    const settings = surveySettingsSchema.safeParse({ opensAt: "0000-01-01" });
    expect(settings.success).toBe(false);
    expect(settings.error?.issues.some((i) => i.path[0] === "opensAt" && i.message === "audit.errors.date")).toBe(true);
  });
});
