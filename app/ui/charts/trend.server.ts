// Kind 3: a score across periods (waves, quarters), each point with its 95 %
// confidence interval as a whisker. Several series are told apart by their
// line's dash, their symbol and a label at their last point, not by colour.
import * as Plot from "@observablehq/plot";
import { tFor, type Lang } from "#app/i18n/i18n.ts";
import { decimal, tick } from "./format.ts";
import type { ChartModel, Estimate } from "./model.ts";
import { plotToSvg } from "./render.server.ts";

export interface TrendSeries {
  label: string;
  points: { period: string; estimate: Estimate }[];
}

export interface TrendSpec {
  kind: "trend";
  title: string;
  /** Heading of the table's first column (e.g. "Period", "Wave"). */
  periodHeading: string;
  series: TrendSeries[];
  summary?: string;
}

const DASHES = ["none", "6,4", "2,3", "10,3,2,3"];
const SYMBOLS = ["circle", "square", "triangle", "diamond"] as const;

export function trendChart(spec: TrendSpec, lang: Lang): ChartModel {
  const t = tFor(lang);
  const periods = [...new Set(spec.series.flatMap((s) => s.points.map((p) => p.period)))];
  const all = spec.series.flatMap((s) => s.points.map((p) => p.estimate));
  const lo = Math.max(0, Math.floor((Math.min(...all.map((e) => e.ci[0]), 100) - 5) / 10) * 10);
  const hi = Math.min(100, Math.ceil((Math.max(...all.map((e) => e.ci[1]), 0) + 5) / 10) * 10);
  const spread = spec.series.length - 1;
  const marks = spec.series.flatMap((series, i) => {
    const dx = (i - spread / 2) * 10;
    const data = series.points.map((p) => ({
      period: p.period,
      mean: p.estimate.mean,
      lo: p.estimate.ci[0],
      hi: p.estimate.ci[1],
    }));
    const last = data.slice(-1).map((d) => ({ ...d, label: series.label }));
    return [
      Plot.ruleX(data, { x: "period", y1: "lo", y2: "hi", dx, strokeWidth: 2, className: "chart__ci" }),
      Plot.line(data, {
        x: "period",
        y: "mean",
        dx,
        strokeWidth: 2,
        strokeDasharray: DASHES[i % DASHES.length],
        className: "chart__line",
      }),
      Plot.dot(data, {
        x: "period",
        y: "mean",
        dx,
        r: 5,
        symbol: SYMBOLS[i % SYMBOLS.length],
        fill: "currentColor",
        className: "chart__point",
      }),
      Plot.text(last, {
        x: "period",
        y: "mean",
        text: (d) => `${d.label} ${decimal(lang, d.mean)}`,
        dx: dx + 10,
        textAnchor: "start",
        className: "chart__label",
      }),
    ];
  });
  const summary = spec.summary ?? trendSummary(spec, lang);
  const svg = plotToSvg(
    {
      height: 340,
      marginTop: 24,
      marginRight: 160,
      marginBottom: 48,
      marginLeft: 56,
      x: { domain: periods, type: "point", padding: 0.4, label: spec.periodHeading, labelAnchor: "center" },
      y: { domain: [lo, hi], grid: true, label: t("charts.scoreAxis"), labelAnchor: "center", tickFormat: tick(lang) },
      marks,
    },
    { title: spec.title, desc: summary },
  );
  const several = spec.series.length > 1;
  return {
    kind: "trend",
    title: spec.title,
    summary,
    svg,
    table: {
      head: [
        spec.periodHeading,
        ...(several ? [t("charts.trend.series")] : []),
        t("charts.table.score"),
        t("charts.table.ci"),
        t("charts.table.n"),
      ],
      rows: spec.series.flatMap((series) =>
        series.points.map((p) => ({
          header: p.period,
          cells: [
            ...(several ? [series.label] : []),
            decimal(lang, p.estimate.mean),
            t("charts.interval", { lo: decimal(lang, p.estimate.ci[0]), hi: decimal(lang, p.estimate.ci[1]) }),
            p.estimate.n === undefined ? "—" : decimal(lang, p.estimate.n, 0),
          ],
        })),
      ),
    },
  };
}

function trendSummary(spec: TrendSpec, lang: Lang): string {
  const t = tFor(lang);
  const sentences = spec.series.flatMap((series) => {
    const first = series.points[0];
    const last = series.points.at(-1);
    if (!first || !last) return [];
    return [
      t(series.points.length > 1 ? "charts.trend.summary" : "charts.trend.summaryOne", {
        label: series.label,
        first: decimal(lang, first.estimate.mean),
        firstPeriod: first.period,
        last: decimal(lang, last.estimate.mean),
        lastPeriod: last.period,
      }),
    ];
  });
  return sentences.length ? sentences.join(" ") : t("charts.trend.summaryEmpty");
}
