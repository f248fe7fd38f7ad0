import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Form, type FormProps } from "react-router";
import { useRoot, useT } from "./use-root.ts";

export type Errors = Record<string, string> | undefined;
export type Values = Record<string, string | string[]> | undefined;
export type ErrorParams = Record<string, Record<string, string>> | undefined;

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
export function ErrorSummary({
  errors,
  fieldOrder,
  params,
  labels,
}: {
  errors: Errors;
  fieldOrder?: string[];
  /** Values for the messages' placeholders, by field. */
  params?: ErrorParams;
  /** Labels of fields the catalogue does not name (columns of a file, say). */
  labels?: Record<string, string>;
}) {
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
          const message = t(errors[field] as string, params?.[field] ?? {});
          const label = labels?.[field] ?? (i18n.exists(`fields.${field}`) ? t(`fields.${field}`) : null);
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

function HintAndError({
  name,
  hint,
  error,
  params,
}: {
  name: string;
  hint?: string;
  error?: string;
  params?: Record<string, string>;
}) {
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
          {t(error, params ?? {})}
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

/** The label, hint and error around one control, GOV.UK-style. */
function LabelledField({
  name,
  label,
  hint,
  error,
  children,
}: {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className={error ? "field field--error" : "field"}>
      <label htmlFor={name}>{label}</label>
      <HintAndError name={name} hint={hint} error={error} />
      {children}
    </div>
  );
}

/** What every control carries: its name and id, the value to show, and its accessible state. */
function controlProps({ name, hint, errors, values }: FieldProps, defaultValue?: string) {
  const error = errors?.[name];
  const value = values?.[name];
  return {
    id: name,
    name,
    defaultValue: typeof value === "string" ? value : defaultValue,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(name, hint, error),
  } as const;
}

export function TextField({
  type = "text",
  autoComplete,
  defaultValue,
  short,
  inputMode,
  ...field
}: FieldProps & {
  type?: "text" | "email" | "password" | "search" | "date";
  autoComplete?: string;
  defaultValue?: string;
  short?: boolean;
  inputMode?: "numeric" | "text" | "email";
}) {
  return (
    <LabelledField name={field.name} label={field.label} hint={field.hint} error={field.errors?.[field.name]}>
      <input
        {...controlProps(field, defaultValue)}
        type={type}
        className={short ? "input--short" : undefined}
        autoComplete={autoComplete}
        inputMode={inputMode}
      />
    </LabelledField>
  );
}

/** A file to upload; its form needs encType="multipart/form-data". */
export function FileField({
  accept,
  errorParams,
  ...field
}: Omit<FieldProps, "values"> & { accept?: string; errorParams?: ErrorParams }) {
  const error = field.errors?.[field.name];
  return (
    <div className={error ? "field field--error" : "field"}>
      <label htmlFor={field.name}>{field.label}</label>
      <HintAndError name={field.name} hint={field.hint} error={error} params={errorParams?.[field.name]} />
      <input
        type="file"
        id={field.name}
        name={field.name}
        accept={accept}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(field.name, field.hint, error)}
      />
    </div>
  );
}

export function TextArea({
  defaultValue,
  lang,
  rows = 3,
  ...field
}: FieldProps & { defaultValue?: string; lang?: string; rows?: number }) {
  return (
    <LabelledField name={field.name} label={field.label} hint={field.hint} error={field.errors?.[field.name]}>
      <textarea {...controlProps(field, defaultValue)} rows={rows} lang={lang} />
    </LabelledField>
  );
}

export function SelectField({
  options,
  defaultValue,
  ...field
}: FieldProps & { options: { value: string; label: string }[]; defaultValue?: string }) {
  return (
    <LabelledField name={field.name} label={field.label} hint={field.hint} error={field.errors?.[field.name]}>
      <select {...controlProps(field, defaultValue)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </LabelledField>
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

/** Radio buttons in a fieldset; the first carries the group's id, for the error summary's link. */
export function RadioGroup({
  name,
  label,
  hint,
  errors,
  options,
  checked,
}: FieldProps & { options: { value: string; label: string }[]; checked: string | string[] }) {
  const error = errors?.[name];
  return (
    <div className={error ? "field field--error" : "field"}>
      <fieldset aria-describedby={describedBy(name, hint, error)}>
        <legend>{label}</legend>
        <HintAndError name={name} hint={hint} error={error} />
        {options.map((o, i) => {
          const id = i === 0 ? name : `${name}-${o.value}`;
          return (
            <div className="choice" key={o.value}>
              <input type="radio" id={id} name={name} value={o.value} defaultChecked={checked === o.value} />
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
