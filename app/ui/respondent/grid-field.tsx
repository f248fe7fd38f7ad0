import type { Lang } from "#app/i18n/paths.ts";
import { useT } from "../use-root.ts";
import { choicesOf, type FieldError, type Question } from "./question-field.tsx";

export interface GridRow {
  key: string;
  required: boolean;
  question: Question;
  value: string[];
  error?: FieldError;
}

/**
 * Scale questions under one stem, as a grid on wide screens and as a list of
 * small questions on a phone. Every row is its own fieldset whose legend is
 * the row's question, and every radio keeps its own visible-or-hidden label,
 * so a screen reader hears "Courtesy of staff, 4 – Satisfied" without having
 * to work out a table. The column headings are for sighted users only.
 */
export function GridField({ stem, rows, lang }: { stem: string; rows: GridRow[]; lang: Lang }) {
  const t = useT();
  const first = rows[0];
  if (!first) return null;
  const columns = choicesOf(first.question, lang, t("respondent.notApplicable")) ?? [];
  const stemId = `grid-${first.key}`;
  return (
    <div className={`question grid-question grid-question--${columns.length}`} role="group" aria-labelledby={stemId}>
      <p className="grid-stem" id={stemId}>
        {stem}
      </p>
      <div className="grid-head" aria-hidden="true">
        <span />
        {columns.map((c) => (
          <span key={c.value}>{c.label}</span>
        ))}
      </div>
      {rows.map((row) => (
        <GridRowField key={row.key} row={row} lang={lang} />
      ))}
    </div>
  );
}

function GridRowField({ row, lang }: { row: GridRow; lang: Lang }) {
  const t = useT();
  const q = row.question;
  const name = `q_${q.code}`;
  const help = lang === "fr" ? q.helpFr : q.helpEn;
  const choices = choicesOf(q, lang, t("respondent.notApplicable")) ?? [];
  const describedBy =
    [help ? `${name}-hint` : null, row.error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset className={row.error ? "grid-row field--error" : "grid-row"} aria-describedby={describedBy}>
      <legend>
        {lang === "fr" ? q.textFr : q.textEn}
        {row.required ? null : <span className="optional"> {t("respondent.optional")}</span>}
      </legend>
      {help ? (
        <span className="hint" id={`${name}-hint`}>
          {help}
        </span>
      ) : null}
      {row.error ? (
        <span className="error-message" id={`${name}-error`}>
          <span className="visually-hidden">{t("forms.errorPrefix")} </span>
          {t(row.error.key, row.error.params ?? {})}
        </span>
      ) : null}
      <div className="grid-choices">
        {choices.map((c, index) => {
          const id = index === 0 ? name : `${name}-${c.value}`;
          return (
            <div className="choice" key={c.value}>
              <input type="radio" id={id} name={name} value={c.value} defaultChecked={row.value.includes(c.value)} />
              <label htmlFor={id}>{c.label}</label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
