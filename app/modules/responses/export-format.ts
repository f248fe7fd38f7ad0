// What a raw export says about each question and answer: the codebook and
// the cell each stored answer becomes. Pure: no I/O.
import type { Lang } from "#app/i18n/paths.ts";
import { type ScaleName, scales } from "#app/modules/measure/cmt-bank.ts";
import type { FrozenQuestion, PublishedDefinition } from "#app/modules/measure/definition.ts";
import { cleanText } from "#app/modules/platform/text.ts";
import type { StoredAnswer } from "./schema.ts";

/** One cell of an exported file; null is an empty cell. */
export type Cell = string | number | null;

export type ValueMode = "codes" | "labels";

export interface CodebookEntry {
  code: string;
  type: string;
  textEn: string;
  textFr: string;
  /** Code and label of each fixed answer, in the question's order; null for free answers. */
  values: { code: string; en: string; fr: string }[] | null;
  min: number | null;
  max: number | null;
  /** The published versions that ask the question. */
  versions: number[];
}

export interface PublishedVersion {
  version: number;
  definition: PublishedDefinition;
}

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab or carriage
 * return before one) as a formula: a leading quote keeps it text.
 */
export function neutralise(value: Cell): Cell {
  if (typeof value !== "string") return value;
  // Text kept before the one text rule may still hold characters a workbook's XML cannot.
  const text = cleanText(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function valueLabels(q: Pick<FrozenQuestion, "type" | "scale" | "options">): CodebookEntry["values"] {
  if (q.type === "single" || q.type === "multi") return (q.options ?? []).map((o) => ({ ...o }));
  if (q.type !== "scale5") return null;
  // As the respondent's form does: a 5-point question without a known scale is a satisfaction one.
  const scale = scales[(q.scale ?? "satisfaction") as ScaleName] ?? scales.satisfaction;
  return [
    ...scale.points.map((p) => ({ code: String(p.code), en: p.en, fr: p.fr })),
    { code: "na", ...scale.not_applicable },
  ];
}

/**
 * One entry per question code across the versions, newest first: the latest
 * version's questions in its order, then those only older versions asked. A
 * question's wording and labels are those of the newest version that asks it.
 */
export function buildCodebook(versions: PublishedVersion[]): CodebookEntry[] {
  const byCode = new Map<string, CodebookEntry>();
  for (const { version, definition } of [...versions].sort((a, b) => b.version - a.version)) {
    for (const { question: q } of definition.pages.flatMap((p) => p.items)) {
      const known = byCode.get(q.code);
      if (known) {
        known.versions.unshift(version);
        continue;
      }
      byCode.set(q.code, {
        code: q.code,
        type: q.type,
        textEn: q.textEn,
        textFr: q.textFr,
        values: valueLabels(q),
        min: q.min,
        max: q.max,
        versions: [version],
      });
    }
  }
  return [...byCode.values()];
}

/** "1=Very dissatisfied; 2=Dissatisfied; …", or the range of a number. */
export function describeValues(entry: CodebookEntry, lang: Lang): string {
  if (entry.values) return entry.values.map((v) => `${v.code}=${v[lang]}`).join("; ");
  if (entry.min !== null || entry.max !== null) return `${entry.min ?? ""}–${entry.max ?? ""}`;
  return "";
}

/** Label lookups for each version's questions, so an answer reads as the respondent saw it. */
export type VersionLabels = Map<number, Map<string, Map<string, string>>>;

export function labelsByVersion(versions: PublishedVersion[], lang: Lang): VersionLabels {
  return new Map(
    versions.map(({ version, definition }) => [
      version,
      new Map(
        definition.pages
          .flatMap((p) => p.items)
          .map(({ question: q }) => [q.code, new Map((valueLabels(q) ?? []).map((v) => [v.code, v[lang]]))]),
      ),
    ]),
  );
}

/**
 * The cell for one stored answer. Sealed text must be opened first (`open`).
 * Several choices share one cell, joined by ";" (codes) or "; " (labels).
 */
export function answerCell(
  value: StoredAnswer | undefined,
  labels: Map<string, string> | undefined,
  mode: ValueMode,
  open: (sealed: string) => string,
): Cell {
  if (value === undefined) return null;
  if (Array.isArray(value)) {
    return mode === "labels" ? value.map((v) => labels?.get(v) ?? v).join("; ") : value.join(";");
  }
  if (typeof value === "object") return open(value.sealed);
  if (mode === "codes" || !labels) return value;
  return labels.get(String(value)) ?? value;
}
