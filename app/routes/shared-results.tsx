import { data } from "react-router";
import { servicesContext } from "#app/context.ts";
import { formatDate, formatNumber, tFor } from "#app/i18n/i18n.ts";
import { type Lang, langOfPath } from "#app/i18n/paths.ts";
import { getSharedResults } from "#app/modules/insights/share-links.server.ts";
import { Notice } from "#app/ui/layout.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/shared-results";

/**
 * A survey's results through a share link: no sign-in, read-only, without
 * the questions the link leaves out, and never indexed. A revoked, expired
 * or unknown token is a plain 404.
 */
export async function loader({ params, context }: Route.LoaderArgs) {
  const { db } = context.get(servicesContext);
  const shared = await getSharedResults(db, params.token);
  if (!shared) throw data({ key: "shareLinks.gone" }, { status: 404, headers: PRIVATE });
  return data(shared, { headers: PRIVATE });
}

const PRIVATE = { "X-Robots-Tag": "noindex, nofollow", "Cache-Control": "private, no-store" };

export function headers({ loaderHeaders, errorHeaders }: Route.HeadersArgs) {
  return errorHeaders ?? loaderHeaders;
}

export const meta: Route.MetaFunction = ({ location, loaderData }) => {
  const lang = langOfPath(location.pathname);
  const t = tFor(lang);
  const title = loaderData ? (lang === "fr" ? loaderData.survey.titleFr : loaderData.survey.titleEn) : "";
  return [
    { title: `${t("shareLinks.sharedTitle", { title })} — Outside-In` },
    { name: "robots", content: "noindex, nofollow" },
  ];
};

const score = (lang: Lang, value: number) =>
  Number.isFinite(value) ? formatNumber(lang, value, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) : "—";
const percent = (lang: Lang, value: number) =>
  Number.isFinite(value)
    ? formatNumber(lang, value, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 })
    : "—";

export default function SharedResults({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { survey: s, questions, results, link } = loaderData;
  const text = (q: { textEn: string; textFr: string }) => (lang === "fr" ? q.textFr : q.textEn);
  const drivers = results.drivers;
  return (
    <>
      <p className="kicker">{t("shareLinks.kicker")}</p>
      <h1>{text({ textEn: s.titleEn, textFr: s.titleFr })}</h1>
      <Notice>
        <p>{t("shareLinks.readOnly")}</p>
        {link.expiresAt ? <p>{t("shareLinks.until", { date: formatDate(lang, link.expiresAt) })}</p> : null}
      </Notice>
      <dl className="summary-list">
        <dt>{t("shareLinks.responses")}</dt>
        <dd>{formatNumber(lang, results.n)}</dd>
        <dt>{t("shareLinks.weighting")}</dt>
        <dd>{t(results.weighted ? "shareLinks.weighted" : "shareLinks.unweighted")}</dd>
      </dl>
      <h2 id="scores">{t("shareLinks.scoresHeading")}</h2>
      <p>{t("shareLinks.scoresIntro")}</p>
      {questions.scales.length === 0 ? (
        <p>{t("shareLinks.noScores")}</p>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="scores">
            <thead>
              <tr>
                <th scope="col">{t("shareLinks.question")}</th>
                <th scope="col">{t("shareLinks.n")}</th>
                <th scope="col">{t("shareLinks.score")}</th>
                <th scope="col">{t("shareLinks.ci")}</th>
                <th scope="col">{t("shareLinks.satisfied")}</th>
              </tr>
            </thead>
            <tbody>
              {questions.scales.map((q) => {
                const item = results.items[q.code];
                return (
                  <tr key={q.code}>
                    <th scope="row">{text(q)}</th>
                    {item ? (
                      <>
                        <td>{formatNumber(lang, item.n, { maximumFractionDigits: 1 })}</td>
                        <td>{score(lang, item.mean)}</td>
                        <td>
                          {t("shareLinks.range", { low: score(lang, item.ci[0]), high: score(lang, item.ci[1]) })}
                        </td>
                        <td>{percent(lang, item.satisfied.p)}</td>
                      </>
                    ) : (
                      <td colSpan={4}>{t("shareLinks.tooFew")}</td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {drivers ? (
        <>
          <h2 id="drivers">{t("shareLinks.driversHeading")}</h2>
          <p>{t("shareLinks.driversIntro", { n: formatNumber(lang, drivers.n), r2: percent(lang, drivers.r2) })}</p>
          <div className="table-wrap">
            <table aria-labelledby="drivers">
              <thead>
                <tr>
                  <th scope="col">{t("shareLinks.question")}</th>
                  <th scope="col">{t("shareLinks.importance")}</th>
                  <th scope="col">{t("shareLinks.score")}</th>
                  <th scope="col">{t("shareLinks.quadrant")}</th>
                </tr>
              </thead>
              <tbody>
                {drivers.items.map((d) => {
                  const q = questions.drivers.find((item) => item.code === d.item);
                  return (
                    <tr key={d.item}>
                      <th scope="row">{q ? text(q) : d.item}</th>
                      <td>{percent(lang, d.importance)}</td>
                      <td>{score(lang, d.performance)}</td>
                      <td>{t(`shareLinks.quadrants.${d.quadrant}`)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  );
}
