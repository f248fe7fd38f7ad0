// The report as a spreadsheet: an Excel workbook with one sheet per table
// (summary, scores, drivers, priorities), or the scores table alone as CSV.
// Reports are small (a row per question), so both are built in memory.
// Every text cell goes through `neutralise`: a question's wording is typed by
// a designer, and a spreadsheet would run one that starts with "=".
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import { formatDateTime, tFor } from "#app/i18n/i18n.ts";
import type { Lang } from "#app/i18n/paths.ts";
import { rfc4180ForExcel } from "#app/modules/platform/csv.ts";
import { type Cell, neutralise } from "#app/modules/responses/export-format.ts";
import type { ReportData, ReportDriver } from "./report-data.server.ts";
import { describeFilter, driverName, languagesOf, noteText, type ReportLanguage } from "./report-text.ts";

interface Column {
  key: string;
  width: number;
  numFmt?: string;
}

interface Sheet {
  name: string;
  columns: Column[];
  rows: Cell[][];
  /** The summary's value column holds scores and shares: each row's number format. */
  valueFormats?: (string | undefined)[];
}

const SCORE = "0.0";
const PERCENT = "0.0%";
const COEFFICIENT = "0.000";

function scoresSheet(report: ReportData, lang: Lang): Sheet {
  const t = tFor(lang);
  return {
    name: t("reports.sheets.scores"),
    columns: [
      { key: "reports.doc.code", width: 14 },
      { key: "reports.doc.question", width: 60 },
      { key: "reports.doc.n", width: 8, numFmt: "0" },
      { key: "reports.doc.mean", width: 9, numFmt: SCORE },
      { key: "reports.doc.ciLow", width: 9, numFmt: SCORE },
      { key: "reports.doc.ciHigh", width: 9, numFmt: SCORE },
      { key: "reports.doc.sd", width: 8, numFmt: SCORE },
      { key: "reports.doc.se", width: 8, numFmt: "0.00" },
      { key: "reports.doc.satisfiedShort", width: 12, numFmt: PERCENT },
      { key: "reports.doc.satisfiedLow", width: 14, numFmt: PERCENT },
      { key: "reports.doc.satisfiedHigh", width: 14, numFmt: PERCENT },
    ],
    rows: report.scores.map((s) => [
      s.code,
      s.text[lang],
      s.n,
      s.mean,
      s.ci[0],
      s.ci[1],
      s.sd,
      s.se,
      s.satisfied.p,
      s.satisfied.ci[0],
      s.satisfied.ci[1],
    ]),
  };
}

const driverColumns: Column[] = [
  { key: "reports.doc.code", width: 14 },
  { key: "reports.doc.driver", width: 26 },
  { key: "reports.doc.question", width: 50 },
  { key: "reports.doc.r", width: 12, numFmt: COEFFICIENT },
  { key: "reports.doc.betaStd", width: 14, numFmt: COEFFICIENT },
  { key: "reports.doc.importance", width: 12, numFmt: PERCENT },
  { key: "reports.doc.performance", width: 12, numFmt: SCORE },
  { key: "reports.doc.quadrant", width: 26 },
];

const driverRow = (d: ReportDriver, lang: Lang): Cell[] => [
  d.code,
  driverName(d, lang),
  d.text[lang],
  d.r,
  d.betaStd,
  d.importance,
  d.performance,
  tFor(lang)(`reports.quadrants.${d.quadrant}`),
];

