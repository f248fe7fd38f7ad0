import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import { getDashboard } from "./dashboard.server.ts";
import { excludeQuestions, isKnownAnswer } from "./dashboard-view.ts";
import { OVERALL_CODE } from "./questions.ts";
import { getResponseSet } from "./response-set.server.ts";
import { analyzeResults } from "./results.ts";
import { surveyWeighting } from "./schema.ts";

let s: Awaited<ReturnType<typeof seededServices>>;
let analyst: TenantCtx;
let learner: TenantCtx;
let ontario: TenantCtx;
let passports = "";
let benefits = "";

const surveyIdOf = async (orgId: string, title: string) => {
  const [row] = await s.db
    .select({ id: survey.id })
    .from(survey)
    .where(and(eq(survey.orgId, orgId), eq(survey.titleEn, title)));
  return row?.id ?? "";
};

beforeAll(async () => {
  s = await seededServices();
  analyst = await s.tenantCtx("analyst@federal.example", "citizen-services-canada");
  learner = await s.tenantCtx("learner@federal.example", "citizen-services-canada");
  ontario = await s.tenantCtx("admin@ontario.example", "ontario-service-delivery");
  passports = await surveyIdOf(analyst.orgId, "Passport services – in person");
  benefits = await surveyIdOf(analyst.orgId, "Benefits call centre – telephone");
  // The benefits survey is weighted to an even split of English and French callers.
  await s.db.insert(surveyWeighting).values({
    orgId: analyst.orgId,
    surveyId: benefits,
    margins: { lang: { en: 5000, fr: 5000 } },
  });
});

async function engine(surveyId: string, weighted: boolean) {
  const set = await getResponseSet(analyst, surveyId, {});
  const { questions } = set;
  return analyzeResults(set.rows, {
    overall: questions.overall?.code ?? null,
    drivers: questions.drivers.map((q) => q.code),
    scales: questions.scales.map((q) => q.code),
    margins: weighted ? { lang: { en: 5000, fr: 5000 } } : undefined,
  });
}

