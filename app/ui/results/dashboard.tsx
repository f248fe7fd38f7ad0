import type { DashboardView } from "#app/modules/insights/dashboard-view.ts";
import { useLang, useT } from "#app/ui/use-root.ts";
import { DriversTable } from "./drivers.tsx";
import { count } from "./format.ts";
import { ResultsHeadline } from "./headline.tsx";
import { PriorityMatrix } from "./matrix.tsx";
import { ResultsNotes } from "./notes.tsx";
import { PrioritiesPanel } from "./priorities.tsx";
import { ScoresTable } from "./scores-table.tsx";
import { TrendTable } from "./trend.tsx";
import type { ResultsCharts } from "./charts.server.ts";
import "#app/ui/results.css";

/**
 * Every panel of a results dashboard, in reading order, from its view model
 * and the charts built from it in the loader (resultsCharts); the page and
 * share links use it.
 */
export function ResultsDashboard({ view, charts }: { view: DashboardView; charts?: ResultsCharts }) {
  const t = useT();
  const lang = useLang();
  const tooFew = view.notes.find((n) => n.key === "tooFewForDrivers");
  return (
    <div className="results">
      <ResultsHeadline view={view} />
      {view.drivers ? (
        <>
          <PrioritiesPanel priorities={view.priorities} />
          <PriorityMatrix drivers={view.drivers} chart={charts?.matrix} />
          <DriversTable drivers={view.drivers} />
        </>
      ) : view.headline ? (
        <section aria-labelledby="results-drivers" className="results-section">
          <h2 id="results-drivers">{t("results.drivers.title")}</h2>
          <p>
            {tooFew
              ? t("results.notes.tooFewForDrivers", { n: count(lang, tooFew.n), needed: count(lang, tooFew.needed) })
              : t("results.drivers.unavailable")}
          </p>
        </section>
      ) : null}
      <TrendTable trend={view.trend} chart={charts?.trend} />
      <ScoresTable scores={view.scores} chart={charts?.scores} />
      <ResultsNotes view={view} />
    </div>
  );
}
