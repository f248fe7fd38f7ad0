import { scales } from "#app/modules/measure/cmt-bank.ts";
import type { FrozenQuestion } from "#app/modules/measure/definition.ts";
import type { Lang } from "#app/i18n/paths.ts";
import { useT } from "../use-root.ts";

type Question = Pick<
  FrozenQuestion,
  "code" | "type" | "scale" | "options" | "min" | "max" | "textEn" | "textFr" | "helpEn" | "helpFr"
>;

/**
 * One question as a respondent sees it, in plain HTML that works without
 * JavaScript: choices are radio buttons or checkboxes in a fieldset whose
 * legend is the question; other answers are labelled inputs.
 */
export function QuestionField({ question: q, lang, required }: { question: Question; lang: Lang; required: boolean }) {
  const t = useT();
  const name = `q_${q.code}`;
  const text = lang === "fr" ? q.textFr : q.textEn;
  const help = lang === "fr" ? q.helpFr : q.helpEn;
  const hintId = help ? `${name}-hint` : undefined;
  const label = (
    <>
      {text}
      {required ? null : <span className="optional"> {t("respondent.optional")}</span>}
    </>
  );
  const choices = choicesOf(q, lang, t("respondent.notApplicable"));
  if (choices) {
    const multiple = q.type === "multi";
    return (
      <div className="field question">
        <fieldset aria-describedby={hintId}>
          <legend>{label}</legend>
          {help ? (
            <span className="hint" id={hintId}>
              {help}
            </span>
          ) : null}
          <div className={q.type === "scale10" ? "choices choices--inline" : "choices"}>
            {choices.map((c) => (
              <div className="choice" key={c.value}>
                <input type={multiple ? "checkbox" : "radio"} id={`${name}-${c.value}`} name={name} value={c.value} />
                <label htmlFor={`${name}-${c.value}`}>{c.label}</label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
    );
  }
  const long = q.type === "text_long";
  return (
    <div className="field question">
      <label htmlFor={name}>{label}</label>
      {help ? (
        <span className="hint" id={hintId}>
          {help}
        </span>
      ) : null}
      {long ? (
        <textarea id={name} name={name} rows={5} aria-describedby={hintId} />
      ) : (
        <input
          id={name}
          name={name}
          type={q.type === "date" ? "date" : "text"}
          inputMode={q.type === "number" ? "numeric" : undefined}
          className={q.type === "text_short" ? undefined : "input--short"}
          aria-describedby={hintId}
        />
      )}
    </div>
  );
}

function choicesOf(q: Question, lang: Lang, notApplicable: string) {
  if (q.type === "scale5") {
    const scale = scales[(q.scale ?? "satisfaction") as keyof typeof scales] ?? scales.satisfaction;
    return [
      ...scale.points.map((p) => ({ value: String(p.code), label: `${p.code} – ${lang === "fr" ? p.fr : p.en}` })),
      { value: "na", label: notApplicable },
    ];
  }
  if (q.type === "scale10") {
    return Array.from({ length: 11 }, (_, i) => ({ value: String(i), label: String(i) }));
  }
  if ((q.type === "single" || q.type === "multi") && q.options) {
    return q.options.map((o) => ({ value: o.code, label: lang === "fr" ? o.fr : o.en }));
  }
  return null;
}
