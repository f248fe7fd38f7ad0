import type { DashboardView } from "#app/modules/insights/dashboard-view.ts";
import { formatNumber } from "#app/i18n/i18n.ts";
import { useLang, useT } from "#app/ui/use-root.ts";
import { count, percent, score, scoreInterval, textOf } from "./format.ts";

/** Each driver's performance with its interval, its share of what the model explains, r and quadrant. */
export function DriversTable({ drivers }: { drivers: NonNullable<DashboardView["drivers"]> }) {
  const t = useT();
  const lang = useLang();
  const byImportance = [...drivers.items].sort((a, b) => b.importance - a.importance);
  return (
    <section aria-labelledby="results-drivers" className="results-section">
      <h2 id="results-drivers">{t("results.drivers.title")}</h2>
      <p>
        {t("results.drivers.summary", {
          r2: percent(lang, drivers.r2),
          n: count(lang, drivers.n),
        })}
      </p>
      <div className="table-wrap">
        <table>
          <caption>{t("results.drivers.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("results.drivers.driver")}</th>
              <th scope="col" className="num">
                {t("results.drivers.importance")}
              </th>
              <th scope="col" className="num">
                {t("results.drivers.performance")}
              </th>
              <th scope="col">{t("results.interval")}</th>
              <th scope="col" className="num">
                {t("results.drivers.r")}
              </th>
              <th scope="col">{t("results.drivers.quadrant")}</th>
            </tr>
          </thead>
          <tbody>
            {byImportance.map((d) => (
              <tr key={d.code}>
                <th scope="row">
                  {t(`bank.drivers.${d.driver}`)}
                  <br />
                  <span className="results-question">{textOf(lang, d)}</span>
                </th>
                <td className="num">{percent(lang, d.importance)}</td>
                <td className="num">{score(lang, d.performance)}</td>
                <td>{t("results.range", scoreInterval(lang, d.ci))}</td>
                <td className="num">
                  {formatNumber(lang, d.r, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}
                </td>
                <td>{t(`results.quadrants.${d.quadrant}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="results-hint">{t("results.drivers.howRead")}</p>
    </section>
  );
}
