import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Form, type FormProps } from "react-router";
import { useRoot, useT } from "./use-root.ts";

export type Errors = Record<string, string> | undefined;
export type Values = Record<string, string | string[]> | undefined;

/** A POST form carrying the CSRF token. Works the same with JavaScript off. */
export function PostForm({ children, ...props }: Omit<FormProps, "method"> & { children: ReactNode }) {
  const { csrfToken } = useRoot();
  return (
    <Form method="post" noValidate {...props}>
      <input type="hidden" name="_csrf" value={csrfToken} />
      {children}
    </Form>
  );
}

/**
 * GOV.UK-style summary: every error, each naming its field and linking to it.
 * Errors of fields people cannot see (a tampered hidden input) show as text.
 */
export function ErrorSummary({ errors, fieldOrder }: { errors: Errors; fieldOrder?: string[] }) {
  const { t, i18n } = useTranslation();
  if (!errors || Object.keys(errors).length === 0) return null;
  const fields = Object.keys(errors).sort((a, b) => (fieldOrder?.indexOf(a) ?? 0) - (fieldOrder?.indexOf(b) ?? 0));
  return (
    // Focus moves to the summary when the page comes back with errors, with or
    // without JavaScript, so screen-reader users hear what went wrong (GOV.UK).
    // eslint-disable-next-line jsx-a11y/no-autofocus
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} autoFocus>
      <h2 id="error-summary-title">{t("forms.errorSummary")}</h2>
      <ul>
        {fields.map((field) => {
          const message = t(errors[field] as string);
          const label = i18n.exists(`fields.${field}`) ? t(`fields.${field}`) : null;
          return (
            <li key={field}>
              {label ? <a href={`#${field}`}>{t("forms.fieldError", { label, message })}</a> : message}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function describedBy(name: string, hint?: string, error?: string): string | undefined {
  return [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
}

function HintAndError({ name, hint, error }: { name: string; hint?: string; error?: string }) {
  const t = useT();
  return (
    <>
      {hint ? (
        <span className="hint" id={`${name}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="error-message" id={`${name}-error`}>
          <span className="visually-hidden">{t("forms.errorPrefix")} </span>
          {t(error)}
        </span>
      ) : null}
    </>
  );
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  errors: Errors;
  values?: Values;
}

export function TextField({
  name,
  label,
  hint,
  errors,
  values,
  type = "text",
  autoComplete,
  defaultValue,
  short,
  inputMode,
}: FieldProps & {
  type?: "text" | "email" | "password" | "search" | "date";
  autoComplete?: string;
  defaultValue?: string;
  short?: boolean;
  inputMode?: "numeric" | "text" | "email";
}) {
  const _t = useT();
  const error = errors?.[name];
  const described = describedBy(name, hint, error);
  const value = values?.[name];
  return (
    <div className={error ? "field field--error" : "field"}>
      <label htmlFor={name}>{label}</label>
      <HintAndError name={name} hint={hint} error={error} />
      <input
        id={name}
        name={name}
        type={type}
        className={short ? "input--short" : undefined}
        autoComplete={autoComplete}
        inputMode={inputMode}
        defaultValue={typeof value === "string" ? value : defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
      />
    </div>
  );
}

export function TextArea({
  name,
  label,
  hint,
  errors,
  values,
  defaultValue,
  lang,
  rows = 3,
}: FieldProps & { defaultValue?: string; lang?: string; rows?: number }) {
  const error = errors?.[name];
  const value = values?.[name];
  return (
    <div className={error ? "field field--error" : "field"}>
      <label htmlFor={name}>{label}</label>
      <HintAndError name={name} hint={hint} error={error} />
      <textarea
        id={name}
        name={name}
        rows={rows}
        lang={lang}
        defaultValue={typeof value === "string" ? value : defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
      />
    </div>
  );
}

export function SelectField({
  name,
  label,
  hint,
  errors,
  values,
  options,
  defaultValue,
}: FieldProps & { options: { value: string; label: string }[]; defaultValue?: string }) {
  const _t = useT();
  const error = errors?.[name];
  const value = values?.[name];
  const described = describedBy(name, hint, error);
  return (
    <div className={error ? "field field--error" : "field"}>
      <label htmlFor={name}>{label}</label>
      <HintAndError name={name} hint={hint} error={error} />
      <select
        id={name}
        name={name}
        defaultValue={typeof value === "string" ? value : defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function CheckboxGroup({
  name,
  label,
  hint,
  errors,
  values,
  options,
  defaultChecked = [],
}: FieldProps & { options: { value: string; label: string }[]; defaultChecked?: string[] }) {
  const _t = useT();
  const error = errors?.[name];
  const submitted = values?.[name];
  const checked = submitted === undefined ? defaultChecked : ([] as string[]).concat(submitted);
  const described = describedBy(name, hint, error);
  return (
    <div className={error ? "field field--error" : "field"}>
      <fieldset aria-describedby={described}>
        <legend>{label}</legend>
        <HintAndError name={name} hint={hint} error={error} />
        {options.map((o, i) => {
          // The first box carries the field's id so the error summary can link to it.
          const id = i === 0 ? name : `${name}-${o.value}`;
          return (
            <div className="choice" key={o.value}>
              <input type="checkbox" id={id} name={name} value={o.value} defaultChecked={checked.includes(o.value)} />
              <label htmlFor={id}>{o.label}</label>
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}

export function SubmitButton({ children, variant }: { children: ReactNode; variant?: "secondary" | "danger" }) {
  return (
    <button type="submit" className={variant ? `button button--${variant}` : "button"}>
      {children}
    </button>
  );
}
