import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anonymousTimes, calendarDay, dayStamp, staffTime } from "./anonymity.ts";

describe("what an anonymous survey keeps of time", () => {
  it("is the calendar day in Toronto, stored at noon UTC", () => {
    // 23:30 in Toronto on 6 December is already the 7th in UTC.
    const lateEvening = new Date("2026-12-07T04:30:00Z");
    expect(calendarDay(lateEvening)).toBe("2026-12-06");
    expect(dayStamp(lateEvening).toISOString()).toBe("2026-12-06T12:00:00.000Z");
    expect(dayStamp(new Date("2026-07-01T03:59:00Z")).toISOString()).toBe("2026-06-30T12:00:00.000Z");
  });

  it("falls on the same date wherever in Canada it is shown, and keeps that date when stamped again", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("1990-01-01"), max: new Date("2100-12-31"), noInvalidDate: true }), (at) => {
        const stamp = dayStamp(at);
        const day = calendarDay(at);
        for (const timeZone of ["America/St_Johns", "America/Halifax", "America/Toronto", "America/Vancouver", "UTC"]) {
          expect(new Intl.DateTimeFormat("en-CA", { timeZone }).format(stamp)).toBe(day);
        }
        expect(dayStamp(stamp)).toEqual(stamp);
        expect(staffTime(true, at)).toBe(day);
      }),
    );
  });

  it("gives a response one time for all three, and staff an exact time only in a confidential survey", () => {
    const at = new Date("2026-03-15T18:42:07.123Z");
    const noon = new Date("2026-03-15T12:00:00.000Z");
    expect(anonymousTimes(at)).toEqual({ startedAt: noon, updatedAt: noon, submittedAt: noon });
    expect(staffTime(false, at)).toBe("2026-03-15T18:42:07.123Z");
  });
});
