// What an anonymous survey keeps of when a response came, and how few people
// it may be traced to (decision 0042). Pure: no I/O.

import { DISPLAY_TIME_ZONE } from "#app/i18n/i18n.ts";

/**
 * The fewest people an anonymous survey invites at a time, and the fewest
 * answers before staff see how many of the invited answered.
 */
export const ANONYMOUS_MIN_CONTACTS = 5;

/** The time zone whose calendar day a response is kept under: the one staff pages show. */
export const ANONYMOUS_DAY_ZONE = DISPLAY_TIME_ZONE;

const dayFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: ANONYMOUS_DAY_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar day of `at` in ANONYMOUS_DAY_ZONE, as YYYY-MM-DD. */
export function calendarDay(at: Date): string {
  return dayFormat.format(at);
}

/**
 * The time an anonymous survey stores for `at`: noon UTC of its calendar day,
 * which falls on that same date in every Canadian time zone (UTC−3:30 to
 * UTC−8) and in UTC, so no display or monthly count moves it to another day.
 */
export function dayStamp(at: Date): Date {
  return new Date(`${calendarDay(at)}T12:00:00.000Z`);
}

/** The times an anonymous survey records for a response submitted at `at`: its one day for all three. */
export function anonymousTimes(at: Date) {
  const day = dayStamp(at);
  return { startedAt: day, updatedAt: day, submittedAt: day };
}

/** How staff are shown a response's time: the day only when the survey is anonymous. */
export function staffTime(anonymous: boolean, at: Date): string {
  return anonymous ? calendarDay(at) : at.toISOString();
}
