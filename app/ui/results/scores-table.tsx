import type { ScoreView } from "#app/modules/insights/dashboard-view.ts";
import { Chart } from "#app/ui/charts/chart.tsx";
import type { ChartModel } from "#app/ui/charts/model.ts";
import { useLang, useT } from "#app/ui/use-root.ts";
import { count, percent, percentInterval, score, scoreInterval, textOf } from "./format.ts";

/** Every scale question's score and share satisfied, with their intervals. */
export function ScoresTable({ scores, chart }: { scores: ScoreView[]; chart?: ChartModel | null }) {
  const t = useT();
  const lang = useLang();
  if (scores.length === 0) return null;
  return (
    <section aria-labelledby="results-scores" className="results-section">
      <h2 id="results-scores">{t("results.scores.title")}</h2>
      <p>{t("results.scores.intro")}</p>
      {chart ? <Chart model={chart} /> : null}
      <div className="table-wrap">
        <table>
          <caption>{t("results.scores.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("results.question")}</th>
              <th scope="col" className="num">
                {t("results.ratings")}
              </th>
              <th scope="col" className="num">
                {t("results.score")}
              </th>
              <th scope="col">{t("results.interval")}</th>
              <th scope="col" className="num">
                {t("results.satisfiedShare")}
              </th>
              <th scope="col">{t("results.interval")}</th>
            </tr>
          </thead>
          <tbody>
            {scores.map((q) => (
              <tr key={q.code}>
                <th scope="row">
                  {textOf(lang, q)} <span className="results-code">{q.code}</span>
                </th>
                <td className="num">{count(lang, q.n)}</td>
                <td className="num">{score(lang, q.mean)}</td>
                <td>{t("results.range", scoreInterval(lang, q.ci))}</td>
                <td className="num">{percent(lang, q.satisfied.p)}</td>
                <td>{t("results.range", percentInterval(lang, q.satisfied.ci))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
