// Kind 5: a survey against its peers, one row per question on the 0–100
// scale: a bar for the middle half of peers (1st to 3rd quartile), a line
// across it at the peer median, and a dot for the survey's own score.
import * as Plot from "@observablehq/plot";
import { tFor, type Lang } from "#app/i18n/i18n.ts";
import type { Position } from "#app/stats/benchmark.ts";
import { decimal, tick } from "./format.ts";
import type { ChartModel } from "./model.ts";
import { CHART_WIDTH, plotToSvg } from "./render.server.ts";

export interface BenchmarkSpec {
  kind: "benchmark";
  title: string;
  rowHeading: string;
  /** As published (app/stats/benchmark.ts): the peers' quartiles, and the survey's own score placed among them. */
  rows: { label: string; own: number; median: number; q1: number; q3: number; position: Position }[];
}

const ROW_HEIGHT = 52;
const MARGIN = { top: 24, right: 56, bottom: 44, left: 16 };

export function benchmarkChart(spec: BenchmarkSpec, lang: Lang): ChartModel {
  const t = tFor(lang);
  const rows = spec.rows.map((row, i) => ({
    ...row,
    key: String(i),
    right: Math.max(row.own, row.q3),
    value: decimal(lang, row.own),
  }));
  const above = spec.rows.filter((r) => r.own > r.median).length;
  const below = spec.rows.filter((r) => r.own < r.median).length;
  const summary = `${t("benchmark.chart.summary", { count: String(spec.rows.length), above: String(above), below: String(below) })} ${t("benchmark.chart.legend")}`;
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
        Plot.ruleY(rows, {
          y: "key",
          x1: "q1",
          x2: "q3",
          strokeWidth: 10,
          strokeOpacity: 0.35,
          dy: 8,
          className: "chart__bar",
        }),
        Plot.tickX(rows, {
          y: "key",
          x: "median",
          insetTop: 20,
          insetBottom: 12,
          strokeWidth: 3,
          className: "chart__ci",
        }),
        Plot.dot(rows, { y: "key", x: "own", r: 5, dy: 8, fill: "currentColor", className: "chart__point" }),
        Plot.text(rows, {
          y: "key",
          x: "right",
          text: "value",
          dx: 10,
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
    kind: "benchmark",
    title: spec.title,
    summary,
    svg,
    table: {
      head: [
        spec.rowHeading,
        t("benchmark.columns.own"),
        t("benchmark.columns.median"),
        t("benchmark.columns.quartiles"),
        t("benchmark.columns.position"),
      ],
      rows: spec.rows.map((row) => ({
        header: row.label,
        cells: [
          decimal(lang, row.own),
          decimal(lang, row.median),
          t("charts.interval", { lo: decimal(lang, row.q1), hi: decimal(lang, row.q3) }),
          t(`benchmark.bands.${row.position}`),
        ],
      })),
    },
  };
}
