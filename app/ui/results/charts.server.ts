// The results dashboard's charts, built in the loader from the view model
// (Observable Plot renders SVG on the server; each chart carries its own data
// table and summary). Share links and reports build them the same way.
import { tFor, type Lang } from "#app/i18n/i18n.ts";
import type { DashboardView } from "#app/modules/insights/dashboard-view.ts";
import { type ChartModel, renderChart } from "#app/ui/charts/index.server.ts";
import { textOf } from "./format.ts";
import { shortPeriodLabel } from "./trend.tsx";

export interface ResultsCharts {
  scores: ChartModel | null;
  matrix: ChartModel | null;
  trend: ChartModel | null;
}

export function resultsCharts(view: DashboardView, lang: Lang): ResultsCharts {
  const t = tFor(lang);
  const drivers = view.drivers;
  const scored = view.trend.points.filter((p) => p.score);
  return {
    scores: view.scores.length
      ? renderChart(
          {
            kind: "scores",
            title: t("results.scores.caption"),
            rowHeading: t("results.question"),
            rows: view.scores.map((q) => ({ label: textOf(lang, q), estimate: { mean: q.mean, ci: q.ci, n: q.n } })),
          },
          lang,
        )
      : null,
    matrix:
      drivers && drivers.items.length > 1
        ? renderChart(
            {
              kind: "matrix",
              title: t("results.matrix.title"),
              rowHeading: t("results.drivers.driver"),
              points: drivers.items.map((d) => ({
                label: t(`bank.drivers.${d.driver}`),
                importance: d.importance,
                performance: d.performance,
                priority: d.quadrant === "priority",
              })),
            },
            lang,
          )
        : null,
    trend:
      view.trend.granularity && scored.length > 1
        ? renderChart(
            {
              kind: "trend",
              title: t("results.trend.caption"),
              periodHeading: t("results.trend.period"),
              series: [
                {
                  label: t("results.trend.series"),
                  points: scored.map((p) => ({
                    period: shortPeriodLabel(t, lang, view.trend, p),
                    estimate: { mean: p.score?.mean ?? NaN, ci: p.score?.ci ?? [NaN, NaN], n: p.score?.n },
                  })),
                },
              ],
            },
            lang,
          )
        : null,
  };
}
