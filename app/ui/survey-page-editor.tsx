import type { SurveyPage } from "#app/modules/measure/definition.ts";
import { PostForm } from "./form.tsx";
import { useLang, useT } from "./use-root.ts";

interface QuestionSummary {
  textEn: string;
  textFr: string;
  type: string;
  core: boolean;
}

/** A small one-button form acting on one item of the draft. */
function ItemButton({
  op,
  itemKey,
  label,
  extra,
}: {
  op: string;
  itemKey: string;
  label: string;
  extra?: Record<string, string>;
}) {
  return (
    <PostForm className="inline-form">
      <input type="hidden" name="op" value={op} />
      <input type="hidden" name="itemKey" value={itemKey} />
      {Object.entries(extra ?? {}).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <button type="submit" className="link-button">
        {label}
      </button>
    </PostForm>
  );
}

/** One page of a draft survey: its questions in both languages, and their controls. */
export function SurveyPageEditor({
  page,
  index,
  questions,
  editable,
}: {
  page: SurveyPage;
  index: number;
  questions: Record<string, QuestionSummary>;
  editable: boolean;
}) {
  const t = useT();
  const lang = useLang();
  const title = (lang === "fr" ? page.titleFr : page.titleEn) || t("surveys.untitled");
  return (
    <section className="survey-page" aria-labelledby={`page-${page.key}`}>
      <h2 id={`page-${page.key}`}>{t("surveys.pageN", { n: String(index + 1), title })}</h2>
      {page.items.length === 0 ? <p>{t("surveys.emptyPage")}</p> : null}
      <ol className="survey-items">
        {page.items.map((item) => {
          const q = questions[item.code];
          const name = `${item.code}`;
          return (
            <li key={item.key}>
              <div className="side-by-side">
                <p lang="en">{q?.textEn ?? t("surveys.missingQuestion")}</p>
                <p lang="fr">{q?.textFr ?? t("surveys.missingQuestion")}</p>
              </div>
              <p className="item-meta">
                <span className="code">{item.code}</span> · {q ? t(`bank.types.${q.type}`) : ""}
                {item.locked ? <span className="tag tag--core">{t("surveys.lockedCore")}</span> : null}
                {item.required ? <span className="tag">{t("surveys.required")}</span> : null}
              </p>
              {editable ? (
                <div className="item-actions">
                  <ItemButton
                    op="move"
                    itemKey={item.key}
                    extra={{ direction: "up" }}
                    label={t("surveys.moveUp", { name })}
                  />
                  <ItemButton
                    op="move"
                    itemKey={item.key}
                    extra={{ direction: "down" }}
                    label={t("surveys.moveDown", { name })}
                  />
                  <ItemButton
                    op="required"
                    itemKey={item.key}
                    extra={{ required: item.required ? "no" : "yes" }}
                    label={t(item.required ? "surveys.makeOptional" : "surveys.makeRequired", { name })}
                  />
                  {item.locked ? null : (
                    <ItemButton op="removeQuestion" itemKey={item.key} label={t("surveys.remove", { name })} />
                  )}
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
      {editable && page.items.length === 0 ? (
        <PostForm>
          <input type="hidden" name="op" value="removePage" />
          <input type="hidden" name="pageKey" value={page.key} />
          <button type="submit" className="link-button">
            {t("surveys.removePage", { n: String(index + 1) })}
          </button>
        </PostForm>
      ) : null}
    </section>
  );
}
