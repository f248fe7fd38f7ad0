// How a spreadsheet's columns and values become answers: matching headers to
// questions, values to answer codes, and reading one row. Pure: no I/O.
import { DISPLAY_TIME_ZONE } from "#app/i18n/i18n.ts";
import { choiceCodes } from "#app/modules/measure/choice-codes.ts";
import type { FrozenQuestion, PublishedDefinition } from "#app/modules/measure/definition.ts";
import { fold, isNotApplicable } from "#app/modules/measure/written-answers.ts";
import { isFreeText } from "./answers.ts";
import { valueLabels } from "./export-format.ts";
import { type IngestError, itemsByCode, parseSubmittedAt, readResponse } from "./ingest.ts";
import type { ImportMapping } from "./schema.ts";

/** Each column's distinct values (most frequent first, up to a limit) and its blank cells. */
export interface ColumnProfile {
  values: [string, number][];
  /** More distinct values than were kept. */
  more: boolean;
  blank: number;
}

export const IGNORE = "ignore";
export const LANG = "lang";
export const SUBMITTED_AT = "submittedAt";
export const questionTarget = (code: string) => `q:${code}`;
export const codeOfTarget = (target: string | undefined) => (target?.startsWith("q:") ? target.slice(2) : null);

/** A column as a spreadsheet names it: A, B, …, Z, AA, AB, … */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = "";
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

// Headers that name a response attribute, as our export writes them or as people do.
const langHeaders = new Set(["lang", "language", "langue", "response language", "langue de la reponse"]);
const submittedHeaders = new Set([
  "submitted_at",
  "submitted at",
  "submitted",
  "submission date",
  "date submitted",
  "date de soumission",
  "soumis le",
  "date de reponse",
]);

/** Matches each header to a question of the version (by code or wording in either language) or an attribute. */
export function autoMap(header: string[], definition: PublishedDefinition): string[] {
  const byText = new Map<string, string>();
  for (const { question: q } of itemsByCode(definition).values()) {
    for (const text of [q.code, q.textEn, q.textFr]) if (!byText.has(fold(text))) byText.set(fold(text), q.code);
  }
  const taken = new Set<string>();
  return header.map((h) => {
    const key = fold(h);
    const code = byText.get(key);
    let target = code ? questionTarget(code) : IGNORE;
    if (!code && langHeaders.has(key)) target = LANG;
    if (!code && submittedHeaders.has(key)) target = SUBMITTED_AT;
    if (target === IGNORE || taken.has(target)) return IGNORE;
    taken.add(target);
    return target;
  });
}

/** Problems with a mapping, by column: unknown targets, a question or attribute chosen twice, no question at all. */
export function mappingProblems(columns: string[], definition: PublishedDefinition): Map<number, string> {
  const items = itemsByCode(definition);
  const problems = new Map<number, string>();
  const first = new Map<string, number>();
  columns.forEach((target, index) => {
    const code = codeOfTarget(target);
    const known = target === IGNORE || target === LANG || target === SUBMITTED_AT || (code && items.has(code));
    if (!known) problems.set(index, "import.mapping.errors.unknown");
    else if (target !== IGNORE && first.has(target)) problems.set(index, "import.mapping.errors.twice");
    else first.set(target, index);
  });
  if (!columns.some((t) => codeOfTarget(t)) && problems.size === 0) problems.set(0, "import.mapping.errors.none");
  return problems;
}

/** Questions whose answers are codes: their values may need recoding. */
export const hasCodes = (q: Pick<FrozenQuestion, "type" | "options">) => choiceCodes(q) !== null;

/** The answer code a value found in a file most likely means, if any. */
export function suggestCode(q: FrozenQuestion, value: string): string | undefined {
  const codes = choiceCodes(q) ?? [];
  const key = fold(value);
  const number = /^-?\d+(?:[.,]0+)?$/.test(key) ? String(Number.parseInt(key, 10)) : null;
  const byCode = codes.find((c) => fold(c) === key || c === number);
  if (byCode !== undefined) return byCode;
  const label = (valueLabels(q) ?? []).find((v) => fold(v.en) === key || fold(v.fr) === key);
  if (label) return label.code;
  if (codes.includes("na") && isNotApplicable(value)) return "na";
  return undefined;
}

/** The values of a cell: a multiple choice lists several, separated by ";" as our export writes them. */
export const cellValues = (q: Pick<FrozenQuestion, "type">, cell: string): string[] =>
  (q.type === "multi" ? cell.split(";") : [cell]).map((v) => v.trim()).filter((v) => v !== "");

/** Undoes the export's protection against formulas: a leading quote before = + - @. */
export const unneutralise = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

