// Kind 4: a cross-tab's row percentages as grouped bars — one group per row
// category (its name written above it), one labelled bar per column category,
// each bar's share written at its end. No legend, so no colour key to decode.
import * as Plot from "@observablehq/plot";
import { tFor, type Lang } from "#app/i18n/i18n.ts";
import { decimal, percent, tick } from "./format.ts";
import type { ChartModel } from "./model.ts";
import { plotToSvg } from "./render.server.ts";

export interface SharesSpec {
  kind: "shares";
  title: string;
  rowHeading: string;
  rows: string[];
  columns: string[];
  /** rowPercent[i][j]: share (0–100) of row i's cases in column j. */
  rowPercent: number[][];
  /** Cases (or weighted sums) in each row, for the table. */
  rowTotals?: number[];
  summary?: string;
}

const BAR = 22;
const GROUP_GAP = 34;

export function sharesChart(spec: SharesSpec, lang: Lang): ChartModel {
  const t = tFor(lang);
  const data = spec.rows.flatMap((row, i) =>
    spec.columns.map((column, j) => {
      const share = spec.rowPercent[i]?.[j] ?? NaN;
      return { row, column, share, text: percent(lang, share) };
    }),
  );
  const longest = Math.max(...spec.columns.map((c) => c.length), 4);
  const marginLeft = Math.min(200, 16 + 7 * longest);
  const facetHeight = BAR * spec.columns.length + GROUP_GAP;
  const summary = spec.summary ?? sharesSummary(spec, lang);
  const svg = plotToSvg(
    {
      height: 24 + 48 + facetHeight * Math.max(spec.rows.length, 1),
      marginTop: 24,
      marginRight: 64,
      marginBottom: 48,
      marginLeft,
      x: {
        domain: [0, 100],
        grid: true,
        label: t("charts.shares.axis"),
        labelAnchor: "center",
        tickFormat: tick(lang),
      },
      y: { domain: spec.columns, label: null, padding: 0.15 },
      fy: { domain: spec.rows, axis: null, paddingInner: GROUP_GAP / facetHeight },
      marks: [
        Plot.barX(data, {
          fy: "row",
          y: "column",
          x: "share",
          fill: "currentColor",
          fillOpacity: 0.55,
          stroke: "currentColor",
          className: "chart__bar",
        }),
        Plot.text(data, {
          fy: "row",
          y: "column",
          x: "share",
          text: "text",
          dx: 6,
          textAnchor: "start",
          className: "chart__value",
        }),
        Plot.text(spec.rows, {
          fy: (d) => d,
          text: (d) => d,
          frameAnchor: "top-left",
          dx: -marginLeft + 8,
          dy: -20,
          fontWeight: "bold",
          className: "chart__label",
        }),
        Plot.axisY({ tickSize: 0, lineWidth: (marginLeft - 16) / 7, className: "chart__axis" }),
      ],
    },
    { title: spec.title, desc: summary },
  );
  return {
    kind: "shares",
    title: spec.title,
    summary,
    svg,
    table: {
      head: [spec.rowHeading, ...spec.columns, ...(spec.rowTotals ? [t("charts.table.n")] : [])],
      rows: spec.rows.map((row, i) => ({
        header: row,
        cells: [
          ...spec.columns.map((_, j) => percent(lang, spec.rowPercent[i]?.[j] ?? NaN)),
          ...(spec.rowTotals ? [decimal(lang, spec.rowTotals[i] ?? NaN, 0)] : []),
        ],
      })),
    },
  };
}

function sharesSummary(spec: SharesSpec, lang: Lang): string {
  const t = tFor(lang);
  const largest = spec.rows.flatMap((row, i) => {
    const line = spec.rowPercent[i] ?? [];
    const j = line.reduce((best, x, k) => (x > (line[best] ?? -Infinity) ? k : best), 0);
    const column = spec.columns[j];
    return column === undefined
      ? []
      : [t("charts.shares.largest", { row, column, share: percent(lang, line[j] ?? NaN) })];
  });
  return largest.length ? t("charts.shares.summary", { list: largest.join("; ") }) : t("charts.shares.summaryEmpty");
}
