// What a person gives as weighting margins — rows of a CSV file
// (`variable,category,share`) or the population-share inputs of the weighting
// form — checked against what the survey's complete responses can be raked
// on. Every problem is a value with a catalogue key and the codes it names;
// nothing is saved unless there is none. Shares are percentages, or
// proportions when a variable's shares add up to 1; what is stored is each
// category's proportion, each variable's adding up to 1.
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { rfc4180 } from "#app/modules/platform/csv.ts";
import { decode, detectDelimiter } from "#app/modules/responses/import-file.server.ts";
import type { Margins } from "#app/stats/rake.ts";
import type { WeightableVariable } from "./weighting-fields.ts";

/** One share given for one category. `percent` is false for a share written as a proportion. */
export interface MarginEntry {
  variable: string;
  category: string;
  share: number;
  percent: boolean;
  /** The file line it comes from. */
  line?: number;
}

export interface WeightingIssue {
  key: string;
  params: Record<string, string>;
}

export type MarginsCheck = { ok: true; margins: Margins } | { ok: false; issues: WeightingIssue[] };

/** Shares of a variable must add up to 100 % within this many points. */
export const SUM_TOLERANCE = 0.5;
export const MARGINS_MAX_BYTES = 200 * 1024;
const MAX_ENTRIES = 2000;

const issue = (key: string, params: Record<string, string> = {}): WeightingIssue => ({
  key: `weighting.errors.${key}`,
  params,
});

/** "25", "25,5", "25.5 %", "0.255": the number and whether it carried a percent sign; null if not a number. */
export function parseShare(text: string): { value: number; percent: boolean } | null {
  const trimmed = text.replace(/[\s\u00a0\u202f]+/g, "");
  const percent = trimmed.endsWith("%");
  const number = (percent ? trimmed.slice(0, -1) : trimmed).replace(/^(\d*),(\d+)$/, "$1.$2");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(number)) return null;
  return { value: Number(number), percent };
}

const shareCell = z.string().transform((text, context) => {
  const share = parseShare(text);
  if (!share) {
    context.addIssue({ code: "custom", message: "share" });
    return z.NEVER;
  }
  return share;
});

const fileRow = z.tuple([z.string().trim().min(1, "variable"), z.string().trim().min(1, "category"), shareCell]);

const HEADER = /^(variable|variables)$/i;

/** The rows of a margins CSV: UTF-8 (with or without BOM) or Latin-1; comma, semicolon or tab. */
export function readMarginsCsv(
  bytes: Uint8Array,
): { ok: true; entries: MarginEntry[] } | { ok: false; issues: WeightingIssue[] } {
  if (bytes.length === 0) return { ok: false, issues: [issue("fileEmpty")] };
  if (bytes.length > MARGINS_MAX_BYTES) return { ok: false, issues: [issue("fileTooBig", { max: "200" })] };
  const { text } = decode(bytes);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) return { ok: false, issues: [issue("notText")] };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    return { ok: false, issues: [issue("malformed", { line: String((error as { lines?: number }).lines ?? "?") })] };
  }
  const rows = records.filter((r) => r.record.some((cell) => cell.trim() !== ""));
  // A header row is optional; it is the one whose first cell says "variable".
  const data = rows[0] && HEADER.test(rows[0].record[0]?.trim() ?? "") ? rows.slice(1) : rows;
  if (data.length === 0) return { ok: false, issues: [issue("noRows")] };
  if (data.length > MAX_ENTRIES) return { ok: false, issues: [issue("tooManyRows", { max: String(MAX_ENTRIES) })] };
  const issues: WeightingIssue[] = [];
  const entries: MarginEntry[] = [];
  for (const { record, info } of data) {
    const line = String(info.lines);
    const cells = record.slice(0, 3);
    if (record.length < 3 || record.slice(3).some((cell) => cell.trim() !== "")) {
      issues.push(issue("columns", { line }));
      continue;
    }
    const parsed = fileRow.safeParse(cells);
    if (!parsed.success) {
      const what = parsed.error.issues[0]?.message ?? "share";
      issues.push(issue(`${what}Cell`, { line, value: (record[2] ?? "").trim().slice(0, 40) }));
      continue;
    }
    const [variable, category, share] = parsed.data;
    entries.push({ variable, category, share: share.value, percent: share.percent, line: info.lines });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, entries };
}

/** The shares typed in the weighting form (percentages); blank inputs are no share. */
export function readMarginsForm(
  form: FormData,
): { ok: true; entries: MarginEntry[] } | { ok: false; issues: WeightingIssue[] } {
  const entries: MarginEntry[] = [];
  const issues: WeightingIssue[] = [];
  for (const [name, raw] of form) {
    const [prefix, variable, category, extra] = name.split(":");
    if (prefix !== "share" || variable === undefined || category === undefined || extra !== undefined) continue;
    if (typeof raw !== "string" || raw.trim() === "") continue;
    const v = decodeURIComponent(variable);
    const c = decodeURIComponent(category);
    const parsed = shareCell.safeParse(raw);
    if (!parsed.success) issues.push(issue("shareNotNumber", { variable: v, category: c, value: raw.slice(0, 40) }));
    else entries.push({ variable: v, category: c, share: parsed.data.value, percent: true });
  }
  if (entries.length > MAX_ENTRIES) return { ok: false, issues: [issue("tooManyRows", { max: String(MAX_ENTRIES) })] };
  return issues.length > 0 ? { ok: false, issues } : { ok: true, entries };
}

