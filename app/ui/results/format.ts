// How the results components write numbers: scores to one decimal, shares as
// whole percentages, each interval as "low to high", per locale.
import { formatDate, formatNumber, intlLocale, type Lang } from "#app/i18n/i18n.ts";
import type { Interval } from "#app/stats/scores.ts";

export const score = (lang: Lang, value: number) =>
  formatNumber(lang, value, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const percent = (lang: Lang, share: number) =>
  formatNumber(lang, share, { style: "percent", maximumFractionDigits: 0 });

export const count = (lang: Lang, value: number) => formatNumber(lang, value);

/** A ratio as a percentage with one decimal (a response rate). */
export const rate = (lang: Lang, part: number, whole: number) =>
  formatNumber(lang, whole > 0 ? part / whole : 0, { style: "percent", maximumFractionDigits: 1 });

export const scoreInterval = (lang: Lang, [low, high]: Interval) => ({
  low: score(lang, low),
  high: score(lang, high),
});
export const percentInterval = (lang: Lang, [low, high]: Interval) => ({
  low: percent(lang, low),
  high: percent(lang, high),
});

export const monthYear = (lang: Lang, iso: string) =>
  new Intl.DateTimeFormat(intlLocale[lang], { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(iso));

export { formatDate };

export const textOf = (lang: Lang, q: { textEn: string; textFr: string }) => (lang === "fr" ? q.textFr : q.textEn);
