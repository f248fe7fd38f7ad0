// How a survey's results move over time. Surveys are fielded in waves (the
// CMT's yearly or seasonal studies) or collected continuously (a kiosk, a
// link in every confirmation e-mail). Periods are built from whole months —
// the grain of the results cells, so the trend reads them as the headline
// does: consecutive months with submissions form a wave, and a month without
// any starts the next one. Continuous collection shows no such gap; it is cut
// into calendar periods sized to its span (decision 0017).

export type Granularity = "wave" | "year" | "quarter" | "month";

export interface Period {
  granularity: Granularity;
  /** A wave: its first day and the last day of its last month; a calendar period: from inclusive, to exclusive. */
  from: Date;
  to: Date;
  /** The months ("YYYY-MM") with submissions in the period. */
  months: string[];
}

/** The month of a submission, UTC, as "YYYY-MM". */
export const monthOf = (date: Date) => date.toISOString().slice(0, 7);

const start = (month: string) => new Date(`${month}-01T00:00:00Z`);
const monthsBetween = (a: string, b: string) => {
  const [ya, ma] = a.split("-").map(Number);
  const [yb, mb] = b.split("-").map(Number);
  return ((yb ?? 0) - (ya ?? 0)) * 12 + ((mb ?? 0) - (ma ?? 0));
};
const lastDay = (month: string) => {
  const from = start(month);
  return new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 0));
};

function calendarBounds(month: string, granularity: Exclude<Granularity, "wave">) {
  const from = start(month);
  const year = from.getUTCFullYear();
  if (granularity === "year") return { from: new Date(Date.UTC(year, 0, 1)), to: new Date(Date.UTC(year + 1, 0, 1)) };
  const size = granularity === "quarter" ? 3 : 1;
  const first = from.getUTCMonth() - (from.getUTCMonth() % size);
  return { from: new Date(Date.UTC(year, first, 1)), to: new Date(Date.UTC(year, first + size, 1)) };
}

/** The calendar period for a span of collection: years past two years, quarters past six months, else months. */
export function calendarGranularity(spanDays: number): Exclude<Granularity, "wave"> {
  if (spanDays >= 730) return "year";
  if (spanDays >= 182) return "quarter";
  return "month";
}

/** Splits the months with submissions (distinct, ascending) into waves, or calendar periods when there is one wave only. */
export function trendPeriods(months: readonly string[]): Period[] {
  if (months.length === 0) return [];
  const waves: Period[] = [];
  for (const month of months) {
    const last = waves.at(-1);
    const previous = last?.months.at(-1);
    if (last && previous && monthsBetween(previous, month) === 1) {
      last.months.push(month);
      last.to = lastDay(month);
    } else waves.push({ granularity: "wave", from: start(month), to: lastDay(month), months: [month] });
  }
  if (waves.length > 1) return waves;
  const first = months[0] as string;
  const span = (lastDay(months.at(-1) as string).getTime() - start(first).getTime()) / 86_400_000;
  const granularity = calendarGranularity(span);
  const periods: Period[] = [];
  for (const month of months) {
    const bounds = calendarBounds(month, granularity);
    const last = periods.at(-1);
    if (last && last.from.getTime() === bounds.from.getTime()) last.months.push(month);
    else periods.push({ granularity, ...bounds, months: [month] });
  }
  return periods;
}
