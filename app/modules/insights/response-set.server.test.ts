import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import { parseResultsFilter } from "./filters.ts";
import { OVERALL_CODE } from "./questions.ts";
import { getResponseSet } from "./response-set.server.ts";
import { analyzeResults } from "./results.ts";

let s: Awaited<ReturnType<typeof seededServices>>;
let analyst: TenantCtx;
let ontario: TenantCtx;
let passports: string;

beforeAll(async () => {
  s = await seededServices();
  analyst = await s.tenantCtx("analyst@federal.example", "citizen-services-canada");
  ontario = await s.tenantCtx("admin@ontario.example", "ontario-service-delivery");
  const [row] = await s.db
    .select({ id: survey.id })
    .from(survey)
    .where(and(eq(survey.orgId, analyst.orgId), eq(survey.titleEn, "Passport services – in person")));
  passports = row?.id ?? "";
});

const analyze = async (ctx: TenantCtx, query = "") => {
  const parsed = parseResultsFilter(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const set = await getResponseSet(ctx, passports, parsed.filter);
  const { questions } = set;
  return {
    set,
    results: analyzeResults(set.rows, {
      overall: questions.overall?.code ?? null,
      drivers: questions.drivers.map((q) => q.code),
      scales: questions.scales.map((q) => q.code),
    }),
  };
};

describe("a survey's results from its demo responses", () => {
  it("scores every scale question and finds the six core drivers", async () => {
    const { set, results } = await analyze(analyst);
    expect(set.rows.length).toBeGreaterThan(500);
    expect(set.questions.overall?.code).toBe(OVERALL_CODE);
    expect(set.questions.drivers.map((q) => q.driver)).toEqual([
      "timeliness",
      "knowledge",
      "courtesy",
      "fairness",
      "outcome",
      "ease_of_access",
    ]);
    const overall = results.items[OVERALL_CODE];
    expect(overall?.n).toBeGreaterThan(500);
    expect(overall?.ci[0]).toBeLessThan(overall?.mean ?? 0);
    // The generator makes satisfaction depend on the drivers: the model explains much of it.
    expect(results.drivers?.r2).toBeGreaterThan(0.3);
    const importance = results.drivers?.items.reduce((sum, d) => sum + d.importance, 0);
    expect(importance).toBeCloseTo(1, 9);
    expect(results.drivers?.items.some((d) => d.quadrant === "priority")).toBe(true);
  });

  it("filters by language, period and answer, and leaves partial responses out", async () => {
    const all = await analyze(analyst);
    const french = await analyze(analyst, "lang=fr");
    expect(french.set.rows.length).toBeGreaterThan(0);
    expect(french.set.rows.length).toBeLessThan(all.set.rows.length);
    expect(french.set.rows.every((row) => row.lang === "fr")).toBe(true);
    const satisfied = await analyze(analyst, `q=${OVERALL_CODE}&a=5`);
    expect(satisfied.results.items[OVERALL_CODE]?.mean).toBe(100);
    expect(satisfied.results.drivers).toBeNull();
    expect(satisfied.results.notes).toContainEqual({ key: "constantOverall" });
    const future = await analyze(analyst, "from=2099-01");
    expect(future.set.rows).toEqual([]);
    expect(future.results.notes).toContainEqual({ key: "tooFewRatings", code: OVERALL_CODE, n: 0 });
    expect(future.results.drivers).toBeNull();
  });

  it("rejects a malformed filter with translation keys", () => {
    const parsed = parseResultsFilter(new URLSearchParams("from=2026-13&channel=carrier-pigeon&lang=de"));
    expect(parsed).toEqual({
      ok: false,
      errors: { from: "results.errors.month", channel: "results.errors.channel", lang: "results.errors.lang" },
    });
  });

  it("answers 404 to another organization's member", async () => {
    await expect(getResponseSet(ontario, passports, {})).rejects.toMatchObject({ code: "NotFound" });
  });
});
