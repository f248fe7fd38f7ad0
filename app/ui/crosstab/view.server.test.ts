import { describe, expect, it } from "vitest";
import type { CrosstabPage } from "#app/modules/insights/crosstab.server.ts";
import { computeCrosstab, crosstabVariables, type CrosstabChoice } from "#app/modules/insights/crosstab.ts";
import type { ResultsQuestions } from "#app/modules/insights/questions.ts";
import type { ResultsRow } from "#app/modules/insights/results.ts";
import { crosstabView } from "./view.server.ts";

const overall = {
  code: "CORE-OS-01",
  type: "scale5",
  textEn: "Overall satisfaction",
  textFr: "Satisfaction globale",
  driver: null,
  element: "satisfaction",
  options: null,
};
const questions: ResultsQuestions = { scales: [overall], overall, drivers: [], categories: [] };
const rows: ResultsRow[] = Array.from({ length: 60 }, (_, i) => ({
  version: 1,
  channel: i % 2 ? "web" : "invitation",
  lang: i % 3 ? "en" : "fr",
  submittedAt: new Date(0),
  answers: { "CORE-OS-01": 1 + (i % 5) },
}));

function page(choice: CrosstabChoice, margins?: Record<string, Record<string, number>>): CrosstabPage {
  const variables = crosstabVariables(questions, [1]);
  return {
    survey: { id: "s", titleEn: "S", titleFr: "S", status: "open", responseTarget: null },
    questions,
    variables,
    choice,
    errors: null,
    result: computeCrosstab(rows, choice, variables, overall.code, margins),
  };
}

describe("crosstabView", () => {
  it("labels rows and columns in the page's language and draws the row shares", () => {
    const view = crosstabView(page({ rows: "lang", columns: "satisfied", groups: ["en", "fr"] }), "fr");
    expect(view.table?.rows).toEqual(["Anglais", "Français"]);
    expect(view.table?.columns).toEqual(["Satisfait (4 ou 5)", "Non satisfait (1 à 3)"]);
    expect(view.table?.rowsLabel).toBe("Langue de la réponse");
    expect(view.chart?.kind).toBe("shares");
    expect(view.chart?.table.rows.map((r) => r.header)).toEqual(["Anglais", "Français"]);
    expect(view.comparison?.groups.map((g) => g.label)).toEqual(["Anglais", "Français"]);
    expect(view.table?.tests?.raoScott).toBeNull();
  });

  it("carries the Rao–Scott test when weighted", () => {
    const view = crosstabView(
      page({ rows: "channel", columns: "lang", groups: null }, { lang: { en: 0.5, fr: 0.5 } }),
      "en",
    );
    expect(view.weighted).toBe(true);
    expect(view.table?.columns).toEqual(["English", "French"]);
    expect(view.table?.tests?.raoScott?.ddf).toBeGreaterThan(0);
  });

  it("has no tests when only one category has answers", () => {
    const view = crosstabView(page({ rows: "version", columns: "satisfied", groups: null }), "en");
    expect(view.table?.rows).toEqual(["Version 1"]);
    expect(view.table?.tests).toBeNull();
  });
});
