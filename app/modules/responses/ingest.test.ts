import { describe, expect, it } from "vitest";
import { calendarDay } from "./anonymity.ts";
import { parseSubmittedAt } from "./ingest.ts";

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

  it("is refused when it is not a date, or in the future", () => {
    expect(parseSubmittedAt("2026-02-30", now)).toBeNull();
    expect(parseSubmittedAt("yesterday", now)).toBeNull();
    expect(parseSubmittedAt("2026-12-09", now)).toBeNull();
  });
});
