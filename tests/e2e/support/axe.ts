import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import { cspOf, isJavaScriptDisabled } from "./browser.ts";

// axe-core needs timers, and a page whose scripts are disabled runs none: axe
// would wait forever. So a page without JavaScript is checked through a
// mirror: the very DOM it shows, scripts removed, served at the same URL
// (same stylesheets and fonts) and under the same Content-Security-Policy,
// in a context where axe itself can run.

const mirrors = new WeakMap<Browser, Promise<{ context: BrowserContext; page: Page }>>();

function mirrorFor(page: Page) {
  const browser = page.context().browser();
  if (!browser) throw new Error("expectNoAxeViolations: the page has no browser");
  let mirror = mirrors.get(browser);
  if (!mirror) {
    mirror = (async () => {
      const context = await browser.newContext({ javaScriptEnabled: true, viewport: page.viewportSize() });
      // Only axe runs in the mirror: the app's own scripts are never loaded.
      await context.route(
        (u) => u.pathname.endsWith(".js"),
        (route) => route.abort(),
      );
      return { context, page: await context.newPage() };
    })();
    mirrors.set(browser, mirror);
  }
  return mirror;
}

async function pageToAnalyze(page: Page): Promise<Page> {
  if (!isJavaScriptDisabled(page)) return page;
  const html = (await page.content())
    .replace(/<script\b[\s\S]*?<\/script>/gi, "")
    .replace(/<link\b[^>]*rel="modulepreload"[^>]*>/gi, "");
  const { page: mirror } = await mirrorFor(page);
  const address = new URL(page.url());
  address.hash = "";
  const target = address.href;
  const serve = (u: URL) => u.href === target;
  const csp = cspOf(page);
  await mirror.route(serve, (route) =>
    route.fulfill({
      status: 200,
      contentType: "text/html; charset=utf-8",
      headers: { "x-e2e-mirror": "1", ...(csp ? { "content-security-policy": csp } : {}) },
      body: html,
    }),
  );
  try {
    const response = await mirror.goto(target, { waitUntil: "load" });
    if (response?.headers()["x-e2e-mirror"] !== "1") throw new Error(`the axe mirror did not serve ${target}`);
  } finally {
    await mirror.unroute(serve);
  }
  return mirror;
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and fails with a readable list. */
export async function expectNoAxeViolations(page: Page, what = page.url()): Promise<void> {
  const analyzed = await pageToAnalyze(page);
  const results = await new AxeBuilder({ page: analyzed })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    // Without frames, axe.run in the page gives the same results as the
    // frame-by-frame mode, which opens a blank page per run (twice as slow).
    .setLegacyMode(analyzed.frames().length === 1)
    .analyze();
  const problems = results.violations.map((v) => {
    const nodes = v.nodes.map(
      (n) => `      ${n.target.join(" ")}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, " ")}` : ""}`,
    );
    return `${v.id} (${v.impact ?? "?"}): ${v.help}\n${nodes.join("\n")}`;
  });
  expect(problems, `axe found ${problems.length} violation(s) on ${what}:\n${problems.join("\n")}`).toEqual([]);
}
