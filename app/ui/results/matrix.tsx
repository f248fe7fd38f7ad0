import type { DashboardView, DriverView } from "#app/modules/insights/dashboard-view.ts";
import { Chart } from "#app/ui/charts/chart.tsx";
import type { ChartModel } from "#app/ui/charts/model.ts";
import { useT } from "#app/ui/use-root.ts";

const names = (t: ReturnType<typeof useT>, list: DriverView[]) =>
  list.length ? list.map((d) => t(`bank.drivers.${d.driver}`)).join(", ") : t("results.matrix.none");

/**
 * The importance × performance matrix as a table: importance (above or below
 * the drivers' mean share) by performance (above or below their mean score),
 * each cell naming its drivers, with a sentence naming the priorities.
 */
export function PriorityMatrix({
  drivers,
  chart,
}: {
  drivers: NonNullable<DashboardView["drivers"]>;
  chart?: ChartModel | null;
}) {
  const t = useT();
  const cell = (quadrant: DriverView["quadrant"]) => drivers.items.filter((d) => d.quadrant === quadrant);
  const priorities = cell("priority");
  return (
    <section aria-labelledby="results-matrix" className="results-section">
      <h2 id="results-matrix">{t("results.matrix.title")}</h2>
      <p>
        {priorities.length
          ? t(priorities.length === 1 ? "results.matrix.summaryOne" : "results.matrix.summaryMany", {
              n: String(priorities.length),
              names: names(t, priorities),
            })
          : t("results.matrix.noPriority")}
      </p>
      {chart ? <Chart model={chart} /> : null}
      <div className="table-wrap">
        <table className="results-matrix">
          <caption>{t("results.matrix.caption")}</caption>
          <thead>
            <tr>
              <td />
              <th scope="col">{t("results.matrix.lowPerformance")}</th>
              <th scope="col">{t("results.matrix.highPerformance")}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t("results.matrix.highImportance")}</th>
              <td className="results-matrix__priority">
                <strong>{t("results.quadrants.priority")}</strong>
                <br />
                {names(t, priorities)}
              </td>
              <td>
                <strong>{t("results.quadrants.strength")}</strong>
                <br />
                {names(t, cell("strength"))}
              </td>
            </tr>
            <tr>
              <th scope="row">{t("results.matrix.lowImportance")}</th>
              <td>
                <strong>{t("results.quadrants.secondary")}</strong>
                <br />
                {names(t, cell("secondary"))}
              </td>
              <td>
                <strong>{t("results.quadrants.surplus")}</strong>
                <br />
                {names(t, cell("surplus"))}
              </td>
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}
