import { Link } from "react-router";
import { formatNumber } from "#app/i18n/i18n.ts";
import type { recodingView } from "#app/modules/responses/import-view.server.ts";
import { PostForm, SubmitButton } from "#app/ui/form.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";

type View = ReturnType<typeof recodingView>;
/** The choice that turns a value into a missing answer. */
export const MISSING = "(missing)";

/** Step 3: the code each value of the file stands for, for questions answered by codes. */
export function RecodingStep({ view }: { view: View }) {
  const t = useT();
  const lang = useLang();
  let n = 0;
  return (
    <>
      <p>{t("import.recoding.intro")}</p>
      {view.questions.every((q) => q.values.length === 0) ? (
        <Notice>
          <p>{t("import.recoding.nothing")}</p>
        </Notice>
      ) : null}
      <PostForm>
        <input type="hidden" name="intent" value="recoding" />
        <input type="hidden" name="hash" value={view.hash} />
        {view.questions
          .filter((q) => q.values.length > 0 || q.more)
          .map((q) => (
            <section key={q.code} className="import-question">
              <h2>
                <span className="code">{q.code}</span> {q.text}
              </h2>
              <p>{t("import.column", { letter: q.letter, header: q.header })}</p>
              {q.more ? (
                <Notice kind="warning">
                  <p>{t("import.recoding.more")}</p>
                </Notice>
              ) : null}
              <div className="table-wrap">
                <table className="import-table">
                  <caption className="visually-hidden">{t("import.recoding.caption", { letter: q.letter })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("import.recoding.value")}</th>
                      <th scope="col">{t("import.recoding.rows")}</th>
                      <th scope="col">{t("import.recoding.code")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {q.values.map((v) => {
                      const name = `r_${n++}`;
                      return (
                        <tr key={v.value}>
                          <th scope="row">
                            <label htmlFor={name}>{v.value}</label>
                          </th>
                          <td>{formatNumber(lang, v.count)}</td>
                          <td>
                            <select
                              id={name}
                              name={name}
                              defaultValue={v.selected === "" ? MISSING : (v.selected ?? "")}
                            >
                              <option value="">{t("import.recoding.unset")}</option>
                              <option value={MISSING}>{t("import.recoding.missing")}</option>
                              {q.options.map((o) => (
                                <option key={o.code} value={o.code}>
                                  {o.label ? `${o.code} – ${o.label}` : o.code}
                                </option>
                              ))}
                            </select>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </section>
          ))}
        <div className="actions">
          <SubmitButton>{t("import.recoding.save")}</SubmitButton>
        </div>
      </PostForm>
      <p>
        <Link to="?step=mapping">{t("import.changeMapping")}</Link>
      </p>
    </>
  );
}
