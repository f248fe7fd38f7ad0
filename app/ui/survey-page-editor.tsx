import { choiceCodes } from "#app/modules/measure/choice-codes.ts";
import { scales } from "#app/modules/measure/cmt-bank.ts";
import type { SurveyItem, SurveyPage } from "#app/modules/measure/definition.ts";
import type { Lang } from "#app/i18n/paths.ts";
import { PostForm } from "./form.tsx";
import { useLang, useT } from "./use-root.ts";

interface QuestionSummary {
  textEn: string;
  textFr: string;
  type: string;
  core: boolean;
  scale: string | null;
  options: { code: string; en: string; fr: string }[] | null;
}

/** How an answer code reads: a scale point's or option's label, or the code itself. */
function answerLabel(q: QuestionSummary, code: string, lang: Lang, notApplicable: string): string {
  if (q.type === "scale5") {
    if (code === "na") return notApplicable;
    const scale = scales[(q.scale ?? "satisfaction") as keyof typeof scales] ?? scales.satisfaction;
    const point = scale.points.find((p) => String(p.code) === code);
    return point ? `${code} – ${lang === "fr" ? point.fr : point.en}` : code;
  }
  const option = q.options?.find((o) => o.code === code);
  return option ? (lang === "fr" ? option.fr : option.en) : code;
}

/** Skip logic for one item: a choice of "question = answer" among questions on earlier pages. */
function ShowIfForm({
  item,
  earlier,
  questions,
}: {
  item: SurveyItem;
  earlier: string[];
  questions: Record<string, QuestionSummary>;
}) {
  const t = useT();
  const lang = useLang();
  const na = t("respondent.notApplicable");
  const options = earlier.flatMap((code) => {
    const q = questions[code];
    const codes = q ? choiceCodes(q) : null;
    return q && codes
      ? codes.map((c) => ({ value: `${code}=${c}`, label: `${code} = ${answerLabel(q, c, lang, na)}` }))
      : [];
  });
  if (options.length === 0) return null;
  const id = `showIf-${item.key}`;
  const current = item.showIf ? `${item.showIf.code}=${item.showIf.values[0] ?? ""}` : "";
  return (
    <details className="show-if">
      <summary>{t("surveys.logic.summary", { name: item.code })}</summary>
      <PostForm>
        <input type="hidden" name="op" value="showIf" />
        <input type="hidden" name="itemKey" value={item.key} />
        <label htmlFor={id}>{t("surveys.logic.label")}</label>
        <select id={id} name="condition" defaultValue={current}>
          <option value="">{t("surveys.logic.always")}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <button type="submit" className="button button--secondary">
          {t("surveys.logic.save")}
        </button>
      </PostForm>
    </details>
  );
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
  earlier,
}: {
  page: SurveyPage;
  index: number;
  questions: Record<string, QuestionSummary>;
  editable: boolean;
  /** Codes of the questions on earlier pages, which skip logic may test. */
  earlier: string[];
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
              {item.showIf ? (
                <p className="item-meta">
                  {t("surveys.logic.shownIf", {
                    code: item.showIf.code,
                    answers: item.showIf.values
                      .map((v) => {
                        const q = questions[item.showIf?.code ?? ""];
                        return q ? answerLabel(q, v, lang, t("respondent.notApplicable")) : v;
                      })
                      .join(", "),
                  })}
                </p>
              ) : null}
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
              {editable && !item.locked ? <ShowIfForm item={item} earlier={earlier} questions={questions} /> : null}
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
