// What a rendered chart is, as plain data a loader can send to the page: the
// SVG string, its caption and summary, and the same numbers as a table.

export type ChartKind = "scores" | "matrix" | "trend" | "shares";

export interface ChartTable {
  /** Column headings; the first heads the row headings. */
  head: string[];
  /** One line per row: its heading, then the formatted cells. */
  rows: { header: string; cells: string[] }[];
}

export interface ChartModel {
  kind: ChartKind;
  title: string;
  /** One or two sentences saying what the chart shows. */
  summary: string;
  /** A standalone SVG document fragment (role="img", with <title> and <desc>). */
  svg: string;
  table: ChartTable;
}

/** A point estimate on the 0–100 scale with its 95 % confidence interval. */
export interface Estimate {
  mean: number;
  ci: readonly [number, number];
  n?: number;
}
