import { certificationPrograms, csmbokTopics, learningFor } from "#app/modules/insights/csmbok.ts";
import type { DriverView } from "#app/modules/insights/dashboard-view.ts";
import { useLang, useT } from "#app/ui/use-root.ts";
import { percent, score, scoreInterval } from "./format.ts";

/**
 * The priorities for improvement, most important first, each with the CSMBoK
 * topics and certification programs that teach what improves it. Plain text:
 * the course pages arrive with Learn & Certify, and the panel says so.
 */
export function PrioritiesPanel({ priorities }: { priorities: DriverView[] }) {
  const t = useT();
  const lang = useLang();
  return (
    <section aria-labelledby="results-priorities" className="results-section results-priorities">
      <h2 id="results-priorities">{t("results.priorities.title")}</h2>
      {priorities.length === 0 ? (
        <p>{t("results.matrix.noPriority")}</p>
      ) : (
        <>
          <p>{t("results.priorities.intro")}</p>
          <ol>
            {priorities.map((d) => {
              const learning = learningFor(d.driver);
              return (
                <li key={d.code}>
                  <h3>{t(`bank.drivers.${d.driver}`)}</h3>
                  <p>
                    {t("results.priorities.numbers", {
                      importance: percent(lang, d.importance),
                      score: score(lang, d.performance),
                      ...scoreInterval(lang, d.ci),
                    })}
                  </p>
                  {learning ? (
                    <>
                      <p>{lang === "fr" ? learning.focusFr : learning.focusEn}</p>
                      <dl className="summary-list">
                        <dt>{t("csmbok.topics")}</dt>
                        <dd>{learning.topics.map((topic) => csmbokTopics[topic][lang]).join(" · ")}</dd>
                        <dt>{t("csmbok.programs")}</dt>
                        <dd>
                          <ul>
                            {learning.programs.map((p) => {
                              const program = certificationPrograms[p];
                              return (
                                <li key={p}>
                                  {program[lang]} — {lang === "fr" ? program.audienceFr : program.audienceEn}
                                </li>
                              );
                            })}
                          </ul>
                        </dd>
                      </dl>
                    </>
                  ) : null}
                </li>
              );
            })}
          </ol>
          <p className="results-hint">{t("csmbok.comingSoon")}</p>
        </>
      )}
    </section>
  );
}
