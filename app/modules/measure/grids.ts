// Grouping a page's scale questions into grids. Pure functions on the draft.
import type { SurveyDefinition, SurveyGrid, SurveyItem, SurveyPage } from "./definition.ts";

/**
 * What must match for questions to share a grid's columns, e.g.
 * "scale5:satisfaction" or "scale10"; null when a question cannot be a row.
 */
export function gridKind(q: { type: string; scale: string | null }): string | null {
  if (q.type === "scale5") return `scale5:${q.scale ?? "satisfaction"}`;
  if (q.type === "scale10") return "scale10";
  return null;
}

const withoutGrid = ({ grid: _grid, ...item }: SurveyItem): SurveyItem => item;

/**
 * Keeps grids well formed after any change: a grid needs two rows, and a
 * grid nobody belongs to is forgotten.
 */
export function tidyGrids(d: SurveyDefinition): SurveyDefinition {
  return {
    pages: d.pages.map((page) => {
      const counts = new Map<string, number>();
      for (const i of page.items) if (i.grid) counts.set(i.grid, (counts.get(i.grid) ?? 0) + 1);
      const items = page.items.map((i) => (i.grid && (counts.get(i.grid) ?? 0) < 2 ? withoutGrid(i) : i));
      const grids = (page.grids ?? []).filter((g) => (counts.get(g.key) ?? 0) >= 2);
      const { grids: _old, ...rest } = page;
      return grids.length > 0 ? { ...rest, items, grids } : { ...rest, items };
    }),
  };
}

/**
 * Groups items of one page as a grid under a stem. The rows gather where the
 * first of them stands, in their page order. Returns null when the grid
 * would not be valid: fewer than two items, an item elsewhere or already in
 * a grid, or questions whose answer scales differ (`kindOf`).
 */
export function groupAsGrid(
  d: SurveyDefinition,
  pageKey: string,
  itemKeys: string[],
  titles: { titleEn: string; titleFr: string },
  kindOf: (code: string) => string | null,
): SurveyDefinition | null {
  const page = d.pages.find((p) => p.key === pageKey);
  const wanted = new Set(itemKeys);
  if (!page || wanted.size < 2) return null;
  const rows = page.items.filter((i) => wanted.has(i.key));
  if (rows.length !== wanted.size || rows.some((i) => i.grid)) return null;
  const kinds = new Set(rows.map((i) => kindOf(i.code)));
  if (kinds.size !== 1 || kinds.has(null)) return null;
  const taken = new Set(d.pages.flatMap((p) => (p.grids ?? []).map((g) => g.key)));
  let n = taken.size + 1;
  while (taken.has(`g${n}`)) n++;
  const grid: SurveyGrid = { key: `g${n}`, ...titles };
  const first = page.items.findIndex((i) => wanted.has(i.key));
  const others = page.items.filter((i) => !wanted.has(i.key));
  const before = page.items.slice(0, first).filter((i) => !wanted.has(i.key)).length;
  const items = [...others.slice(0, before), ...rows.map((i) => ({ ...i, grid: grid.key })), ...others.slice(before)];
  const changed: SurveyPage = { ...page, items, grids: [...(page.grids ?? []), grid] };
  return { pages: d.pages.map((p) => (p.key === pageKey ? changed : p)) };
}

/** Turns a grid's rows back into separate questions, where they stand. */
export function ungroupGrid(d: SurveyDefinition, gridKey: string): SurveyDefinition {
  return tidyGrids({
    pages: d.pages.map((p) => ({ ...p, items: p.items.map((i) => (i.grid === gridKey ? withoutGrid(i) : i)) })),
  });
}

/**
 * Moves an item one place. A grid's row moves within its grid and, at the
 * grid's edge, leaves it where it stands; any other item jumps a whole grid
 * rather than landing inside one.
 */
export function moveWithinPage(page: SurveyPage, index: number, step: -1 | 1): SurveyItem[] | null {
  const items = [...page.items];
  const item = items[index] as SurveyItem;
  const neighbour = items[index + step];
  if (item.grid) {
    if (neighbour?.grid === item.grid) {
      items[index] = neighbour;
      items[index + step] = item;
    } else {
      items[index] = withoutGrid(item);
    }
    return items;
  }
  if (!neighbour) return null;
  let target = index + step;
  if (neighbour.grid) while (items[target + step]?.grid === neighbour.grid) target += step;
  items.splice(index, 1);
  items.splice(target, 0, item);
  return items;
}

/** A page's items in display order, consecutive rows of a grid together. */
export function pageBlocks<T extends { grid?: string }>(
  items: T[],
  grids: SurveyGrid[] | undefined,
): ({ kind: "item"; item: T } | { kind: "grid"; grid: SurveyGrid; items: T[] })[] {
  const blocks: ({ kind: "item"; item: T } | { kind: "grid"; grid: SurveyGrid; items: T[] })[] = [];
  for (const item of items) {
    const grid = item.grid ? grids?.find((g) => g.key === item.grid) : undefined;
    const last = blocks.at(-1);
    if (grid && last?.kind === "grid" && last.grid.key === grid.key) last.items.push(item);
    else if (grid) blocks.push({ kind: "grid", grid, items: [item] });
    else blocks.push({ kind: "item", item });
  }
  return blocks;
}
