// Renders every chart kind, in English and French, into /tmp/charts-preview.html
// and screenshots it with Chromium (normal and forced colours), so a person can
// look at what the server draws. Run: sh scripts/node24.sh tsx --import ./scripts/css-stub.mjs scripts/chart-preview.tsx
import { readFileSync, writeFileSync } from "node:fs";
import { chromium } from "playwright-core";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { i18nFor, type Lang } from "#app/i18n/i18n.ts";
import { Chart } from "#app/ui/charts/chart.tsx";
import { type ChartSpec, renderChart } from "#app/ui/charts/index.server.ts";

const est = (mean: number, half: number, n = 400) => ({ mean, ci: [mean - half, mean + half] as const, n });
const specs: ChartSpec[] = [
  {
    kind: "scores",
    title: "Service Quality Score by question",
    rowHeading: "Question",
    rows: [
      { label: "Overall, how satisfied were you with the service you received?", estimate: est(71.4, 1.8) },
      { label: "It was easy to find the service", estimate: est(64.2, 2.2) },
      { label: "Staff were courteous", estimate: est(82.9, 1.4) },
      { label: "I got what I needed", estimate: est(98.1, 1.2, 12) },
    ],
  },
  {
    kind: "matrix",
    title: "Priorities for improvement",
    rowHeading: "Driver",
    points: [
      { label: "Timeliness", importance: 0.31, performance: 61.2, priority: true },
      { label: "Outcome", importance: 0.27, performance: 66.0, priority: true },
      { label: "Courtesy", importance: 0.12, performance: 83.5, priority: false },
      { label: "Knowledge", importance: 0.18, performance: 78.1, priority: false },
      { label: "Fairness", importance: 0.07, performance: 80.4, priority: false },
      { label: "Ease of access", importance: 0.05, performance: 63.9, priority: false },
    ],
  },
  {
    kind: "trend",
    title: "Overall satisfaction by wave",
    periodHeading: "Wave",
    series: [
      {
        label: "In person",
        points: [
          { period: "2025 Q1", estimate: est(68.2, 2.1) },
          { period: "2025 Q3", estimate: est(70.5, 1.9) },
          { period: "2026 Q1", estimate: est(73.0, 2.4) },
        ],
      },
      {
        label: "Online",
        points: [
          { period: "2025 Q1", estimate: est(61.0, 2.5) },
          { period: "2025 Q3", estimate: est(64.8, 2.2) },
          { period: "2026 Q1", estimate: est(63.1, 2.0) },
        ],
      },
    ],
  },
  {
    kind: "shares",
    title: "Satisfied by channel (row %)",
    rowHeading: "Channel",
    rows: ["In person", "Telephone", "Online"],
    columns: ["Satisfied (4–5)", "Not satisfied (1–3)"],
    rowPercent: [
      [72.5, 27.5],
      [58.1, 41.9],
      [66.0, 34.0],
    ],
    rowTotals: [812, 455, 1290],
  },
];

const css = ["base.css", "global.css"]
  .map((f) => readFileSync(`node_modules/@gcds-core/tokens/build/web/css/${f}`, "utf8"))
  .join("\n");
const page = (lang: Lang) =>
  renderToStaticMarkup(
    <I18nextProvider i18n={i18nFor(lang)}>
      <main lang={lang}>
        {specs.map((spec, i) => (
          <Chart key={i} model={renderChart(spec, lang)} />
        ))}
      </main>
    </I18nextProvider>,
  );
const html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Charts</title>
<style>${css}\n${readFileSync("app/ui/app.css", "utf8").replace(/@import[^;]+;/g, "")}\n${readFileSync("app/ui/charts.css", "utf8")}
body{padding:1rem;display:grid;grid-template-columns:1fr 1fr;gap:2rem}.chart__data{display:block}</style>
<body>${page("en")}${page("fr")}</body></html>`;
writeFileSync("/tmp/charts-preview.html", html);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--headless"] });
for (const forcedColors of ["none", "active"] as const) {
  const p = await browser.newPage({
    viewport: { width: 1600, height: 900 },
    forcedColors,
    colorScheme: forcedColors === "active" ? "dark" : "light",
  });
  await p.goto("file:///tmp/charts-preview.html");
  await p.screenshot({ path: `/tmp/charts-${forcedColors}.png`, fullPage: true });
}
await browser.close();
console.log("wrote /tmp/charts-preview.html, /tmp/charts-none.png, /tmp/charts-active.png");
