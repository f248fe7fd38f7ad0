// The structure of a survey, as pure data: pages of items, each item a bank
// question by its code. Pure functions only; no I/O.
import { moveWithinPage, tidyGrids } from "./grids.ts";

export interface SurveyItem {
  key: string;
  code: string;
  /** Core CMT questions stay in every survey made from the template. */
  locked: boolean;
  required: boolean;
  /** Skip logic: asked only when an earlier page's answer to `code` is one of `values`. */
  showIf?: ShowIf;
  /** Shown as a row of this grid of the page (consecutive items share it). */
  grid?: string;
}

export interface ShowIf {
  code: string;
  values: string[];
}

/**
 * A grid presents consecutive scale questions of a page as rows under one
 * stem ("How satisfied were you with…"). Each row stays its own question with
 * its own code, so results and benchmarks do not change with the layout.
 */
export interface SurveyGrid {
  key: string;
  titleEn: string;
  titleFr: string;
}

export interface SurveyPage {
  key: string;
  titleEn: string;
  titleFr: string;
  items: SurveyItem[];
  grids?: SurveyGrid[];
}

export interface SurveyDefinition {
  pages: SurveyPage[];
}

/** What a published version keeps of each question: its full wording then. */
export interface FrozenQuestion {
  code: string;
  type: string;
  scale: string | null;
  options: { code: string; en: string; fr: string }[] | null;
  min: number | null;
  max: number | null;
  textEn: string;
  textFr: string;
  helpEn: string | null;
  helpFr: string | null;
  driver: string | null;
  dimension: string | null;
  element: string;
}

export interface PublishedDefinition {
  pages: (Omit<SurveyPage, "items"> & { items: (SurveyItem & { question: FrozenQuestion })[] })[];
}

const newKey = (prefix: string, taken: Set<string>) => {
  for (let n = taken.size + 1; ; n++) if (!taken.has(`${prefix}${n}`)) return `${prefix}${n}`;
};

const allItems = (d: SurveyDefinition) => d.pages.flatMap((p) => p.items);

export function hasQuestion(d: SurveyDefinition, code: string): boolean {
  return allItems(d).some((i) => i.code === code);
}

export function addPage(d: SurveyDefinition, titles: { titleEn: string; titleFr: string }): SurveyDefinition {
  const key = newKey("p", new Set(d.pages.map((p) => p.key)));
  return { pages: [...d.pages, { key, ...titles, items: [] }] };
}

export function addItem(d: SurveyDefinition, pageKey: string, code: string, required = false): SurveyDefinition {
  const key = newKey("q", new Set(allItems(d).map((i) => i.key)));
  return {
    pages: d.pages.map((p) =>
      p.key === pageKey ? { ...p, items: [...p.items, { key, code, locked: false, required }] } : p,
    ),
  };
}

export function removeItem(d: SurveyDefinition, itemKey: string): SurveyDefinition {
  return tidyGrids({
    pages: d.pages.map((p) => ({ ...p, items: p.items.filter((i) => i.key !== itemKey || i.locked) })),
  });
}

/** Removes an empty page; pages with questions stay. */
export function removePage(d: SurveyDefinition, pageKey: string): SurveyDefinition {
  return { pages: d.pages.filter((p) => p.key !== pageKey || p.items.length > 0) };
}

export function setRequired(d: SurveyDefinition, itemKey: string, required: boolean): SurveyDefinition {
  return {
    pages: d.pages.map((p) => ({ ...p, items: p.items.map((i) => (i.key === itemKey ? { ...i, required } : i)) })),
  };
}

/**
 * Sets or clears an item's skip logic. The condition must be a question on
 * an earlier page: without JavaScript a page cannot react to answers on
 * itself, so logic works between pages. Returns null if that does not hold.
 */
export function setShowIf(d: SurveyDefinition, itemKey: string, showIf: ShowIf | null): SurveyDefinition | null {
  const pageOf = (pred: (i: SurveyItem) => boolean) => d.pages.findIndex((p) => p.items.some(pred));
  const itemPage = pageOf((i) => i.key === itemKey);
  if (itemPage < 0) return null;
  if (showIf) {
    const conditionPage = pageOf((i) => i.code === showIf.code);
    if (conditionPage < 0 || conditionPage >= itemPage || showIf.values.length === 0) return null;
  }
  return {
    pages: d.pages.map((p) => ({
      ...p,
      items: p.items.map((i) => {
        if (i.key !== itemKey) return i;
        const { showIf: _old, ...rest } = i;
        return showIf ? { ...rest, showIf } : rest;
      }),
    })),
  };
}

/** Items whose skip logic no longer holds (their condition moved or left): shown to the designer to fix. */
export function brokenLogic(d: SurveyDefinition): string[] {
  const pageOfCode = new Map(d.pages.flatMap((p, index) => p.items.map((i) => [i.code, index] as const)));
  return d.pages.flatMap((p, index) =>
    p.items.filter((i) => i.showIf && !((pageOfCode.get(i.showIf.code) ?? Infinity) < index)).map((i) => i.key),
  );
}

/** Moves an item one place up or down within its page (see moveWithinPage), or to the next page at an edge. */
export function moveItem(d: SurveyDefinition, itemKey: string, direction: "up" | "down"): SurveyDefinition {
  const pages = d.pages.map((p) => ({ ...p, items: [...p.items] }));
  const pi = pages.findIndex((p) => p.items.some((i) => i.key === itemKey));
  if (pi < 0) return d;
  const page = pages[pi] as SurveyPage;
  const ii = page.items.findIndex((i) => i.key === itemKey);
  const moved = moveWithinPage(page, ii, direction === "up" ? -1 : 1);
  if (moved) {
    page.items = moved;
    return tidyGrids({ pages });
  }
  const otherPage = pages[direction === "up" ? pi - 1 : pi + 1];
  if (!otherPage) return d;
  const [item] = page.items.splice(ii, 1) as [SurveyItem];
  if (direction === "up") otherPage.items.push(item);
  else otherPage.items.unshift(item);
  return { pages };
}

/** What a designer should fix before publishing, as catalogue keys with details. */
export function publishProblems(d: SurveyDefinition): { key: string; page?: string }[] {
  const problems: { key: string; page?: string }[] = [];
  if (allItems(d).length === 0) problems.push({ key: "surveys.problems.empty" });
  for (const p of d.pages) {
    if (!p.titleEn.trim() || !p.titleFr.trim()) problems.push({ key: "surveys.problems.pageTitle", page: p.key });
    if (p.items.length === 0) problems.push({ key: "surveys.problems.emptyPage", page: p.key });
  }
  if (brokenLogic(d).length > 0) problems.push({ key: "surveys.problems.logic" });
  return problems;
}
