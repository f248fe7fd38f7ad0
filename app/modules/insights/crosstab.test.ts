import { describe, expect, it } from "vitest";
import { responseChannels } from "#app/modules/responses/statuses.ts";
import { compareMeans } from "#app/stats/compare.ts";
import { crossTabulate } from "#app/stats/crosstab.ts";
import { rake } from "#app/stats/rake.ts";
import {
  computeCrosstab,
  crosstabVariables,
  parseCrosstabChoice,
  SATISFACTION,
  type CrosstabVariables,
} from "./crosstab.ts";
import type { ResultsQuestions } from "./questions.ts";
import type { ResultsRow } from "./results.ts";

const question = (code: string, type: string, options: string[] | null = null) => ({
  code,
  type,
  textEn: code,
  textFr: code,
  driver: null,
  element: "satisfaction",
  options: options?.map((o) => ({ code: o, en: o, fr: o })) ?? null,
});
const overall = question("CORE-OS-01", "scale5");
const questions: ResultsQuestions = {
  scales: [overall, question("TIME", "scale5")],
  overall,
  drivers: [],
  categories: [question("AGE", "single", ["young", "old"])],
};
const variables: CrosstabVariables = crosstabVariables(questions, [1, 2]);

// 40 responses whose satisfaction depends on channel and age, deterministic.
const rows: ResultsRow[] = Array.from({ length: 40 }, (_, i) => ({
  version: 1 + (i % 2),
  channel: i % 3 === 0 ? "staff" : "web",
  lang: i % 4 === 0 ? "fr" : "en",
  submittedAt: new Date(0),
  answers: {
    "CORE-OS-01": i % 7 === 0 ? "na" : 1 + ((i * 3 + (i % 3 === 0 ? 2 : 0)) % 5),
    TIME: 1 + ((i * 2) % 5),
    AGE: i % 5 === 0 ? "old" : "young",
  },
}));
const overallRatings = rows.map((r) =>
  typeof r.answers["CORE-OS-01"] === "number" ? (r.answers["CORE-OS-01"] as number) : null,
);

const choose = (query: string) => parseCrosstabChoice(new URLSearchParams(query), variables);

describe("the cross-tab builder's choices", () => {
  it("defaults to channel by overall satisfaction", () => {
    expect(choose("")).toEqual({ ok: true, choice: { rows: "channel", columns: SATISFACTION, groups: null } });
  });

  it("names what is wrong with a bad choice, as translation keys", () => {
    expect(choose("rows=nope&columns=TIME")).toEqual({ ok: false, errors: { rows: "crosstab.errors.rows" } });
    expect(choose("rows=AGE&columns=AGE")).toEqual({ ok: false, errors: { columns: "crosstab.errors.sameVariable" } });
    expect(choose("rows=AGE&columns=<x>")).toEqual({ ok: false, errors: { columns: "crosstab.errors.columns" } });
    expect(choose("rows=AGE&of=AGE&first=young&second=young")).toEqual({
      ok: false,
      errors: { second: "crosstab.errors.sameGroups" },
    });
    expect(choose("rows=AGE&of=AGE&first=young&second=middle")).toEqual({
      ok: false,
      errors: { second: "crosstab.errors.group" },
    });
    expect(choose("rows=AGE&of=AGE&first=young")).toEqual({
      ok: false,
      errors: { second: "crosstab.errors.bothGroups" },
    });
  });

  it("forgets groups picked for another row variable", () => {
    expect(choose("rows=lang&of=AGE&first=young&second=old")).toEqual({
      ok: true,
      choice: { rows: "lang", columns: SATISFACTION, groups: null },
    });
  });
});