function summarySheet(report: ReportData, lang: Lang): Sheet {
  const t = tFor(lang);
  const h = report.headline;
  const rows: [string, Cell, string?][] = [
    [t("reports.doc.survey"), report.survey.title[lang]],
    [t("reports.doc.organization"), report.organization[lang]],
    [t("reports.doc.generated", { date: formatDateTime(lang, report.generatedAt) }), null],
    [t("reports.doc.filter", { filter: describeFilter(report.filter, lang) }), null],
    [t("reports.doc.versions"), report.versions.join(", ")],
    [t("reports.doc.responses"), report.n, "0"],
    [report.weighted ? t("reports.doc.weighted") : t("reports.doc.unweighted"), null],
  ];
  const overall = t("reports.doc.overallScore");
  const satisfied = t("reports.doc.satisfied");
  if (h)
    rows.push(
      [overall, h.mean, SCORE],
      [`${overall} — ${t("reports.doc.ciLow")}`, h.ci[0], SCORE],
      [`${overall} — ${t("reports.doc.ciHigh")}`, h.ci[1], SCORE],
      [satisfied, h.satisfied.p, PERCENT],
      [`${satisfied} — ${t("reports.doc.ciLow")}`, h.satisfied.ci[0], PERCENT],
      [`${satisfied} — ${t("reports.doc.ciHigh")}`, h.satisfied.ci[1], PERCENT],
    );
  else rows.push([t("reports.doc.noHeadline"), null]);
  if (report.drivers) rows.push(["R²", report.drivers.r2, COEFFICIENT]);
  for (const note of report.notes) rows.push([t("reports.doc.notes"), noteText(note, lang)]);
  return {
    name: t("reports.sheets.summary"),
    columns: [
      { key: "reports.doc.item", width: 60 },
      { key: "reports.doc.value", width: 60 },
    ],
    rows: rows.map(([label, value]) => [label, value]),
    valueFormats: rows.map((row) => row[2]),
  };
}

/** The tables of the report in one language, as the workbook and the CSV write them. */
export function reportSheets(report: ReportData, lang: Lang): Sheet[] {
  const t = tFor(lang);
  return [
    summarySheet(report, lang),
    scoresSheet(report, lang),
    {
      name: t("reports.sheets.drivers"),
      columns: driverColumns,
      rows: (report.drivers?.items ?? []).map((d) => driverRow(d, lang)),
    },
    {
      name: t("reports.sheets.priorities"),
      columns: driverColumns,
      rows: report.priorities.map((d) => driverRow(d, lang)),
    },
  ];
}

function writeSheet(workbook: ExcelJS.Workbook, sheet: Sheet, lang: Lang) {
  const t = tFor(lang);
  const ws = workbook.addWorksheet(sheet.name, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = sheet.columns.map((c) => ({
    header: neutralise(t(c.key)) as string,
    key: c.key,
    width: c.width,
    style: c.numFmt ? { numFmt: c.numFmt } : {},
  }));
  ws.getRow(1).font = { bold: true };
  sheet.rows.forEach((row, i) => {
    const added = ws.addRow(row.map(neutralise));
    const format = sheet.valueFormats?.[i];
    if (format) added.getCell(2).numFmt = format;
  });
}

/** The workbook: each table of each language of the report on its own sheet. */
export async function reportWorkbook(report: ReportData, language: ReportLanguage): Promise<Buffer> {
  const langs = languagesOf(language);
  const first = langs[0] ?? "en";
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Outside-In";
  workbook.title = `${tFor(first)("reports.doc.title")} — ${report.survey.title[first]}`;
  workbook.subject = tFor(first)("reports.doc.subject", { title: report.survey.title[first] });
  workbook.company = report.organization[first];
  workbook.created = report.generatedAt;
  for (const lang of langs) for (const sheet of reportSheets(report, lang)) writeSheet(workbook, sheet, lang);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * The scores by question as CSV (UTF-8 with a byte order mark, so Excel reads
 * accents right): the report's main table, one row per question. Numbers keep
 * their full precision and a decimal point, for other software to read.
 */
export function reportCsv(report: ReportData, lang: Lang): Buffer {
  const t = tFor(lang);
  const sheet = scoresSheet(report, lang);
  const rows = [sheet.columns.map((c) => t(c.key)), ...sheet.rows].map((row) => row.map(neutralise));
  return Buffer.from(stringify(rows, rfc4180ForExcel), "utf8");
}
