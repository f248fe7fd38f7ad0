// How a survey's results move over time. Surveys are fielded in waves (the
// CMT's yearly or seasonal studies) or collected continuously (a kiosk, a
// link in every confirmation e-mail). Waves are found from the data: a gap of
// more than WAVE_GAP_DAYS between two submissions starts a new one, so a wave
// that straddles New Year stays whole. Continuous collection shows no such
// gap; it is cut into calendar periods sized to its span (decision 0017).

export type Granularity = "wave" | "year" | "quarter" | "month";

export const WAVE_GAP_DAYS = 45;
const DAY = 86_400_000;

export interface Period {
  granularity: Granularity;
  /** First and last submission in the period (a wave) or the calendar bounds (from inclusive, to exclusive). */
  from: Date;
  to: Date;
  /** Indexes of the rows in the period, in the order given. */
  rows: number[];
}

function calendarKey(date: Date, granularity: Exclude<Granularity, "wave">) {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  if (granularity === "year") return { from: new Date(Date.UTC(year, 0, 1)), to: new Date(Date.UTC(year + 1, 0, 1)) };
  const size = granularity === "quarter" ? 3 : 1;
  const first = month - (month % size);
  return { from: new Date(Date.UTC(year, first, 1)), to: new Date(Date.UTC(year, first + size, 1)) };
}

/** The calendar period for a span of collection: years past two years, quarters past six months, else months. */
export function calendarGranularity(spanDays: number): Exclude<Granularity, "wave"> {
  if (spanDays >= 730) return "year";
  if (spanDays >= 182) return "quarter";
  return "month";
}

/** Splits submission dates (in ascending order) into waves, or calendar periods when there is one wave only. */
export function trendPeriods(dates: readonly Date[]): Period[] {
  if (dates.length === 0) return [];
  const waves: Period[] = [];
  dates.forEach((date, i) => {
    const last = waves.at(-1);
    if (last && date.getTime() - last.to.getTime() <= WAVE_GAP_DAYS * DAY) {
      last.to = date;
      last.rows.push(i);
    } else waves.push({ granularity: "wave", from: date, to: date, rows: [i] });
  });
  if (waves.length > 1) return waves;
  const first = dates[0] as Date;
  const span = ((dates.at(-1) as Date).getTime() - first.getTime()) / DAY;
  const granularity = calendarGranularity(span);
  const periods: Period[] = [];
  dates.forEach((date, i) => {
    const bounds = calendarKey(date, granularity);
    const last = periods.at(-1);
    if (last && last.from.getTime() === bounds.from.getTime()) last.rows.push(i);
    else periods.push({ granularity, ...bounds, rows: [i] });
  });
  return periods;
}
