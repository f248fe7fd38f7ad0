import { choiceCodes } from "#app/modules/measure/choice-codes.ts";
import { scales } from "#app/modules/measure/cmt-bank.ts";
import type { SurveyItem } from "#app/modules/measure/definition.ts";
import type { Lang } from "#app/i18n/paths.ts";
import { PostForm } from "./form.tsx";
import { useLang, useT } from "./use-root.ts";

export interface QuestionSummary {
  textEn: string;
  textFr: string;
  type: string;
  core: boolean;
  scale: string | null;
  options: { code: string; en: string; fr: string }[] | null;
}

/** How an answer code reads: a scale point's or option's label, or the code itself. */
export function answerLabel(q: QuestionSummary, code: string, lang: Lang, notApplicable: string): string {
  if (q.type === "scale5") {
    if (code === "na") return notApplicable;
    const scale = scales[(q.scale ?? "satisfaction") as keyof typeof scales] ?? scales.satisfaction;
    const point = scale.points.find((p) => String(p.code) === code);
    return point ? `${code} – ${lang === "fr" ? point.fr : point.en}` : code;
  }
  const option = q.options?.find((o) => o.code === code);
  return option ? (lang === "fr" ? option.fr : option.en) : code;
}

/**
 * Skip logic for one item: tick one or more answers of one question on an
 * earlier page; the item is asked when any of them was given. Without
 * JavaScript every earlier question's answers are listed, each question in
 * its own fieldset.
 */
export function ShowIfForm({
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
  const groups = earlier.flatMap((code) => {
    const q = questions[code];
    const codes = q ? choiceCodes(q) : null;
    return q && codes ? [{ code, text: lang === "fr" ? q.textFr : q.textEn, q, codes }] : [];
  });
  if (groups.length === 0) return null;
  const ticked = new Set(item.showIf ? item.showIf.values.map((v) => `${item.showIf?.code}=${v}`) : []);
  const id = (value: string) => `showIf-${item.key}-${value.replace(/[^\w-]/g, "_")}`;
  return (
    <details className="show-if">
      <summary>{t("surveys.logic.summary", { name: item.code })}</summary>
      <PostForm>
        <input type="hidden" name="op" value="showIf" />
        <input type="hidden" name="itemKey" value={item.key} />
        <p className="hint">{t("surveys.logic.label")}</p>
        {groups.map((g) => (
          <fieldset key={g.code} className="show-if-question">
            <legend>
              {g.code} – {g.text}
            </legend>
            {g.codes.map((c) => {
              const value = `${g.code}=${c}`;
              return (
                <div className="choice" key={value}>
                  <input
                    type="checkbox"
                    id={id(value)}
                    name="condition"
                    value={value}
                    defaultChecked={ticked.has(value)}
                  />
                  <label htmlFor={id(value)}>{answerLabel(g.q, c, lang, na)}</label>
                </div>
              );
            })}
          </fieldset>
        ))}
        <div className="button-group">
          <button type="submit" className="button button--secondary">
            {t("surveys.logic.save")}
          </button>
          {item.showIf ? (
            <button type="submit" name="clear" value="yes" className="link-button">
              {t("surveys.logic.always")}
            </button>
          ) : null}
        </div>
      </PostForm>
    </details>
  );
}
