// Kind 1: scores with their 95 % confidence intervals on the 0–100 scale, one
// row per question or group, the label written above each row.
import * as Plot from "@observablehq/plot";
import { tFor, type Lang } from "#app/i18n/i18n.ts";
import { decimal, tick } from "./format.ts";
import type { ChartModel, Estimate } from "./model.ts";
import { CHART_WIDTH, plotToSvg } from "./render.server.ts";

export interface ScoresSpec {
  kind: "scores";
  title: string;
  /** Heading of the table's first column (e.g. "Question", "Channel"). */
  rowHeading: string;
  rows: { label: string; estimate: Estimate }[];
  summary?: string;
}

const ROW_HEIGHT = 52;
const MARGIN = { top: 24, right: 56, bottom: 44, left: 16 };

export function scoresChart(spec: ScoresSpec, lang: Lang): ChartModel {
  const t = tFor(lang);
  const rows = spec.rows.map((row, i) => ({
    key: String(i),
    label: row.label,
    mean: row.estimate.mean,
    lo: row.estimate.ci[0],
    hi: row.estimate.ci[1],
    value: decimal(lang, row.estimate.mean),
  }));
  const summary = spec.summary ?? scoresSummary(spec, lang);
  const svg = plotToSvg(
    {
      height: MARGIN.top + MARGIN.bottom + ROW_HEIGHT * Math.max(rows.length, 1),
      marginTop: MARGIN.top,
      marginRight: MARGIN.right,
      marginBottom: MARGIN.bottom,
      marginLeft: MARGIN.left,
      x: { domain: [0, 100], grid: true, label: t("charts.scoreAxis"), labelAnchor: "center", tickFormat: tick(lang) },
      y: { domain: rows.map((r) => r.key), axis: null, padding: 0 },
      marks: [
        Plot.ruleY(rows, { y: "key", x1: "lo", x2: "hi", strokeWidth: 2, dy: 8, className: "chart__ci" }),
        Plot.tickX(rows, { y: "key", x: "lo", insetTop: 22, insetBottom: 14, strokeWidth: 2, className: "chart__ci" }),
        Plot.tickX(rows, { y: "key", x: "hi", insetTop: 22, insetBottom: 14, strokeWidth: 2, className: "chart__ci" }),
        Plot.dot(rows, { y: "key", x: "mean", r: 5, dy: 8, fill: "currentColor", className: "chart__point" }),
        Plot.text(rows, {
          y: "key",
          x: "hi",
          text: "value",
          dx: 8,
          dy: 8,
          textAnchor: "start",
          className: "chart__value",
        }),
        Plot.text(rows, {
          y: "key",
          x: 0,
          text: "label",
          dy: -12,
          textAnchor: "start",
          lineWidth: (CHART_WIDTH - MARGIN.left - MARGIN.right) / 7,
          textOverflow: "ellipsis",
          className: "chart__label",
        }),
      ],
    },
    { title: spec.title, desc: summary },
  );
  return {
    kind: "scores",
    title: spec.title,
    summary,
    svg,
    table: {
      head: [spec.rowHeading, t("charts.table.score"), t("charts.table.ci"), t("charts.table.n")],
      rows: spec.rows.map((row) => ({
        header: row.label,
        cells: [
          decimal(lang, row.estimate.mean),
          t("charts.interval", { lo: decimal(lang, row.estimate.ci[0]), hi: decimal(lang, row.estimate.ci[1]) }),
          row.estimate.n === undefined ? "—" : decimal(lang, row.estimate.n, 0),
        ],
      })),
    },
  };
}

function scoresSummary(spec: ScoresSpec, lang: Lang): string {
  const t = tFor(lang);
  const rows = spec.rows.filter((r) => Number.isFinite(r.estimate.mean));
  if (rows.length === 0) return t("charts.scores.summaryEmpty");
  const sorted = [...rows].sort((a, b) => b.estimate.mean - a.estimate.mean);
  const [high] = sorted;
  const low = sorted.at(-1);
  if (!high || !low) return t("charts.scores.summaryEmpty");
  if (rows.length === 1)
    return t("charts.scores.summaryOne", {
      label: high.label,
      value: decimal(lang, high.estimate.mean),
      lo: decimal(lang, high.estimate.ci[0]),
      hi: decimal(lang, high.estimate.ci[1]),
    });
  return t("charts.scores.summary", {
    high: high.label,
    highValue: decimal(lang, high.estimate.mean),
    low: low.label,
    lowValue: decimal(lang, low.estimate.mean),
  });
}
