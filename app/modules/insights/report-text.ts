// The words a report puts around its numbers, in one language: what the
// filter kept, a note, a driver's name. Shared by the PDF, the workbook and
// the mail so they say the same thing. Pure: no I/O.
import { formatNumber, tFor } from "#app/i18n/i18n.ts";
import type { Lang } from "#app/i18n/paths.ts";
import type { ResultsFilter } from "./filters.ts";
import type { ReportData, ReportDriver } from "./report-data.server.ts";
import type { ResultsNote } from "./results.ts";

export type ReportLanguage = Lang | "both";

/** The languages a report is written in, in order. */
export const languagesOf = (language: ReportLanguage): Lang[] => (language === "both" ? ["en", "fr"] : [language]);

const month = (lang: Lang, date: Date, endExclusive = false) => {
  const d = endExclusive ? new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, 1)) : date;
  return new Intl.DateTimeFormat(lang === "fr" ? "fr-CA" : "en-CA", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(d);
};

/** "version 2, collected by Public link, from January 2026", or "every complete response". */
export function describeFilter(filter: ResultsFilter, lang: Lang): string {
  const t = tFor(lang);
  const parts: string[] = [];
  if (filter.version) parts.push(t("reports.doc.filterVersion", { version: filter.version }));
  if (filter.channel)
    parts.push(t("reports.doc.filterChannel", { channel: t(`responses.channels.${filter.channel}`) }));
  if (filter.lang) parts.push(t("reports.doc.filterLang", { lang: t(`reports.languageNames.${filter.lang}`) }));
  if (filter.from) parts.push(t("reports.doc.filterFrom", { month: month(lang, filter.from) }));
  if (filter.to) parts.push(t("reports.doc.filterTo", { month: month(lang, filter.to, true) }));
  if (filter.question)
    parts.push(t("reports.doc.filterQuestion", { answer: filter.question.value, question: filter.question.code }));
  return parts.length > 0 ? parts.join(", ") : t("reports.doc.allResponses");
}

export function noteText(note: ResultsNote, lang: Lang): string {
  const { key, ...values } = note;
  return tFor(lang)(`reports.notes.${key}`, values);
}

export function driverName(d: Pick<ReportDriver, "driver" | "code">, lang: Lang): string {
  return d.driver ? tFor(lang)(`bank.drivers.${d.driver}`, { defaultValue: d.code }) : d.code;
}

export const score = (lang: Lang, value: number) =>
  formatNumber(lang, value, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const percent = (lang: Lang, value: number) =>
  formatNumber(lang, value, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** One sentence with the headline, for the mail and the PDF's summary. */
export function headlineSentence(report: ReportData, lang: Lang): string {
  const t = tFor(lang);
  const h = report.headline;
  const n = formatNumber(lang, report.n);
  if (!h) return t("reports.mailNoHeadline", { n });
  return t("reports.mailHeadline", {
    score: score(lang, h.mean),
    low: score(lang, h.ci[0]),
    high: score(lang, h.ci[1]),
    satisfied: percent(lang, h.satisfied.p),
    n,
  });
}
