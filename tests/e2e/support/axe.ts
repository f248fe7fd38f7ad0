import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { expect } from "vitest";

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and fails with a readable list. */
export async function expectNoAxeViolations(page: Page, what = page.url()): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const problems = results.violations.map((v) => {
    const nodes = v.nodes.map((n) => `      ${n.target.join(" ")}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, " ")}` : ""}`);
    return `${v.id} (${v.impact ?? "?"}): ${v.help}\n${nodes.join("\n")}`;
  });
  expect(problems, `axe found ${problems.length} violation(s) on ${what}:\n${problems.join("\n")}`).toEqual([]);
}
