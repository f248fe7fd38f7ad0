import type { DashboardView } from "#app/modules/insights/dashboard-view.ts";
import { useLang, useT } from "#app/ui/use-root.ts";
import { count, percent, percentInterval, rate, score, scoreInterval } from "./format.ts";

/** The Service Quality Score, the share satisfied, n and the response rates that apply. */
export function ResultsHeadline({ view }: { view: DashboardView }) {
  const t = useT();
  const lang = useLang();
  const { headline, rates } = view;
  return (
    <section aria-labelledby="results-headline" className="results-section">
      <h2 id="results-headline">{t("results.headline.title")}</h2>
      <dl className="results-kpis">
        {headline ? (
          <>
            <div>
              <dt>{t("results.headline.sqs")}</dt>
              <dd>
                <span className="results-kpi">{score(lang, headline.mean)}</span> {t("results.headline.outOf100")}
                <br />
                {t("results.ci", scoreInterval(lang, headline.ci))}
              </dd>
            </div>
            <div>
              <dt>{t("results.headline.satisfied")}</dt>
              <dd>
                <span className="results-kpi">{percent(lang, headline.satisfied.p)}</span>
                <br />
                {t("results.ci", percentInterval(lang, headline.satisfied.ci))}
              </dd>
            </div>
          </>
        ) : null}
        <div>
          <dt>{t("results.headline.n")}</dt>
          <dd>
            <span className="results-kpi">{count(lang, view.n)}</span>
            <br />
            {t(view.filtered ? "results.headline.nFiltered" : "results.headline.nAll")}
          </dd>
        </div>
        {rates.completion ? (
          <div>
            <dt>{t("results.rates.completion")}</dt>
            <dd>
              <span className="results-kpi">{rate(lang, rates.completion.complete, rates.completion.started)}</span>
              <br />
              {t("results.rates.completionDetail", {
                complete: count(lang, rates.completion.complete),
                started: count(lang, rates.completion.started),
              })}
            </dd>
          </div>
        ) : null}
        {rates.target ? (
          <div>
            <dt>{t("results.rates.target")}</dt>
            <dd>
              <span className="results-kpi">{rate(lang, rates.target.complete, rates.target.target)}</span>
              <br />
              {t("results.rates.targetDetail", {
                complete: count(lang, rates.target.complete),
                target: count(lang, rates.target.target),
              })}
            </dd>
          </div>
        ) : null}
        {rates.invitations ? (
          <div>
            <dt>{t("results.rates.invitations")}</dt>
            <dd>
              <span className="results-kpi">{rate(lang, rates.invitations.responded, rates.invitations.invited)}</span>
              <br />
              {t("results.rates.invitationsDetail", {
                responded: count(lang, rates.invitations.responded),
                invited: count(lang, rates.invitations.invited),
              })}
            </dd>
          </div>
        ) : null}
      </dl>
      {headline ? (
        <p>
          {t("results.headline.summary", {
            score: score(lang, headline.mean),
            ...scoreInterval(lang, headline.ci),
            satisfied: percent(lang, headline.satisfied.p),
            n: count(lang, headline.n),
          })}
        </p>
      ) : (
        <p>{t("results.headline.noOverall")}</p>
      )}
      {!view.rates.completion && view.filtered ? <p>{t("results.rates.noCompletion")}</p> : null}
    </section>
  );
}
