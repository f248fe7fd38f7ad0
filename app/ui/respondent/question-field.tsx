import { scales } from "#app/modules/measure/cmt-bank.ts";
import type { FrozenQuestion } from "#app/modules/measure/definition.ts";
import type { Lang } from "#app/i18n/paths.ts";
import { useT } from "../use-root.ts";

export type Question = Pick<
  FrozenQuestion,
  "code" | "type" | "scale" | "options" | "min" | "max" | "textEn" | "textFr" | "helpEn" | "helpFr"
>;

export interface FieldError {
  key: string;
  params?: Record<string, string>;
}

/**
 * One question as a respondent sees it, in plain HTML that works without
 * JavaScript: choices are radio buttons or checkboxes in a fieldset whose
 * legend is the question; other answers are labelled inputs. Errors follow
 * GOV.UK: the message sits under the question and is part of its description.
 */
export function QuestionField({
  question: q,
  lang,
  required,
  value = [],
  error,
}: {
  question: Question;
  lang: Lang;
  required: boolean;
  value?: string[];
  error?: FieldError;
}) {
  const t = useT();
  const name = `q_${q.code}`;
  const text = lang === "fr" ? q.textFr : q.textEn;
  const help = lang === "fr" ? q.helpFr : q.helpEn;
  // A browser without a date picker shows a plain text box: say how to write the date.
  const dateFormat = q.type === "date";
  const describedBy =
    [help ? `${name}-hint` : null, dateFormat ? `${name}-format` : null, error ? `${name}-error` : null]
      .filter(Boolean)
      .join(" ") || undefined;
  const label = (
    <>
      {text}
      {required ? null : <span className="optional"> {t("respondent.optional")}</span>}
    </>
  );
  const extra = (
    <>
      {help ? (
        <span className="hint" id={`${name}-hint`}>
          {help}
        </span>
      ) : null}
      {dateFormat ? (
        <span className="hint" id={`${name}-format`}>
          {t("respondent.dateFormat")}
        </span>
      ) : null}
      {error ? (
        <span className="error-message" id={`${name}-error`}>
          <span className="visually-hidden">{t("forms.errorPrefix")} </span>
          {t(error.key, error.params ?? {})}
        </span>
      ) : null}
    </>
  );
  const className = error ? "field question field--error" : "field question";
  const choices = choicesOf(q, lang, t("respondent.notApplicable"));
  if (choices) {
    const multiple = q.type === "multi";
    return (
      <div className={className}>
        <fieldset aria-describedby={describedBy}>
          <legend>{label}</legend>
          {extra}
          <div className={q.type === "scale10" ? "choices choices--inline" : "choices"}>
            {choices.map((c, index) => (
              <div className="choice" key={c.value}>
                <input
                  type={multiple ? "checkbox" : "radio"}
                  // The first choice carries the question's id: the error summary links to it (GOV.UK).
                  id={index === 0 ? name : `${name}-${c.value}`}
                  name={name}
                  value={c.value}
                  defaultChecked={value.includes(c.value)}
                />
                <label htmlFor={index === 0 ? name : `${name}-${c.value}`}>{c.label}</label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
    );
  }
  const common = {
    id: name,
    name,
    defaultValue: value[0] ?? "",
    "aria-describedby": describedBy,
    "aria-invalid": error ? true : undefined,
  };
  return (
    <div className={className}>
      <label htmlFor={name}>{label}</label>
      {extra}
      {q.type === "text_long" ? (
        <textarea {...common} rows={5} />
      ) : (
        <input
          {...common}
          type={q.type === "date" ? "date" : "text"}
          inputMode={q.type === "number" ? "decimal" : undefined}
          className={q.type === "text_short" ? undefined : "input--short"}
        />
      )}
    </div>
  );
}

/** The fixed answers of a scale or choice question, in order; null for free answers. */
export function choicesOf(q: Question, lang: Lang, notApplicable: string) {
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
