// What a respondent's form fields mean, question by question: parsing,
// validation and skip logic. Pure: no I/O, so the same rules serve the
// respondent pages, staff entry, imports and the API.
import { choiceCodes } from "#app/modules/measure/choice-codes.ts";
import type { FrozenQuestion, PublishedDefinition, ShowIf } from "#app/modules/measure/definition.ts";
import { isCalendarDay } from "#app/modules/platform/forms.ts";
import { cleanText } from "#app/modules/platform/text.ts";
import type { StoredAnswer } from "./schema.ts";

/** An answer before storage: a scale point, "na", a code, codes, a number, a date or text. */
export type AnswerValue = number | string | string[];
export type Answers = Record<string, AnswerValue>;

export type PublishedPage = PublishedDefinition["pages"][number];
export type PublishedItem = PublishedPage["items"][number];

export interface AnswerError {
  code: string;
  key: string;
  params?: Record<string, string>;
}

export const TEXT_SHORT_MAX = 500;
export const TEXT_LONG_MAX = 5000;

export const fieldName = (code: string) => `q_${code}`;

/** Free text is sealed before storage; everything else is a code or a number. */
export const isFreeText = (q: Pick<FrozenQuestion, "type">) => q.type === "text_short" || q.type === "text_long";

/** An answer as stored: free text sealed with the organization's key, anything else as it is. */
export function storedAnswer(value: AnswerValue, freeText: boolean, seal: (plain: string) => string): StoredAnswer {
  return freeText && typeof value === "string" ? { sealed: seal(value) } : value;
}

/** Whether skip logic shows an item, given the answers so far. */
export function isShown(showIf: ShowIf | undefined, answers: Answers): boolean {
  if (!showIf) return true;
  const given = answers[showIf.code];
  if (given === undefined) return false;
  const values = Array.isArray(given) ? given : [String(given)];
  return values.some((v) => showIf.values.includes(v));
}

/** The pages a respondent sees: those with at least one item their earlier answers show. */
export function visiblePages(definition: PublishedDefinition, answers: Answers): PublishedPage[] {
  return definition.pages
    .map((p) => ({ ...p, items: p.items.filter((i) => isShown(i.showIf, answers)) }))
    .filter((p) => p.items.length > 0);
}

/**
 * Reads one answer from raw strings (a form's values for the field).
 * Returns undefined for "no answer", the value, or an error key.
 */
export function parseAnswer(
  q: FrozenQuestion,
  raw: string[],
): { value?: AnswerValue; error?: Omit<AnswerError, "code"> } {
  // The one text rule of every door (decision 0040): only a long answer keeps its line breaks.
  const singleLine = q.type !== "text_long";
  const given = raw.map((v) => cleanText(v, { singleLine }).trim()).filter((v) => v !== "");
  if (given.length === 0) return {};
  const codes = choiceCodes(q);
  if (q.type === "multi") {
    const unique = [...new Set(given)];
    if (codes && unique.some((v) => !codes.includes(v))) return { error: { key: "respondent.errors.choice" } };
    return { value: unique };
  }
  const first = given[0] as string;
  if (given.length > 1) return { error: { key: "respondent.errors.choice" } };
  if (codes) {
    if (!codes.includes(first)) return { error: { key: "respondent.errors.choice" } };
    if (q.type === "single" || first === "na") return { value: first };
    return { value: Number(first) };
  }
  switch (q.type) {
    case "number": {
      const n = Number(first.replace(/\s/g, "").replace(",", "."));
      if (!/^-?\d+([.,]\d+)?$/.test(first.replace(/\s/g, "")) || !Number.isFinite(n)) {
        return { error: { key: "respondent.errors.number" } };
      }
      const min = q.min ?? null;
      const max = q.max ?? null;
      if ((min !== null && n < min) || (max !== null && n > max)) {
        return {
          error: { key: "respondent.errors.range", params: { min: String(min ?? "—"), max: String(max ?? "—") } },
        };
      }
      return { value: n };
    }
    case "date": {
      return isCalendarDay(first) ? { value: first } : { error: { key: "respondent.errors.date" } };
    }
    default: {
      const max = q.type === "text_long" ? TEXT_LONG_MAX : TEXT_SHORT_MAX;
      if (first.length > max) return { error: { key: "respondent.errors.tooLong", params: { max: String(max) } } };
      return { value: first };
    }
  }
}

/**
 * Reads a page's answers. Items hidden by logic are ignored even if posted
 * (a tampered form cannot answer a question the respondent was not asked).
 * With `check` off (going back, switching language) missing required answers
 * are not errors and invalid answers are dropped: the respondent loses only
 * what could not be kept.
 */
export function readPage(
  page: PublishedPage,
  earlier: Answers,
  read: (field: string) => string[],
  check: boolean,
  /** False when staff key in a paper form: paper has no required questions. */
  requireAnswers = true,
): { answers: Answers; cleared: string[]; errors: AnswerError[] } {
  const answers: Answers = {};
  const cleared: string[] = [];
  const errors: AnswerError[] = [];
  for (const item of page.items) {
    if (!isShown(item.showIf, earlier)) continue;
    const { value, error } = parseAnswer(item.question, read(fieldName(item.code)));
    if (error) {
      if (check) errors.push({ code: item.code, ...error });
      continue;
    }
    if (value === undefined) {
      cleared.push(item.code);
      if (check && requireAnswers && item.required) errors.push(requiredError(item));
      continue;
    }
    answers[item.code] = value;
  }
  return { answers, cleared, errors };
}

const requiredError = (item: PublishedPage["items"][number]): AnswerError => ({
  code: item.code,
  key: choiceCodes(item.question) ? "respondent.errors.choose" : "respondent.errors.enter",
});

/**
 * The required questions still unanswered on the pages the answers show, page
 * by page: what a final submit checks again, since a page checked once can
 * be emptied later (saved with "Save", or reached again by its address).
 */
export function unansweredRequired(
  definition: PublishedDefinition,
  answers: Answers,
): { pageKey: string; errors: AnswerError[] }[] {
  return visiblePages(definition, answers).flatMap((page) => {
    const errors = page.items.filter((i) => i.required && answers[i.code] === undefined).map(requiredError);
    return errors.length > 0 ? [{ pageKey: page.key, errors }] : [];
  });
}

/** Drops answers to questions that logic now hides (an earlier answer changed). */
export function withoutHidden(definition: PublishedDefinition, answers: Answers): Answers {
  const kept: Answers = {};
  for (const page of definition.pages) {
    for (const item of page.items) {
      const value = answers[item.code];
      if (value !== undefined && isShown(item.showIf, kept)) kept[item.code] = value;
    }
  }
  return kept;
}

/**
 * Whether any page after this one might still be asked: answers not given
 * yet (this page's or later ones') could show it. Decides between
 * "Continue" and "Submit" on the button.
 */
export function mayFollow(definition: PublishedDefinition, pageKey: string, answers: Answers): boolean {
  const index = definition.pages.findIndex((p) => p.key === pageKey);
  const unknown = new Set(definition.pages.slice(index).flatMap((p) => p.items.map((i) => i.code)));
  return definition.pages
    .slice(index + 1)
    .some((p) => p.items.some((i) => !i.showIf || unknown.has(i.showIf.code) || isShown(i.showIf, answers)));
}

/** An answer as form values, to put back in the form. */
export const asFormValues = (value: AnswerValue | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [String(value)];
