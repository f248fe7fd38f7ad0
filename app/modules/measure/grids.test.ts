import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { moveItem, removeItem, type SurveyDefinition } from "./definition.ts";
import { gridKind, groupAsGrid, pageBlocks, tidyGrids, ungroupGrid } from "./grids.ts";

// Five questions on one page: three satisfaction scales, one 0–10, one text.
const kinds: Record<string, string | null> = {
  A: "scale5:satisfaction",
  B: "scale5:satisfaction",
  C: "scale10",
  D: "scale5:satisfaction",
  E: null,
};
const kindOf = (code: string) => kinds[code] ?? null;
const base: SurveyDefinition = {
  pages: [
    {
      key: "p1",
      titleEn: "Service",
      titleFr: "Service",
      items: ["A", "B", "C", "D", "E"].map((code, i) => ({ key: `q${i + 1}`, code, locked: false, required: false })),
    },
  ],
};
const titles = { titleEn: "How satisfied were you with…", titleFr: "Dans quelle mesure étiez-vous satisfait…" };
const layout = (d: SurveyDefinition) =>
  d.pages.map((p) => p.items.map((i) => (i.grid ? `${i.code}:${i.grid}` : i.code)));
const grouped = groupAsGrid(base, "p1", ["q1", "q4"], titles, kindOf) as SurveyDefinition;

describe("grids of scale questions", () => {
  it("knows which questions can share columns", () => {
    expect(gridKind({ type: "scale5", scale: null })).toBe("scale5:satisfaction");
    expect(gridKind({ type: "scale5", scale: "importance" })).toBe("scale5:importance");
    expect(gridKind({ type: "scale10", scale: null })).toBe("scale10");
    expect(gridKind({ type: "single", scale: null })).toBeNull();
  });

  it("gathers the rows where the first one stands, in page order", () => {
    expect(layout(grouped)).toEqual([["A:g1", "D:g1", "B", "C", "E"]]);
    expect(grouped.pages[0]?.grids).toEqual([{ key: "g1", ...titles }]);
  });

  it("refuses a grid of one, of mixed scales, of text, of another page's items or of rows already in a grid", () => {
    expect(groupAsGrid(base, "p1", ["q1"], titles, kindOf)).toBeNull();
    expect(groupAsGrid(base, "p1", ["q1", "q3"], titles, kindOf)).toBeNull();
    expect(groupAsGrid(base, "p1", ["q1", "q5"], titles, kindOf)).toBeNull();
    expect(groupAsGrid(base, "p2", ["q1", "q2"], titles, kindOf)).toBeNull();
    expect(groupAsGrid(base, "p1", ["q1", "q9"], titles, kindOf)).toBeNull();
    expect(groupAsGrid(grouped, "p1", ["q1", "q2"], titles, kindOf)).toBeNull();
  });

  it("moves a row within its grid, lets it leave at the edge, and makes other items jump the whole grid", () => {
    expect(layout(moveItem(grouped, "q4", "up"))).toEqual([["D:g1", "A:g1", "B", "C", "E"]]);
    // Leaving a grid of two leaves no grid at all.
    const left = moveItem(grouped, "q4", "down");
    expect(layout(left)).toEqual([["A", "D", "B", "C", "E"]]);
    expect(left.pages[0]?.grids).toBeUndefined();
    expect(layout(moveItem(grouped, "q2", "up"))).toEqual([["B", "A:g1", "D:g1", "C", "E"]]);
  });

  it("ungroups, and forgets a grid whose rows were removed", () => {
    expect(layout(ungroupGrid(grouped, "g1"))).toEqual([["A", "D", "B", "C", "E"]]);
    const removed = removeItem(grouped, "q1");
    expect(layout(removed)).toEqual([["D", "B", "C", "E"]]);
    expect(removed.pages[0]?.grids).toBeUndefined();
  });

  it("shows a page as items and grids in order", () => {
    const items = grouped.pages[0]?.items ?? [];
    const blocks = pageBlocks(items, grouped.pages[0]?.grids);
    expect(blocks.map((b) => (b.kind === "grid" ? b.items.map((i) => i.code).join("+") : b.item.code))).toEqual([
      "A+D",
      "B",
      "C",
      "E",
    ]);
  });

  it("keeps every grid's rows together and every question once, whatever the moves", () => {
    const keys = base.pages[0]?.items.map((i) => i.key) ?? [];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...keys), fc.constantFrom("up" as const, "down" as const)), {
          maxLength: 30,
        }),
        (moves) => {
          let d = tidyGrids(grouped);
          for (const [key, direction] of moves) d = moveItem(d, key, direction);
          const items = d.pages.flatMap((p) => p.items);
          expect(items.map((i) => i.code).sort()).toEqual(["A", "B", "C", "D", "E"]);
          for (const page of d.pages) {
            const blocks = pageBlocks(page.items, page.grids);
            const gridKeys = blocks.flatMap((b) => (b.kind === "grid" ? [b.grid.key] : []));
            expect(new Set(gridKeys).size).toBe(gridKeys.length);
            for (const b of blocks) if (b.kind === "grid") expect(b.items.length).toBeGreaterThanOrEqual(2);
          }
        },
      ),
    );
  });
});
