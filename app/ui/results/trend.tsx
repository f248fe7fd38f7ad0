import type { DashboardView, TrendPoint } from "#app/modules/insights/dashboard-view.ts";
import type { TFunction } from "i18next";
import { formatNumber, intlLocale, type Lang } from "#app/i18n/i18n.ts";
import { Chart } from "#app/ui/charts/chart.tsx";
import type { ChartModel } from "#app/ui/charts/model.ts";
import { useLang, useT } from "#app/ui/use-root.ts";
import { count, monthYear, percent, percentInterval, score, scoreInterval } from "./format.ts";

type T = TFunction;

/** A period's name: a wave by its months, a calendar period by its year, quarter or month. */
export function periodLabel(t: T, lang: Lang, granularity: DashboardView["trend"]["granularity"], point: TrendPoint) {
  const from = new Date(point.from);
  const year = String(from.getUTCFullYear());
  if (granularity === "year") return year;
  if (granularity === "quarter") return t("results.trend.quarter", { q: String(from.getUTCMonth() / 3 + 1), year });
  if (granularity === "month") return monthYear(lang, point.from);
  const first = monthYear(lang, point.from);
  const last = monthYear(lang, point.to);
  return first === last ? first : t("results.trend.span", { from: first, to: last });
}

/** The label as a row heading: French month names are lower case. */
const heading = (label: string, lang: Lang) => label.charAt(0).toLocaleUpperCase(lang) + label.slice(1);

/**
 * A short label for a chart's axis: a wave by the year it ended when each
 * wave ends in a different year, else by its last month.
 */
export function shortPeriodLabel(t: T, lang: Lang, trend: DashboardView["trend"], point: TrendPoint) {
  if (trend.granularity !== "wave") return periodLabel(t, lang, trend.granularity, point);
  const years = trend.points.map((p) => p.to.slice(0, 4));
  if (new Set(years).size === years.length) return point.to.slice(0, 4);
  return new Intl.DateTimeFormat(intlLocale[lang], { month: "short", year: "numeric", timeZone: "UTC" }).format(
    new Date(point.to),
  );
}

/** Overall satisfaction period by period, as a table with a sentence saying how it moved. */
export function TrendTable({ trend, chart }: { trend: DashboardView["trend"]; chart?: ChartModel | null }) {
  const t = useT();
  const lang = useLang();
  const scored = trend.points.filter((p) => p.score);
  if (!trend.granularity || scored.length === 0) return null;
  const first = scored[0];
  const last = scored.at(-1);
  const change = (last?.score?.mean ?? 0) - (first?.score?.mean ?? 0);
  return (
    <section aria-labelledby="results-trend" className="results-section">
      <h2 id="results-trend">{t("results.trend.title")}</h2>
      <p>{t(`results.trend.by.${trend.granularity}`)}</p>
      {first && last && scored.length > 1 ? (
        <p>
          {t("results.trend.summary", {
            from: periodLabel(t, lang, trend.granularity, first),
            to: periodLabel(t, lang, trend.granularity, last),
            first: score(lang, first.score?.mean ?? 0),
            last: score(lang, last.score?.mean ?? 0),
            change: formatNumber(lang, change, {
              minimumFractionDigits: 1,
              maximumFractionDigits: 1,
              signDisplay: "exceptZero",
            }),
          })}
        </p>
      ) : (
        <p>{t(trend.points.length > 1 ? "results.trend.oneScored" : "results.trend.onePeriod")}</p>
      )}
      {chart ? <Chart model={chart} /> : null}
      <div className="table-wrap">
        <table>
          <caption>{t("results.trend.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("results.trend.period")}</th>
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
            {trend.points.map((p) => (
              <tr key={p.from}>
                <th scope="row">{heading(periodLabel(t, lang, trend.granularity, p), lang)}</th>
                {p.score ? (
                  <>
                    <td className="num">{count(lang, p.score.n)}</td>
                    <td className="num">{score(lang, p.score.mean)}</td>
                    <td>{t("results.range", scoreInterval(lang, p.score.ci))}</td>
                    <td className="num">{percent(lang, p.score.satisfied.p)}</td>
                    <td>{t("results.range", percentInterval(lang, p.score.satisfied.ci))}</td>
                  </>
                ) : (
                  <td colSpan={5}>{t("results.trend.tooFew", { count: p.n, n: count(lang, p.n) })}</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="results-hint">{t("results.trend.untested")}</p>
    </section>
  );
}