describe("computeCrosstab", () => {
  it("tabulates a variable by overall satisfied / not as app/stats does", () => {
    const result = computeCrosstab(
      rows,
      { rows: "channel", columns: SATISFACTION, groups: null },
      variables,
      "CORE-OS-01",
    );
    const expected = crossTabulate(
      rows.map((r) => r.channel),
      overallRatings.map((r) => (r === null ? null : r >= 4 ? "satisfied" : "not satisfied")),
      undefined,
      { rows: [...responseChannels], columns: ["satisfied", "not satisfied"] },
    );
    expect(result.weighted).toBe(false);
    expect(result.table?.counts).toEqual(expected.counts);
    expect(result.table?.chi2).toBeCloseTo(expected.chi2, 12);
    expect(result.table?.rows).toEqual(["web", "staff"]);
    expect(result.table?.columns).toEqual(["satisfied", "not satisfied"]);
    expect(result.table?.n).toBe(overallRatings.filter((r) => r !== null).length);
  });

  it("tabulates by a scale question's answers and by another category", () => {
    const byTime = computeCrosstab(rows, { rows: "AGE", columns: "TIME", groups: null }, variables, "CORE-OS-01");
    expect(byTime.table?.columns).toEqual(["1", "2", "3", "4", "5"]);
    expect(byTime.table?.rows).toEqual(["young", "old"]);
    expect(byTime.table?.counts.flat().reduce((a, b) => a + b, 0)).toBe(40);
    const byVersion = computeCrosstab(rows, { rows: "lang", columns: "version", groups: null }, variables, null);
    expect(byVersion.table?.counts).toEqual([
      [10, 20],
      [10, 0],
    ]);
    expect(byVersion.table?.df).toBe(1);
    expect(byVersion.notes).toEqual([]);
  });

  it("weights by raking to the margins, with Rao–Scott's F", () => {
    const margins = { lang: { en: 0.5, fr: 0.5 } };
    const result = computeCrosstab(
      rows,
      { rows: "AGE", columns: SATISFACTION, groups: null },
      variables,
      "CORE-OS-01",
      margins,
    );
    const weights = rake(
      { lang: rows.map((r) => r.lang) },
      margins,
      rows.map(() => 1),
    ).weights;
    const expected = crossTabulate(
      rows.map((r) => r.answers.AGE as string),
      overallRatings.map((r) => (r === null ? null : r >= 4 ? "satisfied" : "not satisfied")),
      weights,
      { rows: ["young", "old"], columns: ["satisfied", "not satisfied"] },
    );
    expect(result.weighted).toBe(true);
    // Weighted counts read as people: they add up to the number of responses, not to 1.
    const people = expected.counts.map((line) => line.map((x) => (x * rows.length) / weights.reduce((a, b) => a + b)));
    result.table?.counts.forEach((line, i) => line.forEach((x, j) => expect(x).toBeCloseTo(people[i]?.[j] ?? NaN, 9)));
    expect(result.table?.rowPercent).toEqual(expected.rowPercent.map((line) => line.map((x) => expect.closeTo(x, 9))));
    expect(result.table?.raoScott?.p).toBeCloseTo(expected.raoScott?.p ?? NaN, 12);
  });

  it("warns when an expected count is under 5", () => {
    const result = computeCrosstab(rows, { rows: "AGE", columns: "TIME", groups: null }, variables, "CORE-OS-01");
    expect(result.notes).toContainEqual({ key: "smallExpected", expectedMin: result.table?.expectedMin });
  });

  it("compares the chosen groups' overall scores, second minus first", () => {
    const chosen = computeCrosstab(
      rows,
      { rows: "AGE", columns: SATISFACTION, groups: ["young", "old"] },
      variables,
      "CORE-OS-01",
    );
    const reference = compareMeans(
      overallRatings,
      rows.map((r) => r.answers.AGE as string),
    );
    // app/stats takes groups in label order (old, young); the builder keeps the person's order.
    expect(reference.groups.map((g) => g.label)).toEqual(["old", "young"]);
    expect(chosen.comparison?.groups.map((g) => g.label)).toEqual(["young", "old"]);
    expect(chosen.comparison?.diff).toBeCloseTo(-reference.diff, 12);
    expect(chosen.comparison?.t).toBeCloseTo(-reference.t, 12);
    expect(chosen.comparison?.df).toBeCloseTo(reference.df, 12);
    expect(chosen.comparison?.p).toBeCloseTo(reference.p, 12);
    expect(chosen.comparison?.ci).toEqual([-reference.ci[1], -reference.ci[0]]);
  });

  it("says when the chosen groups are too small to compare", () => {
    const result = computeCrosstab(
      rows,
      { rows: "version", columns: SATISFACTION, groups: ["1", "3"] },
      variables,
      "CORE-OS-01",
    );
    expect(result.comparison).toBeNull();
    expect(result.comparisonProblem).toBe("crosstab.errors.tooFewToCompare");
  });

  it("has no table when nothing was answered", () => {
    const result = computeCrosstab([], { rows: "AGE", columns: SATISFACTION, groups: null }, variables, "CORE-OS-01");
    expect(result.table).toBeNull();
    expect(result.n).toBe(0);
  });
});
