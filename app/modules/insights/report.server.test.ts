import { inflateSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { reportPdf } from "#app/ui/report-pdf/report-pdf.server.tsx";
import { seededServices } from "#tests/support/fixtures.ts";
import { OVERALL_CODE } from "./questions.ts";
import { getReportData, type ReportData } from "./report-data.server.ts";
import { reportCsv, reportWorkbook } from "./report-files.server.ts";
import { getResponseSet } from "./response-set.server.ts";
import { analyzeResults } from "./results.ts";

let s: Awaited<ReturnType<typeof seededServices>>;
let analyst: TenantCtx;
let ontario: TenantCtx;
let passports: string;
let report: ReportData;

beforeAll(async () => {
  s = await seededServices();
  analyst = await s.tenantCtx("analyst@federal.example", "citizen-services-canada");
  ontario = await s.tenantCtx("admin@ontario.example", "ontario-service-delivery");
  const [row] = await s.db
    .select({ id: survey.id })
    .from(survey)
    .where(and(eq(survey.orgId, analyst.orgId), eq(survey.titleEn, "Passport services – in person")));
  passports = row?.id ?? "";
  report = await getReportData(analyst, passports, {});
});

/** The text a PDF shows: its content streams inflated, each string literal's bytes. */
function pdfText(bytes: Buffer): string {
  const raw = bytes.toString("latin1");
  const streams = [...raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].map((m) => {
    const body = Buffer.from(m[1] ?? "", "latin1");
    try {
      return inflateSync(body).toString("latin1");
    } catch {
      return body.toString("latin1");
    }
  });
  // pdfkit writes text as hex strings in TJ arrays: <48656c6c6f> 0 <...>,
  // in the standard fonts' WinAnsi encoding (’ is 0x92).
  const winAnsi = new TextDecoder("windows-1252");
  return streams
    .flatMap((content) => [...content.matchAll(/\[(.*?)\]\s*TJ/g)].map((m) => m[1] ?? ""))
    .map((tj) =>
      [...tj.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => winAnsi.decode(Buffer.from(h[1] ?? "", "hex"))).join(""),
    )
    .join("\n");
}

describe("a survey's report", () => {
  it("says what the results engine says", async () => {
    const set = await getResponseSet(analyst, passports, {});
    const results = analyzeResults(set.rows, {
      overall: set.questions.overall?.code ?? null,
      drivers: set.questions.drivers.map((q) => q.code),
      scales: set.questions.scales.map((q) => q.code),
    });
    // The report reads the pre-aggregated cells when they answer: the same figures to rounding.
    const close = (a: number | undefined, b: number | undefined) => expect(a).toBeCloseTo(b ?? NaN, 9);
    expect(report.n).toBe(results.n);
    const overall = results.items[OVERALL_CODE];
    expect(report.headline?.code).toBe(OVERALL_CODE);
    expect(report.headline?.n).toBe(overall?.n);
    close(report.headline?.mean, overall?.mean);
    close(report.headline?.ci[0], overall?.ci[0]);
    close(report.headline?.ci[1], overall?.ci[1]);
    close(report.headline?.satisfied.p, overall?.satisfied.p);
    close(report.headline?.satisfied.ci[1], overall?.satisfied.ci[1]);
    expect(report.scores.map((q) => q.code)).toEqual(Object.keys(results.items));
    for (const q of report.scores) {
      close(q.mean, results.items[q.code]?.mean);
      close(q.sd, results.items[q.code]?.sd);
    }
    close(report.drivers?.r2, results.drivers?.r2);
    expect(report.drivers?.items.map((d) => [d.code, d.quadrant])).toEqual(
      results.drivers?.items.map((d) => [d.item, d.quadrant]),
    );
    report.drivers?.items.forEach((d, i) => {
      close(d.importance, results.drivers?.items[i]?.importance);
      close(d.performance, results.drivers?.items[i]?.performance);
    });
    const priorities = results.drivers?.items.filter((d) => d.quadrant === "priority") ?? [];
    expect(priorities.length).toBeGreaterThan(0);
    expect(report.priorities.map((d) => d.code).sort()).toEqual(priorities.map((d) => d.item).sort());
    expect(report.organization.fr).not.toBe("");
  });

  it("is not found for another organization's member", async () => {
    await expect(getReportData(ontario, passports, {})).rejects.toMatchObject({ code: "NotFound" });
  });

  it("writes a PDF with its metadata and the headline, in French or in both languages", async () => {
    const french = await reportPdf(report, "fr");
    expect(french.subarray(0, 5).toString()).toBe("%PDF-");
    const raw = french.toString("latin1");
    expect(raw).toMatch(/\/Lang \(fr-CA\)/);
    expect(raw).toContain("/Outlines");
    const text = pdfText(french);
    expect(text).toContain("Rapport de résultats");
    expect(text).toContain("Note de satisfaction globale");
    const headline = new Intl.NumberFormat("fr-CA", { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
      report.headline?.mean ?? NaN,
    );
    expect(text).toContain(headline);
    expect(text).toContain("Priorités d’amélioration");
    const both = await reportPdf(report, "both");
    const bilingual = pdfText(both);
    expect(bilingual).toContain("Results report");
    expect(bilingual).toContain("Rapport de résultats");
    expect(bilingual.indexOf("Results report")).toBeLessThan(bilingual.indexOf("Rapport de résultats"));
  });

  it("writes a workbook with one sheet per table, with numbers as numbers", async () => {
    const bytes = await reportWorkbook(report, "en");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(["Summary", "Scores", "Drivers", "Priorities"]);
    const scores = book.getWorksheet("Scores");
    expect(scores?.getRow(1).getCell(4).value).toBe("Score");
    const overall = scores?.getRows(2, report.scores.length)?.find((r) => r.getCell(1).value === OVERALL_CODE);
    expect(overall?.getCell(4).value).toBe(report.headline?.mean);
    expect(overall?.getCell(4).numFmt).toBe("0.0");
    expect(overall?.getCell(9).value).toBe(report.headline?.satisfied.p);
    expect(overall?.getCell(9).numFmt).toBe("0.0%");
    const drivers = book.getWorksheet("Drivers");
    expect(drivers?.rowCount).toBe(1 + (report.drivers?.items.length ?? 0));
    const bilingual = new ExcelJS.Workbook();
    await bilingual.xlsx.load((await reportWorkbook(report, "both")) as unknown as ArrayBuffer);
    expect(bilingual.worksheets.map((w) => w.name)).toEqual([
      "Summary",
      "Scores",
      "Drivers",
      "Priorities",
      "Sommaire",
      "Notes",
      "Facteurs",
      "Priorités",
    ]);
  });

  it("keeps a question's wording from running as a formula, in the workbook and the CSV", async () => {
    const [first, ...rest] = report.scores;
    if (!first) throw new Error("no scores");
    const hostile: ReportData = {
      ...report,
      scores: [{ ...first, text: { en: '=HYPERLINK("http://evil.example")', fr: "+1+1" } }, ...rest],
    };
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await reportWorkbook(hostile, "en")) as unknown as ArrayBuffer);
    const cell = book.getWorksheet("Scores")?.getRow(2).getCell(2);
    expect(cell?.value).toBe('\'=HYPERLINK("http://evil.example")');
    expect(cell?.formula).toBeUndefined();
    const rows = parse(reportCsv(hostile, "fr").toString("utf8"), { bom: true }) as string[][];
    expect(rows[0]?.slice(0, 4)).toEqual(["Code", "Question", "n", "Note"]);
    expect(rows[1]?.[1]).toBe("'+1+1");
    expect(Number(rows[1]?.[3])).toBe(first.mean);
    expect(rows).toHaveLength(1 + report.scores.length);
  });
});
