import { Form } from "react-router";
import { formatDate } from "#app/i18n/i18n.ts";
import type { mappingView } from "#app/modules/responses/import-view.server.ts";
import { type Errors, PostForm, SubmitButton, type Values } from "#app/ui/form.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";

type View = ReturnType<typeof mappingView>;

/** Step 2: which question each column of the file answers. */
export function MappingStep({ view, errors, values }: { view: View; errors: Errors; values: Values }) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <p>{t("import.mapping.intro")}</p>
      {view.versions.length > 1 ? (
        <Form method="get" className="inline-form">
          <input type="hidden" name="step" value="mapping" />
          <div className="field">
            <label htmlFor="version">{t("import.mapping.version")}</label>
            <span className="hint" id="version-hint">
              {t("import.mapping.versionHint")}
            </span>
            <select id="version" name="version" defaultValue={String(view.version)} aria-describedby="version-hint">
              {view.versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {t("import.mapping.versionOption", { n: String(v.version), date: formatDate(lang, v.publishedAt) })}
                </option>
              ))}
            </select>
          </div>
          <div className="actions">
            <SubmitButton variant="secondary">{t("import.mapping.showVersion")}</SubmitButton>
          </div>
        </Form>
      ) : null}
      <PostForm>
        <input type="hidden" name="intent" value="mapping" />
        <input type="hidden" name="version" value={view.version} />
        <div className="table-wrap">
          <table className="import-table">
            <caption>{t("import.mapping.caption", { n: String(view.version) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("import.mapping.column")}</th>
                <th scope="col">{t("import.mapping.examples")}</th>
                <th scope="col">{t("import.mapping.target")}</th>
              </tr>
            </thead>
            <tbody>
              {view.columns.map((c) => {
                const name = `col_${c.index}`;
                const error = errors?.[name];
                const chosen = values?.[name];
                return (
                  <tr key={c.index} className={error ? "row--error" : undefined}>
                    <th scope="row">
                      <label htmlFor={name}>{columnLabel(t, c)}</label>
                    </th>
                    <td>{c.examples.length > 0 ? c.examples.join(" · ") : t("import.mapping.noValues")}</td>
                    <td>
                      {error ? (
                        <span className="error-message" id={`${name}-error`}>
                          <span className="visually-hidden">{t("forms.errorPrefix")} </span>
                          {t(error)}
                        </span>
                      ) : null}
                      <select
                        id={name}
                        name={name}
                        defaultValue={typeof chosen === "string" ? chosen : c.target}
                        aria-invalid={error ? true : undefined}
                        aria-describedby={error ? `${name}-error` : undefined}
                      >
                        <option value="ignore">{t("import.mapping.ignore")}</option>
                        <optgroup label={t("import.mapping.details")}>
                          <option value="lang">{t("import.mapping.lang")}</option>
                          <option value="submittedAt">{t("import.mapping.submittedAt")}</option>
                        </optgroup>
                        <optgroup label={t("import.mapping.questions")}>
                          {view.questions.map((q) => (
                            <option key={q.code} value={`q:${q.code}`}>
                              {`${q.code} – ${q.text.length > 70 ? `${q.text.slice(0, 70)}…` : q.text}`}
                            </option>
                          ))}
                        </optgroup>
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <div className="field">
          <fieldset>
            <legend>{t("import.mapping.defaultLang")}</legend>
            <span className="hint">{t("import.mapping.defaultLangHint")}</span>
            {(["en", "fr"] as const).map((l) => (
              <div className="choice" key={l}>
                <input
                  type="radio"
                  id={l === "en" ? "defaultLang" : `defaultLang-${l}`}
                  name="defaultLang"
                  value={l}
                  defaultChecked={view.defaultLang === l}
                />
                <label htmlFor={l === "en" ? "defaultLang" : `defaultLang-${l}`}>
                  {t(`surveys.export.labelLangs.${l}`)}
                </label>
              </div>
            ))}
          </fieldset>
        </div>
        <div className="actions">
          <SubmitButton>{t("import.mapping.save")}</SubmitButton>
        </div>
      </PostForm>
    </>
  );
}

/** "Column C: Overall satisfaction", or "Column C (no heading)". */
export function columnLabel(t: ReturnType<typeof useT>, c: { letter: string; header: string }) {
  return c.header
    ? t("import.column", { letter: c.letter, header: c.header })
    : t("import.columnUnnamed", { letter: c.letter });
}