/** Stored margins as entries again (percentages), e.g. to check them against today's responses. */
export function marginsToEntries(margins: Margins): MarginEntry[] {
  return Object.entries(margins).flatMap(([variable, categories]) =>
    Object.entries(categories).map(([category, share]) => ({ variable, category, share: share * 100, percent: true })),
  );
}

function findVariable(variables: readonly WeightableVariable[], name: string) {
  const lower = name.toLowerCase();
  return variables.find((v) => v.code === name) ?? variables.find((v) => v.code.toLowerCase() === lower);
}

function findCategory(variable: WeightableVariable, name: string) {
  const lower = name.toLowerCase();
  return (
    variable.categories.find((c) => c.code === name) ??
    variable.categories.find(
      (c) => c.code.toLowerCase() === lower || c.en?.toLowerCase() === lower || c.fr?.toLowerCase() === lower,
    )
  );
}

const round = (value: number) => String(Math.round(value * 100) / 100);

/** One variable's shares, as percentages, checked against its categories. */
function checkVariable(variable: WeightableVariable, entries: MarginEntry[], issues: WeightingIssue[]) {
  const name = { variable: variable.code };
  if (variable.missing > 0) {
    issues.push(issue("unanswered", { ...name, count: String(variable.missing) }));
    return null;
  }
  // Without a percent sign, shares that add up to 1 are proportions.
  const total = entries.reduce((s, e) => s + e.share, 0);
  const proportions = entries.every((e) => e.percent === false) && Math.abs(total - 1) <= SUM_TOLERANCE / 100;
  const shares = new Map<string, number>();
  const before = issues.length;
  for (const entry of entries) {
    const category = findCategory(variable, entry.category);
    const where = { ...name, category: category?.code ?? entry.category };
    if (!category) issues.push(issue("unknownCategory", where));
    else if (shares.has(category.code)) issues.push(issue("duplicate", where));
    else if (!(entry.share > 0)) issues.push(issue("notPositive", where));
    else if (category.count === 0) issues.push(issue("noRespondents", where));
    else shares.set(category.code, proportions ? entry.share * 100 : entry.share);
  }
  for (const category of variable.categories)
    if (
      category.count > 0 &&
      !shares.has(category.code) &&
      !entries.some((e) => findCategory(variable, e.category) === category)
    )
      issues.push(issue("missingShare", { ...name, category: category.code, count: String(category.count) }));
  if (issues.length > before) return null;
  const sum = [...shares.values()].reduce((s, v) => s + v, 0);
  if (Math.abs(sum - 100) > SUM_TOLERANCE) {
    issues.push(issue("sum", { ...name, sum: round(sum) }));
    return null;
  }
  // Stored as proportions that add up to 1, in the order of the categories.
  return Object.fromEntries(
    variable.categories.filter((c) => shares.has(c.code)).map((c) => [c.code, (shares.get(c.code) ?? 0) / sum]),
  );
}

/** The margins the entries describe, or every reason they cannot weight these responses. */
export function checkMargins(
  variables: readonly WeightableVariable[],
  entries: readonly MarginEntry[],
  responses: number,
): MarginsCheck {
  if (responses === 0) return { ok: false, issues: [issue("noResponses")] };
  if (entries.length === 0) return { ok: false, issues: [issue("nothing")] };
  const issues: WeightingIssue[] = [];
  const byVariable = new Map<WeightableVariable, MarginEntry[]>();
  const unknown = new Set<string>();
  for (const entry of entries) {
    const variable = findVariable(variables, entry.variable);
    if (!variable) unknown.add(entry.variable);
    else byVariable.set(variable, [...(byVariable.get(variable) ?? []), entry]);
  }
  for (const name of unknown) issues.push(issue("unknownVariable", { variable: name }));
  const margins: Margins = {};
  for (const variable of variables) {
    const given = byVariable.get(variable);
    if (!given) continue;
    const margin = checkVariable(variable, given, issues);
    if (margin) margins[variable.code] = margin;
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, margins };
}

/** The margins as a CSV file people can edit and upload again: shares in percent. */
export function marginsCsv(margins: Margins): string {
  const rows = [["variable", "category", "share"]];
  for (const [variable, categories] of Object.entries(margins))
    for (const [category, share] of Object.entries(categories))
      rows.push([variable, category, String(Math.round(share * 1e8) / 1e6)]);
  return stringify(rows, rfc4180);
}
