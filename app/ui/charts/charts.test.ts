import { DOMParser } from "linkedom";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { i18nFor } from "#app/i18n/i18n.ts";
import { Chart } from "./chart.tsx";
import { type ChartSpec, chartSvg, renderChart } from "./index.server.ts";

const est = (mean: number, half: number, n = 100) => ({ mean, ci: [mean - half, mean + half] as const, n });
const scores: ChartSpec = {
  kind: "scores",
  title: "Scores",
  rowHeading: "Question",
  rows: [
    { label: "Courtesy", estimate: est(82.25, 1.5) },
    { label: "Timeliness", estimate: est(61.5, 2, 87) },
    { label: "Outcome", estimate: est(70, 3) },
  ],
};
const matrix: ChartSpec = {
  kind: "matrix",
  title: "Matrix",
  rowHeading: "Driver",
  points: [
    { label: "Timeliness", importance: 0.4, performance: 60, priority: true },
    { label: "Courtesy", importance: 0.1, performance: 85, priority: false },
    { label: "Outcome", importance: 0.3, performance: 65, priority: true },
    { label: "Fairness", importance: 0.2, performance: 80, priority: false },
  ],
};
const trend: ChartSpec = {
  kind: "trend",
  title: "Trend",
  periodHeading: "Wave",
  series: [
    {
      label: "Phone",
      points: [
        { period: "2025", estimate: est(60, 2) },
        { period: "2026", estimate: est(65, 2) },
      ],
    },
    {
      label: "Online",
      points: [
        { period: "2025", estimate: est(70, 2) },
        { period: "2026", estimate: est(68, 2) },
      ],
    },
  ],
};
const shares: ChartSpec = {
  kind: "shares",
  title: "Shares",
  rowHeading: "Channel",
  rows: ["Phone", "Online", "Mail"],
  columns: ["Satisfied", "Not satisfied"],
  rowPercent: [
    [75, 25],
    [40, 60],
    [12.5, 87.5],
  ],
  rowTotals: [40, 50, 8],
};

const benchmark: ChartSpec = {
  kind: "benchmark",
  title: "Among peers",
  rowHeading: "Question",
  rows: [
    { label: "Overall", own: 65.9, median: 67.8, q1: 63.5, q3: 71.2, position: "q1-median" },
    { label: "Timeliness", own: 80, median: 56.8, q1: 52.1, q3: 58.7, position: "above-q3" },
  ],
};

const parse = (svg: string) => new DOMParser().parseFromString(svg, "image/svg+xml") as unknown as Document;
const texts = (svg: string) => Array.from(parse(svg).querySelectorAll("text")).map((t) => t.textContent);

