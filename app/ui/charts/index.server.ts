// Charts, server side: build a chart's model (SVG + caption + summary + data
// table) in a loader and hand it to <Chart>; or take the SVG alone (reports).
import type { Lang } from "#app/i18n/i18n.ts";
import { matrixChart, type MatrixSpec } from "./matrix.server.ts";
import type { ChartModel } from "./model.ts";
import { scoresChart, type ScoresSpec } from "./scores.server.ts";
import { sharesChart, type SharesSpec } from "./shares.server.ts";
import { trendChart, type TrendSpec } from "./trend.server.ts";

export type { ChartModel, ChartTable, Estimate } from "./model.ts";
export type { MatrixPoint, MatrixSpec } from "./matrix.server.ts";
export type { ScoresSpec } from "./scores.server.ts";
export type { SharesSpec } from "./shares.server.ts";
export type { TrendSeries, TrendSpec } from "./trend.server.ts";

export type ChartSpec = ScoresSpec | MatrixSpec | TrendSpec | SharesSpec;

/** The chart's model, for <Chart model={…} />. Pure and deterministic. */
export function renderChart(spec: ChartSpec, lang: Lang): ChartModel {
  switch (spec.kind) {
    case "scores":
      return scoresChart(spec, lang);
    case "matrix":
      return matrixChart(spec, lang);
    case "trend":
      return trendChart(spec, lang);
    case "shares":
      return sharesChart(spec, lang);
  }
}

/** The chart's SVG alone (role="img", <title>, <desc>), e.g. for a PDF report. */
export function chartSvg(spec: ChartSpec, lang: Lang): string {
  return renderChart(spec, lang).svg;
}
