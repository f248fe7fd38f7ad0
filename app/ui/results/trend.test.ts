import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { i18nFor } from "#app/i18n/i18n.ts";
import type { Lang } from "#app/i18n/paths.ts";
import type { DashboardView } from "#app/modules/insights/dashboard-view.ts";
import { TrendTable } from "./trend.tsx";

// What the trend says must agree with its own table.

function render(trend: DashboardView["trend"], lang: Lang = "en"): string {
  const table = createElement(TrendTable, { trend });
  const translated = createElement(I18nextProvider, { i18n: i18nFor(lang) }, table);
  const html = renderToStaticMarkup(createElement(MemoryRouter, { initialEntries: [`/${lang}/x`] }, translated));
  return html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
}

const scored = {
  n: 40,
  mean: 70,
  ci: [62, 78] as [number, number],
  satisfied: { p: 0.7, ci: [0.55, 0.82] as [number, number] },
};

describe("the trend's text", () => {
  it("does not call two periods one when only one of them can be scored, and counts one response as one", () => {
    const text = render({
      granularity: "month",
      points: [
        { from: "2026-09-01T00:00:00.000Z", to: "2026-09-30T00:00:00.000Z", n: 1, score: null },
        { from: "2026-10-01T00:00:00.000Z", to: "2026-10-31T00:00:00.000Z", n: 40, score: scored },
      ],
    });
    expect(text).toContain("Only one of these periods has enough ratings to score");
    expect(text).not.toContain("fall in one period");
    expect(text).toContain("(1 response)");
    expect(text).not.toContain("1 responses");
    const french = render(
      {
        granularity: "month",
        points: [
          { from: "2026-09-01T00:00:00.000Z", to: "2026-09-30T00:00:00.000Z", n: 3, score: null },
          { from: "2026-10-01T00:00:00.000Z", to: "2026-10-31T00:00:00.000Z", n: 40, score: scored },
        ],
      },
      "fr",
    );
    expect(french).toContain("(3 réponses)");
    expect(french).toContain("Une seule de ces périodes");
  });

  it("says one period when there is one", () => {
    const text = render({
      granularity: "month",
      points: [{ from: "2026-10-01T00:00:00.000Z", to: "2026-10-31T00:00:00.000Z", n: 40, score: scored }],
    });
    expect(text).toContain("All these responses fall in one period");
  });
});