describe("a survey's results dashboard", () => {
  it("shows the engine's numbers: headline, every scale question, drivers and priorities", async () => {
    const view = await getDashboard(analyst, passports, {});
    const results = await engine(passports, false);
    expect(view.n).toBe(results.n);
    expect(view.weighting).toEqual({ available: false, applied: false, variables: [] });
    const overall = results.items[OVERALL_CODE];
    expect(view.headline?.code).toBe(OVERALL_CODE);
    // The unfiltered view comes from the cells (sums in the database): equal to the engine's to 1e-9.
    const close = (a: number | undefined, b: number | undefined) =>
      expect(Math.abs((a ?? NaN) - (b ?? NaN))).toBeLessThan(1e-9 * Math.max(1, Math.abs(b ?? 0)));
    close(view.headline?.mean, overall?.mean);
    close(view.headline?.ci[0], overall?.ci[0]);
    close(view.headline?.ci[1], overall?.ci[1]);
    close(view.headline?.satisfied.p, overall?.satisfied.p);
    expect(view.scores.map((q) => q.code)).toEqual(Object.keys(results.items));
    for (const score of view.scores) close(score.mean, results.items[score.code]?.mean);
    close(view.drivers?.r2, results.drivers?.r2);
    expect(view.drivers?.items.map((d) => [d.code, d.quadrant])).toEqual(
      results.drivers?.items.map((d) => [d.item, d.quadrant]),
    );
    view.drivers?.items.forEach((d, i) => {
      close(d.importance, results.drivers?.items[i]?.importance);
      close(d.r, results.drivers?.items[i]?.r);
    });
    expect(view.drivers?.items.map((d) => d.driver)).toContain("timeliness");
    const priorities = results.drivers?.items.filter((d) => d.quadrant === "priority") ?? [];
    expect(view.priorities.map((d) => d.code).sort()).toEqual(priorities.map((d) => d.item).sort());
    expect(view.priorities.length).toBeGreaterThan(0);
    // The view travels to the browser as JSON: nothing is lost on the way.
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });

  it("weights to the survey's margins by default, and not when asked", async () => {
    const weighted = await getDashboard(analyst, benefits, {});
    const unweighted = await getDashboard(analyst, benefits, {}, { weighted: false });
    const [w, u] = await Promise.all([engine(benefits, true), engine(benefits, false)]);
    expect(weighted.weighting).toEqual({ available: true, applied: true, variables: ["lang"] });
    expect(unweighted.weighting).toEqual({ available: true, applied: false, variables: ["lang"] });
    // Margins on language: the dashboard rakes the cells' groups, the engine the responses; equal to 1e-9.
    expect(weighted.headline?.mean).toBeCloseTo(w.items[OVERALL_CODE]?.mean ?? NaN, 9);
    expect(unweighted.headline?.mean).toBeCloseTo(u.items[OVERALL_CODE]?.mean ?? NaN, 9);
    expect(weighted.headline?.mean).not.toBeCloseTo(unweighted.headline?.mean ?? NaN, 3);
    const importance = w.drivers?.items.map((d) => d.importance) ?? [];
    expect(weighted.drivers?.items).toHaveLength(importance.length);
    weighted.drivers?.items.forEach((d, i) => expect(d.importance).toBeCloseTo(importance[i] ?? NaN, 9));
  });

  it("shows the trend by fieldwork wave, each wave's score from its own responses", async () => {
    const view = await getDashboard(analyst, passports, {});
    expect(view.trend.granularity).toBe("wave");
    // The demo's three yearly waves, oldest first, with every complete response in one.
    expect(view.trend.points).toHaveLength(3);
    expect(view.trend.points.reduce((sum, p) => sum + p.n, 0)).toBe(view.n);
    const set = await getResponseSet(analyst, passports, {});
    const first = view.trend.points[0];
    // A wave ends on the last day of its last month.
    const end = Date.parse(first?.to ?? "") + 86_400_000;
    const rows = set.rows.filter((r) => r.submittedAt.getTime() < end);
    const alone = analyzeResults(rows, { overall: OVERALL_CODE, drivers: [], scales: [OVERALL_CODE] });
    expect(first?.score?.mean).toBe(alone.items[OVERALL_CODE]?.mean);
    // Waiting times fell wave after wave in this story, and satisfaction rose.
    const means = view.trend.points.map((p) => p.score?.mean ?? 0);
    expect(means[2]).toBeGreaterThan(means[0] ?? 100);
  });

  it("counts completion, invitations and filters; a filter matching nothing leaves nothing to show", async () => {
    const view = await getDashboard(analyst, passports, { lang: "fr" });
    expect(view.filtered).toBe(true);
    expect(view.rates.completion?.complete).toBe(view.n);
    expect(view.rates.completion?.started).toBeGreaterThan(view.n);
    expect(view.rates.invitations).toBeNull();
    const answered = await getDashboard(analyst, passports, { question: { code: OVERALL_CODE, value: "5" } });
    expect(answered.rates.completion).toBeNull();
    const none = await getDashboard(analyst, passports, { from: new Date("2099-01-01") });
    expect(none.n).toBe(0);
    expect(none.headline).toBeNull();
    expect(none.trend.points).toEqual([]);
    expect(none.notes).toContainEqual({ key: "tooFewRatings", code: OVERALL_CODE, n: 0 });
  });

  it("knows which answers a question can be filtered on", async () => {
    const view = await getDashboard(analyst, passports, {});
    expect(isKnownAnswer(view.filterQuestions, OVERALL_CODE, "4")).toBe(true);
    expect(isKnownAnswer(view.filterQuestions, OVERALL_CODE, "6")).toBe(false);
    expect(isKnownAnswer(view.filterQuestions, "NOPE-01", "4")).toBe(false);
    const category = view.filterQuestions.find((q) => !q.scale);
    expect(isKnownAnswer(view.filterQuestions, category?.code ?? "", category?.options?.[0]?.code ?? "")).toBe(true);
  });

  it("leaves chosen questions out for a share link", async () => {
    const view = await getDashboard(analyst, passports, {});
    const driver = view.drivers?.items[0];
    const shared = excludeQuestions(view, [driver?.code ?? ""]);
    expect(shared.scores.map((q) => q.code)).not.toContain(driver?.code);
    expect(shared.drivers?.items.map((d) => d.code)).not.toContain(driver?.code);
    expect(shared.filterQuestions.map((q) => q.code)).not.toContain(driver?.code);
    expect(shared.headline).toEqual(view.headline);
    expect(JSON.stringify(shared)).not.toContain(`"${driver?.code}"`);
    const noOverall = excludeQuestions(view, [OVERALL_CODE]);
    expect(noOverall.headline).toBeNull();
    expect(noOverall.drivers).toBeNull();
    expect(noOverall.priorities).toEqual([]);
    expect(noOverall.trend.points).toEqual([]);
    expect(JSON.stringify(noOverall)).not.toContain(OVERALL_CODE);
    // The original is untouched.
    expect(view.scores.map((q) => q.code)).toContain(driver?.code);
  });

  it("lets analysts read, refuses members without results.view, and hides the survey from other organizations", async () => {
    await expect(getDashboard(learner, passports, {})).rejects.toMatchObject({ code: "Forbidden" });
    await expect(getDashboard(ontario, passports, {})).rejects.toMatchObject({ code: "NotFound" });
    await expect(getDashboard(analyst, "not-a-uuid", {})).rejects.toMatchObject({ code: "NotFound" });
  });
});
