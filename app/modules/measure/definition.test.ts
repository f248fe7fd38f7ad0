import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addItem,
  addPage,
  moveItem,
  publishProblems,
  removeItem,
  removePage,
  type SurveyDefinition,
  setRequired,
} from "./definition.ts";

const base: SurveyDefinition = {
  pages: [
    {
      key: "p1",
      titleEn: "Your visit",
      titleFr: "Votre visite",
      items: [
        { key: "q1", code: "CORE-OS-01", locked: true, required: false },
        { key: "q2", code: "SUP-WAIT-01", locked: false, required: false },
      ],
    },
  ],
};
const codes = (d: SurveyDefinition) => d.pages.map((p) => p.items.map((i) => i.code));

describe("survey definition", () => {
  it("adds pages and items with fresh keys", () => {
    const withPage = addPage(base, { titleEn: "About you", titleFr: "À votre sujet" });
    expect(withPage.pages.map((p) => p.key)).toEqual(["p1", "p2"]);
    const withItem = addItem(withPage, "p2", "DEM-AGE-01");
    expect(withItem.pages[1]?.items[0]).toEqual({ key: "q3", code: "DEM-AGE-01", locked: false, required: false });
  });

  it("never removes a locked core question", () => {
    expect(codes(removeItem(base, "q1"))).toEqual([["CORE-OS-01", "SUP-WAIT-01"]]);
    expect(codes(removeItem(base, "q2"))).toEqual([["CORE-OS-01"]]);
  });

  it("removes only empty pages", () => {
    expect(removePage(base, "p1").pages).toHaveLength(1);
    const two = addPage(base, { titleEn: "x", titleFr: "y" });
    expect(removePage(two, "p2").pages).toHaveLength(1);
  });

  it("moves items within a page and across page edges", () => {
    expect(codes(moveItem(base, "q2", "up"))).toEqual([["SUP-WAIT-01", "CORE-OS-01"]]);
    const two = addPage(base, { titleEn: "x", titleFr: "y" });
    expect(codes(moveItem(two, "q2", "down"))).toEqual([["CORE-OS-01"], ["SUP-WAIT-01"]]);
    expect(codes(moveItem(base, "q1", "up"))).toEqual(codes(base));
    expect(setRequired(base, "q2", true).pages[0]?.items[1]?.required).toBe(true);
  });

  it("keeps every question exactly once, whatever moves are made", () => {
    const start = addItem(addPage(base, { titleEn: "a", titleFr: "b" }), "p2", "X-1");
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("q1", "q2", "q3"), fc.constantFrom("up", "down"))), (moves) => {
        let d = start;
        for (const [key, dir] of moves) d = moveItem(d, key, dir as "up" | "down");
        expect(d.pages.flatMap((p) => p.items.map((i) => i.code)).sort()).toEqual(["CORE-OS-01", "SUP-WAIT-01", "X-1"]);
      }),
    );
  });

  it("lists what must be fixed before publishing", () => {
    expect(publishProblems(base)).toEqual([]);
    const untitled = addPage(base, { titleEn: "Only English", titleFr: " " });
    expect(publishProblems(untitled)).toEqual([
      { key: "surveys.problems.pageTitle", page: "p2" },
      { key: "surveys.problems.emptyPage", page: "p2" },
    ]);
    expect(publishProblems({ pages: [] })).toEqual([{ key: "surveys.problems.empty" }]);
  });
});
