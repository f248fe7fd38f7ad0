// --format table: the report as aligned plain-text tables for a terminal.
import type { Report } from "./analysis.ts";

type Align = "left" | "right";

/** Columns padded to their widest cell, two spaces apart, a rule under the header. */
export function renderTable(header: string[], rows: string[][], align: Align[]): string {
  const widths = header.map((title, j) => Math.max(title.length, ...rows.map((row) => (row[j] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, j) => (align[j] === "left" ? cell.padEnd(widths[j] ?? 0) : cell.padStart(widths[j] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const fixed = (digits: number) => (x: number) => (Number.isFinite(x) ? x.toFixed(digits) : "NA");
const score = fixed(1);
const coefficient = fixed(3);
const percent = (share: number) => (Number.isFinite(share) ? `${(100 * share).toFixed(1)} %` : "NA");
const interval = (format: (x: number) => string, [low, high]: [number, number]) => `${format(low)} to ${format(high)}`;
const pValue = (p: number) => (!Number.isFinite(p) ? "NA" : p < 0.001 ? "< 0.001" : p.toFixed(3));

function items(report: Report): string {
  const rows = Object.entries(report.items).map(([item, s]) => [
    item,
    String(s.n),
    score(s.mean),
    score(s.sd),
    score(s.se),
    interval(score, s.ci),
    percent(s.satisfied.p),
    interval(percent, s.satisfied.ci),
  ]);
  const header = ["Item", "n", "Mean", "SD", "SE", "95 % CI", "Satisfied (4-5)", "95 % CI"];
  return `Scores (0-100)\n${renderTable(header, rows, ["left", ...Array<Align>(7).fill("right")])}`;
}

function drivers(report: Report, overall: string): string {
  const { n, r2, items } = report.drivers;
  const rows = items.map((d) => [
    d.item,
    coefficient(d.r),
    coefficient(d.beta),
    coefficient(d.betaStd),
    coefficient(d.lmg),
    percent(d.importance),
    score(d.performance),
    d.quadrant === "priority" ? "PRIORITY" : d.quadrant,
  ]);
  const header = ["Driver", "r", "Beta", "Std beta", "LMG", "Importance", "Performance", "Quadrant"];
  const title = `Drivers of ${overall} (${n} complete cases, R² = ${coefficient(r2)})`;
  return `${title}\n${renderTable(header, rows, ["left", ...Array<Align>(6).fill("right"), "left"])}`;
}

function crosstab(crosstabReport: NonNullable<Report["crosstab"]>): string {
  const { by, item, table, chi2, df, p, cramersV, raoScott } = crosstabReport;
  const rows = table.rows.map((label, i) => [
    label,
    ...(table.counts[i] ?? []).map((count) => (Number.isInteger(count) ? String(count) : count.toFixed(1))),
    ...(table.rowPercent[i] ?? []).map((share) => `${share.toFixed(1)} %`),
  ]);
  const header = [by, ...table.columns, ...table.columns.map((c) => `% ${c}`)];
  const test = raoScott
    ? `Rao-Scott F = ${raoScott.f.toFixed(3)} on ${raoScott.ndf.toFixed(2)} and ${raoScott.ddf.toFixed(1)} df`
    : `chi-square = ${chi2.toFixed(3)} on ${df} df`;
  const title = `${item} satisfied (4-5) by ${by}: ${test}, p = ${pValue(p)}, Cramér's V = ${coefficient(cramersV)}`;
  return `${title}\n${renderTable(header, rows, ["left", ...Array<Align>(header.length - 1).fill("right")])}`;
}

function comparison(c: NonNullable<Report["comparison"]>): string {
  const [first, second] = c.groups;
  const rows = c.groups.map((g) => [g.label, String(g.n), score(g.mean)]);
  const title =
    `${c.item} by ${c.by}: ${second.label} - ${first.label} = ${score(c.diff)} points ` +
    `(95 % CI ${interval(score, c.ci)}; t = ${c.t.toFixed(3)}, df = ${c.df.toFixed(1)}, p = ${pValue(c.p)})`;
  return `${title}\n${renderTable([c.by, "n", "Mean"], rows, ["left", "right", "right"])}`;
}

export function formatReport(report: Report, file: string, overall: string): string {
  const weighting = report.raking
    ? `, raked to ${report.raking.columns.join(" and ")}${report.weight ? ` from "${report.weight}"` : ""}`
    : report.weight
      ? `, weighted by "${report.weight}"`
      : ", unweighted";
  const sections = [`${file}: ${report.n} respondents${weighting}`, items(report), drivers(report, overall)];
  if (report.crosstab) sections.push(crosstab(report.crosstab));
  if (report.comparison) sections.push(comparison(report.comparison));
  if (report.warnings.length > 0) sections.push(report.warnings.map((w) => `Warning: ${w}`).join("\n"));
  return `${sections.join("\n\n")}\n`;
}
