import { z } from "zod";
import { cleanText } from "./text.ts";

// Every message in a schema is a catalogue key; anything a schema does not name
// falls back to a generic, translated "invalid" message.
z.config({ customError: () => "errors.invalid" });

/** One line of text (a title, a name): cleaned by the one text rule, then trimmed. */
export const requiredText = (max = 200) =>
  z
    .string({ error: "errors.required" })
    .overwrite((v) => cleanText(v, { singleLine: true }))
    .trim()
    .min(1, "errors.required")
    .max(max, "errors.tooLong");

/** Text that may run over several lines (a message, a notice): cleaned by the one text rule, then trimmed. */
export const optionalText = (max = 200) =>
  z
    .string()
    .overwrite((v) => cleanText(v))
    .trim()
    .max(max, "errors.tooLong")
    .optional()
    .transform((v) => (v ? v : undefined));

/** The largest whole number a PostgreSQL integer (a version, a count, a page) holds. */
export const INT32_MAX = 2_147_483_647;

/**
 * The years a date typed or sent may fall in. Outside them a date is a typo,
 * and some (year 0, year 10000) neither PostgreSQL nor JavaScript's ISO
 * format can hold: every door's date fields share these bounds.
 */
export const DATE_YEARS = { min: 1900, max: 2100 } as const;

const inYears = (year: number) => year >= DATE_YEARS.min && year <= DATE_YEARS.max;

/** A real calendar day written YYYY-MM-DD, in DATE_YEARS. */
export function isCalendarDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match || !inYears(Number(match[1]))) return false;
  // Month 13 is an invalid Date (whose toISOString throws); 30 February rolls into March.
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** A month written YYYY-MM, in DATE_YEARS. */
export function isCalendarMonth(text: string): boolean {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  return match !== null && inYears(Number(match[1]));
}

export const emailField = () => requiredText(254).toLowerCase().pipe(z.email("errors.email"));

export const passwordField = () =>
  z
    .string({ error: "errors.required" })
    .min(1, "errors.required")
    .min(12, "errors.passwordTooShort")
    .max(128, "errors.tooLong");

/** A new password typed twice; the second must match. */
export const newPasswordFields = {
  password: passwordField(),
  confirmPassword: z.string({ error: "errors.required" }).min(1, "errors.required"),
};
export const passwordsMatch = {
  check: (v: { password: string; confirmPassword: string }) => v.password === v.confirmPassword,
  params: { path: ["confirmPassword"], message: "signUp.errors.mismatch" },
};

/** The current password: any length, to be checked by better-auth. */
export const currentPasswordField = () =>
  z.string({ error: "errors.required" }).min(1, "errors.required").max(128, "errors.tooLong");

/** A 6-digit one-time code; spaces people type are ignored. */
export const oneTimeCodeField = () =>
  z
    .string({ error: "errors.required" })
    .transform((v) => v.replace(/\s/g, ""))
    .pipe(
      z
        .string()
        .min(1, "errors.required")
        .regex(/^\d{6}$/, "twoFactor.errors.format"),
    );

/**
 * A group of checkboxes: absent means none ticked, one value means one.
 * `requiredKey` makes at least one box required, with that message.
 */
export const checkboxes = <T extends z.ZodType>(item: T, requiredKey?: string) =>
  z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    requiredKey ? z.array(item).min(1, requiredKey) : z.array(item),
  );

export type FieldErrors = Record<string, string>;
export type FormResult<T> =
  | { ok: true; data: T; values: Record<string, string | string[]> }
  | { ok: false; errors: FieldErrors; values: Record<string, string | string[]> };

const SECRET_FIELDS = /password|code|_csrf/i;

/** The same validation for a GET form's query string (filters, search). */
export function parseQuery<S extends z.ZodType>(schema: S, params: URLSearchParams): FormResult<z.output<S>> {
  const form = new FormData();
  for (const [key, value] of params) form.append(key, value);
  return parseForm(schema, form);
}

/**
 * Validates submitted form data. On failure returns one message key per field
 * (the first problem). Either way gives the submitted values to put back in
 * the form, less passwords and codes.
 */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData): FormResult<z.output<S>> {
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    raw[key] = all.length > 1 ? all : (all[0] ?? "");
  }
  const values = Object.fromEntries(Object.entries(raw).filter(([k]) => !SECRET_FIELDS.test(k)));
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data, values };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??=
      issue.message.startsWith("errors.") || issue.message.includes(".") ? issue.message : "errors.invalid";
  }
  return { ok: false, errors, values };
}
