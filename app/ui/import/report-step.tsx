import { Link } from "react-router";
import { formatNumber } from "#app/i18n/i18n.ts";
import type { reportView } from "#app/modules/responses/import-view.server.ts";
import { type ErrorParams, type Errors, FileField, PostForm, SubmitButton } from "#app/ui/form.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import { columnLabel } from "./mapping-step.tsx";

type View = ReturnType<typeof reportView>;

/** Step 4: what the dry run found, and the commit once it found nothing wrong. */
export function ReportStep({ view, errors, params }: { view: View; errors: Errors; params: ErrorParams }) {
  const t = useT();
  const lang = useLang();
  const report = view.report;
  if (!report) return null;
  const n = (value: number) => formatNumber(lang, value);
  const column = (index: number | null) => {
    const c = index === null ? undefined : view.columns[index];
    return c ? columnLabel(t, c) : t("import.report.wholeRow");
  };
  return (
    <>
      <dl className="summary-list">
        <dt>{t("import.report.valid")}</dt>
        <dd>{n(report.valid)}</dd>
        <dt>{t("import.report.invalid")}</dt>
        <dd>{n(report.invalid)}</dd>
        <dt>{t("import.report.errors")}</dt>
        <dd>{n(report.errors)}</dd>
      </dl>
      {report.errors === 0 ? (
        <>
          <Notice kind="success">
            <p>{t("import.report.ready", { count: n(report.valid) })}</p>
          </Notice>
          <h2>{t("import.report.commitHeading")}</h2>
          <p>{t("import.report.commitIntro", { count: n(report.valid), version: String(view.version) })}</p>
          <PostForm>
            <input type="hidden" name="intent" value="commit" />
            <div className="actions">
              <SubmitButton>{t("import.report.commit", { count: n(report.valid) })}</SubmitButton>
            </div>
          </PostForm>
        </>
      ) : (
        <>
          <Notice kind="warning">
            <p>{t("import.report.hasErrors", { count: n(report.invalid) })}</p>
          </Notice>
          <div className="table-wrap">
            <table>
              <caption>{t("import.report.byColumn")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("import.report.column")}</th>
                  <th scope="col">{t("import.report.problem")}</th>
                  <th scope="col">{t("import.report.count")}</th>
                </tr>
              </thead>
              <tbody>
                {report.byColumn.map((c) => (
                  <tr key={`${c.column}|${c.reason}`}>
                    <th scope="row">{column(c.column)}</th>
                    <td>{t(`ingest.reasons.${c.reason}`, { defaultValue: c.reason })}</td>
                    <td>{n(c.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-wrap">
            <table>
              <caption>{t("import.report.first", { count: n(report.first.length), total: n(report.errors) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("import.report.row")}</th>
                  <th scope="col">{t("import.report.column")}</th>
                  <th scope="col">{t("import.report.question")}</th>
                  <th scope="col">{t("import.report.value")}</th>
                  <th scope="col">{t("import.report.problem")}</th>
                </tr>
              </thead>
              <tbody>
                {report.first.map((e) => (
                  <tr key={`${e.row}|${e.column}|${e.code}|${e.reason}`}>
                    <td>{e.row}</td>
                    <td>{column(e.column)}</td>
                    <td>
                      {e.code ? (
                        <>
                          <span className="code">{e.code}</span> {view.questions[e.code] ?? ""}
                        </>
                      ) : null}
                    </td>
                    <td>{e.value ?? ""}</td>
                    <td>{t(`ingest.errors.${e.reason}`, e.params ?? {})}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            <a href="?download=errors" download>
              {t("import.report.download")}
            </a>
          </p>
        </>
      )}
      <ul>
        <li>
          <Link to="?step=mapping">{t("import.changeMapping")}</Link>
        </li>
        <li>
          <Link to="?step=recoding">{t("import.changeRecoding")}</Link>
        </li>
      </ul>
      <h2>{t("import.report.replaceHeading")}</h2>
      <PostForm encType="multipart/form-data">
        <input type="hidden" name="intent" value="replace" />
        <FileField
          name="file"
          label={t("fields.file")}
          hint={t("import.report.replaceHint")}
          errors={errors}
          errorParams={params}
        />
        <div className="actions">
          <SubmitButton variant="secondary">{t("import.report.replace")}</SubmitButton>
        </div>
      </PostForm>
      <h2>{t("import.report.discardHeading")}</h2>
      <p>{t("import.report.discardIntro")}</p>
      <PostForm>
        <input type="hidden" name="intent" value="discard" />
        <div className="actions">
          <SubmitButton variant="danger">{t("import.report.discard")}</SubmitButton>
        </div>
      </PostForm>
    </>
  );
}
