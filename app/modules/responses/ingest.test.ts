import { describe, expect, it } from "vitest";
import { calendarDay } from "./anonymity.ts";
import { parseSubmittedAt } from "./ingest.ts";
import { formatDateTime } from "#app/i18n/i18n.ts";

describe("a submission time given with a response", () => {
  const now = new Date("2026-12-07T15:00:00Z");

  it("as a date alone is that day wherever in Canada it is shown (at midnight UTC it was the day before)", () => {
    const day = parseSubmittedAt("2026-03-02", now);
    expect(day?.toISOString()).toBe("2026-03-02T12:00:00.000Z");
    expect(calendarDay(day as Date)).toBe("2026-03-02");
  });

  it("with a time is that moment, in UTC without an offset", () => {
    expect(parseSubmittedAt("2026-03-02 10:29", now)?.toISOString()).toBe("2026-03-02T10:29:00.000Z");
    expect(parseSubmittedAt("2026-03-02T10:29:00-05:00", now)?.toISOString()).toBe("2026-03-02T15:29:00.000Z");
  });

  it("without an offset, from a spreadsheet, is the wall-clock time where staff read it (10:29 stays 10 h 29)", () => {
    const zone = "America/Toronto";
    // Standard time, daylight saving time, and either side of the spring change (2026-03-08, 02:00).
    expect(parseSubmittedAt("2026-03-02 10:29", now, zone)?.toISOString()).toBe("2026-03-02T15:29:00.000Z");
    expect(parseSubmittedAt("2026-07-02T10:29:30", now, zone)?.toISOString()).toBe("2026-07-02T14:29:30.000Z");
    expect(parseSubmittedAt("2026-03-08 01:30", now, zone)?.toISOString()).toBe("2026-03-08T06:30:00.000Z");
    expect(parseSubmittedAt("2026-03-08 03:30", now, zone)?.toISOString()).toBe("2026-03-08T07:30:00.000Z");
    expect(parseSubmittedAt("2026-11-01 12:00", now, zone)?.toISOString()).toBe("2026-11-01T17:00:00.000Z");
    // An offset, or a date alone, means what it says, whatever the zone.
    expect(parseSubmittedAt("2026-03-02T10:29:00Z", now, zone)?.toISOString()).toBe("2026-03-02T10:29:00.000Z");
    expect(parseSubmittedAt("2026-03-02", now, zone)?.toISOString()).toBe("2026-03-02T12:00:00.000Z");
    expect(formatDateTime("fr", parseSubmittedAt("2026-03-02 10:29", now, zone) as Date)).toContain("10 h 29");
  });

  it("is refused when it is not a date, or in the future", () => {
    expect(parseSubmittedAt("2026-02-30", now)).toBeNull();
    expect(parseSubmittedAt("yesterday", now)).toBeNull();
    expect(parseSubmittedAt("2026-12-09", now)).toBeNull();
  });
});