export interface RecodingQuestion {
  code: string;
  column: number;
  /** Values that are not codes of the question, with their rows and the code they most likely mean. */
  values: { value: string; count: number; suggestion?: string }[];
  /** The column had more distinct values than were profiled. */
  more: boolean;
}

/** The values to recode, question by question, in column order. */
export function recodingList(
  mapping: ImportMapping,
  definition: PublishedDefinition,
  profile: ColumnProfile[],
): RecodingQuestion[] {
  const items = itemsByCode(definition);
  const list: RecodingQuestion[] = [];
  mapping.columns.forEach((target, column) => {
    const item = items.get(codeOfTarget(target) ?? "");
    const codes = item ? choiceCodes(item.question) : null;
    const found = profile[column];
    if (!item || !codes || !found) return;
    const counts = new Map<string, number>();
    for (const [cell, count] of found.values) {
      for (const value of cellValues(item.question, unneutralise(cell))) {
        if (!codes.includes(value)) counts.set(value, (counts.get(value) ?? 0) + count);
      }
    }
    const values = [...counts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([value, count]) => ({ value, count, suggestion: suggestCode(item.question, value) }));
    list.push({ code: item.code, column, values, more: found.more });
  });
  return list;
}

/** Question code → value in the file → answer code, or "" for "treat as missing". */
export type Recoding = Record<string, Record<string, string>>;

export interface ImportRowError extends IngestError {
  row: number;
  /** The column at fault, when one is. */
  column: number | null;
  /** The value at fault (not for free text, which may say anything). */
  value?: string;
}

export interface ImportedRow {
  answers: ReturnType<typeof readResponse>["answers"];
  lang: "en" | "fr";
  submittedAt: Date | null;
}

const langs: Record<string, "en" | "fr"> = {
  en: "en",
  eng: "en",
  english: "en",
  anglais: "en",
  fr: "fr",
  fra: "fr",
  fre: "fr",
  french: "fr",
  francais: "fr",
};

/** Reads rows with a mapping and recoding: answers, language and date of each, or its errors. */
export function rowReader(definition: PublishedDefinition, mapping: ImportMapping, recoding: Recoding, now: Date) {
  const items = itemsByCode(definition);
  const columnOf = new Map<string, number>();
  const questions = mapping.columns.map((target, column) => {
    const item = items.get(codeOfTarget(target) ?? "");
    if (item) columnOf.set(item.code, column);
    return item ? { item, codes: choiceCodes(item.question), recode: recoding[item.code] ?? {} } : null;
  });
  const langColumn = mapping.columns.indexOf(LANG);
  const dateColumn = mapping.columns.indexOf(SUBMITTED_AT);

  return (cells: string[], row: number): ImportedRow | ImportRowError[] | null => {
    if (cells.every((c) => c.trim() === "")) return null;
    const raw = new Map<string, string[]>();
    questions.forEach((q, column) => {
      const cell = unneutralise(cells[column] ?? "");
      if (!q || cell.trim() === "") return;
      const values = q.codes
        ? cellValues(q.item.question, cell).flatMap((v) => {
            const recoded = q.codes?.includes(v) ? v : q.recode[v];
            return recoded === "" ? [] : [recoded ?? v];
          })
        : [cell];
      if (values.length > 0) raw.set(q.item.code, values);
    });
    const { answers, errors } = readResponse(definition, raw);
    const rowErrors: ImportRowError[] = errors.map((e) => {
      const column = e.code ? (columnOf.get(e.code) ?? null) : null;
      const item = e.code ? items.get(e.code) : undefined;
      const shown = column !== null && item && !isFreeText(item.question) ? (cells[column] ?? "").trim() : undefined;
      return { ...e, row, column, ...(shown ? { value: shown.slice(0, 100) } : {}) };
    });
    const langCell = langColumn >= 0 ? (cells[langColumn] ?? "").trim() : "";
    const lang = langCell ? langs[fold(langCell)] : mapping.defaultLang;
    if (!lang) rowErrors.push({ code: null, reason: "lang", row, column: langColumn, value: langCell.slice(0, 100) });
    const dateCell = dateColumn >= 0 ? (cells[dateColumn] ?? "").trim() : "";
    const submittedAt = dateCell ? parseSubmittedAt(dateCell, now, DISPLAY_TIME_ZONE) : null;
    if (dateCell && !submittedAt) {
      rowErrors.push({ code: null, reason: "submittedAt", row, column: dateColumn, value: dateCell.slice(0, 100) });
    }
    if (rowErrors.length > 0 || !lang) return rowErrors.sort((a, b) => (a.column ?? Infinity) - (b.column ?? Infinity));
    return { answers, lang, submittedAt };
  };
}
