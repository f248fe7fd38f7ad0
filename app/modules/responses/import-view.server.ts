// What each step of an import shows: the columns to map, the values to
// recode, the report, the result. Built from the staged import; no I/O.
import { createHash } from "node:crypto";
import type { Lang } from "#app/i18n/paths.ts";
import { choiceCodes } from "#app/modules/measure/choice-codes.ts";
import type { PublishedDefinition } from "#app/modules/measure/definition.ts";
import { valueLabels } from "./export-format.ts";
import { autoMap, columnLetter, recodingList } from "./import-mapping.ts";
import type { getImport } from "./import.server.ts";
import { itemsByCode } from "./ingest.ts";

type LoadedImport = Awaited<ReturnType<typeof getImport>>;
export const steps = ["mapping", "recoding", "report", "result"] as const;
export type Step = (typeof steps)[number];

/** Where an import is: committed imports show their result; otherwise the first step not done, or an earlier one asked for. */
export function currentStep(data: LoadedImport, asked: string | null): Step {
  if (data.import.status === "committed") return "result";
  const reached: Step = !data.import.mapping ? "mapping" : !data.report ? "recoding" : "report";
  const wanted = steps.indexOf(asked as Step);
  return wanted >= 0 && wanted < steps.indexOf(reached) ? (asked as Step) : reached;
}

const text = (q: { textEn: string; textFr: string }, lang: Lang) => (lang === "fr" ? q.textFr : q.textEn);

function definitionOf(data: LoadedImport, version: number): PublishedDefinition {
  const found = data.versions.find((v) => v.version === version) ?? data.versions[0];
  if (!found) throw new Error("a staged import's survey has a published version");
  return found.definition;
}

export function mappingView(data: LoadedImport, lang: Lang, askedVersion: number | null) {
  const saved = data.import.mapping;
  const version = data.versions.some((v) => v.version === askedVersion)
    ? (askedVersion as number)
    : (saved?.version ?? data.versions[0]?.version ?? 1);
  const definition = definitionOf(data, version);
  const targets = saved?.version === version ? saved.columns : autoMap(data.import.header, definition);
  return {
    version,
    versions: data.versions.map((v) => ({ version: v.version, publishedAt: v.publishedAt })),
    defaultLang: saved?.defaultLang ?? lang,
    columns: data.import.header.map((header, index) => ({
      index,
      letter: columnLetter(index),
      header,
      examples: (data.profile[index]?.values ?? [])
        .slice(0, 3)
        .map(([v]) => (v.length > 40 ? `${v.slice(0, 40)}…` : v)),
      target: targets[index] ?? "ignore",
    })),
    questions: [...itemsByCode(definition).values()].map(({ question: q }) => ({ code: q.code, text: text(q, lang) })),
  };
}

/** The values to recode with their current choice; `hash` tells a stale form from the one shown. */
export function recodingView(data: LoadedImport, lang: Lang) {
  const mapping = data.import.mapping;
  if (!mapping) return { hash: "", questions: [] };
  const definition = definitionOf(data, mapping.version);
  const items = itemsByCode(definition);
  const list = recodingList(mapping, definition, data.profile);
  const questions = list.map((entry) => {
    const q = items.get(entry.code)?.question;
    const labels = new Map((q ? (valueLabels(q) ?? []) : []).map((v) => [v.code, v[lang]]));
    const codes = q ? (choiceCodes(q) ?? []) : [];
    return {
      code: entry.code,
      text: q ? text(q, lang) : entry.code,
      letter: columnLetter(entry.column),
      header: data.import.header[entry.column] ?? "",
      more: entry.more,
      options: codes.map((code) => ({ code, label: labels.get(code) ?? null })),
      values: entry.values.map((v) => ({
        value: v.value,
        count: v.count,
        selected: data.recoding?.[entry.code]?.[v.value] ?? v.suggestion ?? null,
      })),
    };
  });
  return { hash: recodingHash(list), questions };
}

export const recodingHash = (list: { code: string; values: { value: string }[] }[]) =>
  createHash("sha256")
    .update(JSON.stringify(list.map((q) => [q.code, q.values.map((v) => v.value)])))
    .digest("base64url")
    .slice(0, 22);

/** Column names and question wording for the report's tables. */
export function reportView(data: LoadedImport, lang: Lang) {
  const version = data.import.mapping?.version ?? 1;
  const items = itemsByCode(definitionOf(data, version));
  return {
    version,
    report: data.report,
    columns: data.import.header.map((header, i) => ({ letter: columnLetter(i), header })),
    questions: Object.fromEntries([...items.values()].map((i) => [i.code, text(i.question, lang)])),
  };
}
