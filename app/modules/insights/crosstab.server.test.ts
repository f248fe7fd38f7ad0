import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import { compareMeans } from "#app/stats/compare.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import { computeCrosstab, crosstabVariables, SATISFACTION } from "./crosstab.ts";
import { getCrosstab } from "./crosstab.server.ts";
import { OVERALL_CODE } from "./questions.ts";
import { getResponseSet } from "./response-set.server.ts";
import { ratingOf } from "./results.ts";
import { surveyWeighting } from "./schema.ts";

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

const crosstab = (ctx: TenantCtx, query: string) => getCrosstab(ctx, passports, new URLSearchParams(query));

describe("the cross-tab builder on demo data", () => {
  it("tabulates channel by overall satisfaction by default, unweighted", async () => {
    const page = await crosstab(analyst, "");
    expect(page.errors).toBeNull();
    expect(page.choice).toEqual({ rows: "channel", columns: SATISFACTION, groups: null });
    const table = page.result?.table;
    expect(page.result?.weighted).toBe(false);
    expect(table?.rows).toEqual(["web", "invitation"]);
    expect(table?.columns).toEqual(["satisfied", "not satisfied"]);
    expect(table?.n).toBeGreaterThan(1000);
    expect(table?.df).toBe(1);
    expect(table?.p).toBeGreaterThanOrEqual(0);
    expect(table?.rowPercent.every((line) => Math.abs((line[0] ?? 0) + (line[1] ?? 0) - 100) < 1e-9)).toBe(true);
  });

  it("crosses language by a scale question's answers and compares English with French", async () => {
    const page = await crosstab(analyst, `rows=lang&columns=${OVERALL_CODE}&of=lang&first=fr&second=en`);
    expect(page.result?.table?.columns).toEqual(["1", "2", "3", "4", "5"]);
    const set = await getResponseSet(analyst, passports, {});
    const reference = compareMeans(
      set.rows.map((r) => ratingOf(r.answers, OVERALL_CODE)),
      set.rows.map((r) => r.lang),
    );
    const comparison = page.result?.comparison;
    expect(comparison?.groups.map((g) => g.label)).toEqual(["fr", "en"]);
    expect(comparison?.diff).toBeCloseTo(-reference.diff, 10);
    expect(comparison?.p).toBeCloseTo(reference.p, 10);
  });

  it("reads only the answers it needs, and gets what the whole responses give", async () => {
    const set = await getResponseSet(analyst, passports, { lang: "fr" });
    const segment = set.questions.categories[0]?.code ?? "";
    const scale = set.questions.scales.find((q) => q.code !== OVERALL_CODE)?.code ?? "";
    const page = await crosstab(analyst, `rows=${segment}&columns=${scale}&lang=fr`);
    const choice = { rows: segment, columns: scale, groups: null };
    const variables = crosstabVariables(set.questions, set.versions);
    expect(page.result).toEqual(computeCrosstab(set.rows, choice, variables, OVERALL_CODE, null));
    expect(page.result?.table?.n).toBeGreaterThan(100);
  });

  it("applies the results filters", async () => {
    const all = await crosstab(analyst, "rows=version");
    const french = await crosstab(analyst, "rows=version&lang=fr");
    expect(french.result?.n).toBeGreaterThan(0);
    expect(french.result?.n).toBeLessThan(all.result?.n ?? 0);
    expect(french.result?.n).toBe((await getResponseSet(analyst, passports, { lang: "fr" })).rows.length);
  });

  it("weights with the survey's margins, with the Rao–Scott test", async () => {
    await s.db
      .insert(surveyWeighting)
      .values({ orgId: analyst.orgId, surveyId: passports, margins: { lang: { en: 0.5, fr: 0.5 } } });
    try {
      const page = await crosstab(analyst, "rows=channel&of=channel&first=web&second=invitation");
      expect(page.result?.weighted).toBe(true);
      expect(page.result?.table?.raoScott?.ddf).toBeGreaterThan(0);
      expect(page.result?.comparison?.df).toBe(
        (page.result?.comparison?.groups[0].n ?? 0) + (page.result?.comparison?.groups[1].n ?? 0) - 2,
      );
    } finally {
      await s.db.delete(surveyWeighting).where(eq(surveyWeighting.surveyId, passports));
    }
  });

  it("answers bad choices with translated errors and computes nothing", async () => {
    const page = await crosstab(analyst, "rows=nope&columns=channel&from=2026-13&version=0");
    expect(page.result).toBeNull();
    expect(page.errors).toEqual({
      rows: "crosstab.errors.rows",
      from: "crosstab.errors.month",
      version: "crosstab.errors.version",
    });
    const groups = await crosstab(analyst, "rows=lang&of=lang&first=en&second=en");
    expect(groups.errors).toEqual({ second: "crosstab.errors.sameGroups" });
  });

  it("shows an empty result when no response matches", async () => {
    const page = await crosstab(analyst, "from=1990-01&to=1990-02");
    expect(page.result?.n).toBe(0);
    expect(page.result?.table).toBeNull();
  });

  it("is not found for another organization's member", async () => {
    await expect(crosstab(ontario, "")).rejects.toMatchObject({ code: "NotFound" });
    await expect(crosstab(ontario, "")).rejects.toBeInstanceOf(AppError);
  });
});