describe("chart SVG", () => {
  it.each([scores, matrix, trend, shares, benchmark])(
    "is an accessible, id-free, deterministic image: $kind",
    (spec) => {
      const svg = chartSvg(spec, "en");
      expect(svg).toBe(chartSvg(spec, "en"));
      const root = parse(svg).querySelector("svg");
      expect(root?.getAttribute("role")).toBe("img");
      expect(root?.getAttribute("font-size")).toBe("13");
      expect(root?.querySelector("title")?.textContent).toBe(spec.title);
      expect(root?.querySelector("desc")?.textContent).toBe(renderChart(spec, "en").summary);
      expect(svg).not.toMatch(/\sid=/);
      expect(svg).not.toMatch(/aria-label=/);
      expect(svg).not.toMatch(/font-size="(\d|1[01])"/);
    },
  );

  it("draws one dot, two whisker ends and a label per score", () => {
    const doc = parse(chartSvg(scores, "fr"));
    expect(doc.querySelectorAll(".chart__point circle")).toHaveLength(3);
    expect(doc.querySelectorAll(".chart__ci line")).toHaveLength(9);
    const words = texts(chartSvg(scores, "fr"));
    for (const label of ["Courtesy", "Timeliness", "Outcome", "82,3", "61,5", "70,0"]) expect(words).toContain(label);
  });

  it("draws the peers' middle half, their median and the survey's own score per question", () => {
    const doc = parse(chartSvg(benchmark, "fr"));
    expect(doc.querySelectorAll(".chart__bar line")).toHaveLength(2);
    expect(doc.querySelectorAll(".chart__ci line")).toHaveLength(2);
    expect(doc.querySelectorAll(".chart__point circle")).toHaveLength(2);
    expect(texts(chartSvg(benchmark, "fr"))).toEqual(expect.arrayContaining(["Overall", "65,9", "80,0"]));
    const model = renderChart(benchmark, "en");
    expect(model.summary).toContain("above the peer median on 1 and below it on 1");
    expect(model.table.rows[1]?.cells).toEqual(["80.0", "56.8", "52.1 to 58.7", "Above the 3rd quartile"]);
  });

  it("marks priorities by shape and by their label", () => {
    const doc = parse(chartSvg(matrix, "en"));
    expect(doc.querySelectorAll(".chart__point--priority path")).toHaveLength(2);
    expect(doc.querySelectorAll(".chart__mean line")).toHaveLength(2);
    const words = texts(chartSvg(matrix, "en"));
    expect(words).toEqual(
      expect.arrayContaining(["Timeliness (priority)", "Outcome (priority)", "Courtesy", "Fairness"]),
    );
    expect(renderChart(matrix, "en").summary).toContain("Timeliness and Outcome");
  });

  it("draws a line and whiskered points per trend series", () => {
    const doc = parse(chartSvg(trend, "en"));
    expect(doc.querySelectorAll(".chart__line path")).toHaveLength(2);
    expect(doc.querySelectorAll(".chart__ci line")).toHaveLength(4);
    expect(texts(chartSvg(trend, "en"))).toEqual(expect.arrayContaining(["Phone 65.0", "Online 68.0"]));
  });

  it("draws a bar per cross-tab cell with its share", () => {
    const doc = parse(chartSvg(shares, "fr"));
    expect(doc.querySelectorAll(".chart__bar rect")).toHaveLength(6);
    expect(texts(chartSvg(shares, "fr"))).toEqual(
      expect.arrayContaining(["12,5\u00a0%", "87,5\u00a0%", "Phone", "Mail"]),
    );
  });
});

describe("chart table", () => {
  it("holds the data, formatted per language", () => {
    expect(renderChart(scores, "fr").table).toEqual({
      head: ["Question", "Score (0 à 100)", "Intervalle de confiance à 95 %", "Réponses"],
      rows: [
        { header: "Courtesy", cells: ["82,3", "80,8 à 83,8", "100"] },
        { header: "Timeliness", cells: ["61,5", "59,5 à 63,5", "87"] },
        { header: "Outcome", cells: ["70,0", "67,0 à 73,0", "100"] },
      ],
    });
    expect(renderChart(shares, "en").table.rows[2]).toEqual({ header: "Mail", cells: ["12.5%", "87.5%", "8"] });
    expect(renderChart(matrix, "en").table.rows[0]).toEqual({ header: "Timeliness", cells: ["40.0%", "60.0", "Yes"] });
    expect(renderChart(trend, "en").table.rows).toHaveLength(4);
  });
});

describe("<Chart>", () => {
  it("renders a figure with caption, inline SVG and a real data table", () => {
    const model = renderChart(shares, "en");
    const html = renderToStaticMarkup(
      createElement(I18nextProvider, { i18n: i18nFor("en") }, createElement(Chart, { model })),
    );
    const doc = new DOMParser().parseFromString(
      `<!doctype html><html><body>${html}</body></html>`,
      "text/html",
    ) as unknown as Document;
    const figure = doc.querySelector("figure");
    const caption = figure?.querySelector("figcaption");
    expect(figure?.getAttribute("aria-labelledby")).toBe(caption?.getAttribute("id"));
    expect(caption?.textContent).toContain(model.summary);
    expect(figure?.querySelector("svg[role=img]")).not.toBeNull();
    expect(figure?.querySelector("table caption")?.textContent).toBe("Shares");
    expect(Array.from(figure?.querySelectorAll("th[scope=col]") ?? []).map((th) => th.textContent)).toEqual(
      model.table.head,
    );
    const body = Array.from(figure?.querySelectorAll("tbody tr") ?? []).map((tr) =>
      Array.from(tr.children).map((cell) => cell.textContent),
    );
    expect(body).toEqual(model.table.rows.map((row) => [row.header, ...row.cells]));
    expect(figure?.querySelectorAll("tbody th[scope=row]")).toHaveLength(3);
  });
});
