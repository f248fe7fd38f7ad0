import { CsvError, parse } from "csv-parse/sync";
import { z } from "zod";
import type { Lang } from "#app/i18n/paths.ts";

// Reads a list of people to invite from a CSV file as spreadsheets save them:
// UTF-8 with or without a byte-order mark, or Windows' Latin-1 (what Excel in
// English or French Canada writes by default), commas or semicolons (Excel in
// French uses ";"). A header row names the columns. Pure: bytes in, contacts
// or a report of every row to fix out.

export const MAX_CONTACT_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_CONTACT_ROWS = 50_000;
/** A report longer than this would bury the first mistakes; the rest are counted. */
export const MAX_REPORTED_PROBLEMS = 200;

export interface ContactRow {
  /** Line in the file (the header is line 1). */
  row: number;
  email: string;
  lang: Lang;
}

export interface RowProblem {
  row: number;
  problem: "email" | "language" | "duplicate";
  /** What the row says (the address or language as typed), shortened. */
  value: string;
  /** For a duplicate: the row where the address first appears. */
  firstRow?: number;
}

export type FileProblem = "empty" | "tooLarge" | "tooManyRows" | "noEmailColumn" | "unreadable";

/** The rows to fix (the first MAX_REPORTED_PROBLEMS), how many problems in all, of how many rows. */
export interface ContactFileReport {
  problems: RowProblem[];
  problemCount: number;
  rowCount: number;
}

export type ContactFile =
  | { ok: true; contacts: ContactRow[] }
  | { ok: false; fileProblem: FileProblem; line?: number }
  | ({ ok: false } & ContactFileReport);

const EMAIL_HEADERS = new Set(["email", "e-mail", "courriel", "email address", "adresse courriel", "adresse email"]);
const LANGUAGE_HEADERS = new Set(["language", "lang", "langue"]);
const LANGUAGES: Record<string, Lang> = {
  en: "en",
  e: "en",
  eng: "en",
  english: "en",
  anglais: "en",
  fr: "fr",
  f: "fr",
  fra: "fr",
  french: "fr",
  francais: "fr",
};

const isEmail = (value: string) => value.length <= 254 && z.email().safeParse(value).success;

/** Lower case, without accents or surrounding spaces: "Français " → "francais". */
const folded = (value: string) => value.normalize("NFD").replace(/\p{M}/gu, "").trim().toLowerCase();

/** The file's text: UTF-8 (a BOM is dropped), UTF-16 with a BOM, else Windows-1252. */
export function decodeContactFile(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/** The delimiter the header row uses most: comma, semicolon or tab. */
function delimiterOf(text: string): string {
  const header = text.split(/\r\n|\n|\r/).find((line) => line.trim() !== "") ?? "";
  const counts = [",", ";", "\t"].map((d) => [d, header.split(d).length] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

export function readContactFile(bytes: Uint8Array, defaultLang: Lang): ContactFile {
  if (bytes.length > MAX_CONTACT_FILE_BYTES) return { ok: false, fileProblem: "tooLarge" };
  const text = decodeContactFile(bytes);
  if (text.trim() === "") return { ok: false, fileProblem: "empty" };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, each record comes with where it was read (the types do not say so).
    records = parse(text, {
      delimiter: delimiterOf(text),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) {
      return { ok: false, fileProblem: "unreadable", line: typeof error.lines === "number" ? error.lines : undefined };
    }
    throw error;
  }
  const [header, ...rows] = records;
  const columns = (header?.record ?? []).map(folded);
  const emailColumn = columns.findIndex((c) => EMAIL_HEADERS.has(c));
  const langColumn = columns.findIndex((c) => LANGUAGE_HEADERS.has(c));
  if (emailColumn < 0) return { ok: false, fileProblem: "noEmailColumn" };
  if (rows.length === 0) return { ok: false, fileProblem: "empty" };
  if (rows.length > MAX_CONTACT_ROWS) return { ok: false, fileProblem: "tooManyRows" };

  const contacts: ContactRow[] = [];
  const problems: RowProblem[] = [];
  const firstRowOf = new Map<string, number>();
  const shown = (value: string) => value.slice(0, 100);
  for (const { record, info } of rows) {
    // A row of empty cells (a spreadsheet's trailing line) is not a mistake.
    if (record.every((cell) => cell === "")) continue;
    const row = info.lines;
    const email = (record[emailColumn] ?? "").toLowerCase();
    const givenLang = langColumn < 0 ? "" : (record[langColumn] ?? "");
    const lang = givenLang === "" ? defaultLang : LANGUAGES[folded(givenLang)];
    const firstRow = firstRowOf.get(email);
    if (!isEmail(email)) problems.push({ row, problem: "email", value: shown(email) });
    else if (firstRow !== undefined) problems.push({ row, problem: "duplicate", value: shown(email), firstRow });
    else firstRowOf.set(email, row);
    if (!lang) problems.push({ row, problem: "language", value: shown(givenLang) });
    else contacts.push({ row, email, lang });
  }
  if (problems.length > 0) {
    return {
      ok: false,
      problems: problems.slice(0, MAX_REPORTED_PROBLEMS),
      problemCount: problems.length,
      rowCount: rows.length,
    };
  }
  return { ok: true, contacts };
}
