// Kind 2: the importance × performance matrix. Quadrant lines at the mean
// importance and mean performance; every driver labelled; priorities for
// improvement drawn as filled triangles and named in their label, so colour
// never carries the meaning.
import * as Plot from "@observablehq/plot";
import { intlLocale, tFor, type Lang } from "#app/i18n/i18n.ts";
import { decimal, percent, tick } from "./format.ts";
import type { ChartModel } from "./model.ts";
import { plotToSvg } from "./render.server.ts";

export interface MatrixPoint {
  label: string;
  /** Share of R² explained by this driver, 0–1. */
  importance: number;
  /** Driver's mean score, 0–100. */
  performance: number;
  priority: boolean;
}

export interface MatrixSpec {
  kind: "matrix";
  title: string;
  rowHeading: string;
  points: MatrixPoint[];
  summary?: string;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export function matrixChart(spec: MatrixSpec, lang: Lang): ChartModel {
  const t = tFor(lang);
  const points = spec.points.map((p) => ({
    ...p,
    importancePct: 100 * p.importance,
    text: p.priority ? t("charts.matrix.priorityLabel", { label: p.label }) : p.label,
  }));
  const meanX = points.length ? mean(points.map((p) => p.performance)) : 50;
  const meanY = points.length ? mean(points.map((p) => p.importancePct)) : 0;
  const xs = points.map((p) => p.performance);
  const x0 = Math.max(0, Math.floor((Math.min(...xs, meanX) - 10) / 10) * 10);
  const x1 = Math.min(100, Math.ceil((Math.max(...xs, meanX) + 10) / 10) * 10);
  const yMax = Math.max(...points.map((p) => p.importancePct), meanY, 1) * 1.15;
  const mid = (x0 + x1) / 2;
  const left = points.filter((p) => p.performance <= mid);
  const right = points.filter((p) => p.performance > mid);
  const summary = spec.summary ?? matrixSummary(spec, lang);
  const corner = (frameAnchor: "top-left" | "top-right" | "bottom-left" | "bottom-right", key: string) =>
    Plot.text([t(key)], {
      frameAnchor,
      dx: frameAnchor.endsWith("left") ? 6 : -6,
      dy: frameAnchor.startsWith("top") ? 6 : -6,
      className: "chart__quadrant",
    });
  const svg = plotToSvg(
    {
      height: 420,
      marginTop: 24,
      marginRight: 24,
      marginBottom: 48,
      marginLeft: 56,
      x: {
        domain: [x0, x1],
        grid: true,
        label: t("charts.matrix.performanceAxis"),
        labelAnchor: "center",
        tickFormat: tick(lang),
      },
      y: {
        domain: [0, yMax],
        grid: true,
        label: t("charts.matrix.importanceAxis"),
        labelAnchor: "center",
        tickFormat: tick(lang),
      },
      marks: [
        Plot.ruleX([meanX], { strokeDasharray: "6,4", strokeWidth: 1.5, className: "chart__mean" }),
        Plot.ruleY([meanY], { strokeDasharray: "6,4", strokeWidth: 1.5, className: "chart__mean" }),
        corner("top-left", "charts.matrix.quadrantPriority"),
        corner("top-right", "charts.matrix.quadrantStrength"),
        corner("bottom-left", "charts.matrix.quadrantSecondary"),
        corner("bottom-right", "charts.matrix.quadrantMaintain"),
        Plot.dot(
          points.filter((p) => !p.priority),
          { x: "performance", y: "importancePct", r: 5, symbol: "circle", strokeWidth: 2, className: "chart__point" },
        ),
        Plot.dot(
          points.filter((p) => p.priority),
          {
            x: "performance",
            y: "importancePct",
            r: 7,
            symbol: "triangle2",
            fill: "currentColor",
            className: "chart__point chart__point--priority",
          },
        ),
        Plot.text(left, {
          x: "performance",
          y: "importancePct",
          text: "text",
          dx: 10,
          textAnchor: "start",
          className: "chart__label",
        }),
        Plot.text(right, {
          x: "performance",
          y: "importancePct",
          text: "text",
          dx: -10,
          textAnchor: "end",
          className: "chart__label",
        }),
      ],
    },
    { title: spec.title, desc: summary },
  );
  return {
    kind: "matrix",
    title: spec.title,
    summary,
    svg,
    table: {
      head: [
        spec.rowHeading,
        t("charts.matrix.importance"),
        t("charts.matrix.performance"),
        t("charts.matrix.priority"),
      ],
      rows: spec.points.map((p) => ({
        header: p.label,
        cells: [
          percent(lang, 100 * p.importance),
          decimal(lang, p.performance),
          p.priority ? t("charts.yes") : t("charts.no"),
        ],
      })),
    },
  };
}

function matrixSummary(spec: MatrixSpec, lang: Lang): string {
  const t = tFor(lang);
  const priorities = spec.points.filter((p) => p.priority).map((p) => p.label);
  const list = new Intl.ListFormat(intlLocale[lang], { type: "conjunction" }).format(priorities);
  return priorities.length ? t("charts.matrix.summary", { list }) : t("charts.matrix.summaryNone");
}
