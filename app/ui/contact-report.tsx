import type { ContactFileReport } from "#app/modules/responses/contact-file.ts";
import { useT } from "./use-root.ts";

/** The rows of an uploaded contact file that need correcting, by line of the file. */
export function ContactReport({ problems, problemCount, rowCount }: ContactFileReport) {
  const t = useT();
  return (
    <section aria-labelledby="contact-report-title">
      <h3 id="contact-report-title">{t("surveyInvitations.report.title")}</h3>
      <p>{t("surveyInvitations.report.intro", { count: problemCount, rows: rowCount })}</p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t("surveyInvitations.report.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("surveyInvitations.report.row")}</th>
              <th scope="col">{t("surveyInvitations.report.problem")}</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p) => (
              <tr key={`${p.row}-${p.problem}`}>
                <td>{p.row}</td>
                <td>
                  {t(`surveyInvitations.report.problems.${p.problem}`, {
                    value: p.value,
                    firstRow: p.firstRow ?? 0,
                  })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {problemCount > problems.length ? (
        <p>{t("surveyInvitations.report.more", { count: problemCount - problems.length })}</p>
      ) : null}
    </section>
  );
}
