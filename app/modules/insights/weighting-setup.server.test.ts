import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvent } from "#app/modules/identity/schema.ts";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { createSurveyFromTemplate } from "#app/modules/measure/surveys.server.ts";
import { rake } from "#app/stats/rake.ts";
import { summarizeRatings } from "#app/stats/scores.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import { OVERALL_CODE } from "./questions.ts";
import { getResponseSet } from "./response-set.server.ts";
import { analyzeResults, categoryOf, ratingOf } from "./results.ts";
import { weightSpread } from "./weight-spread.ts";
import type { MarginEntry } from "./weighting-input.server.ts";
import {
  clearSurveyWeighting,
  getWeightingSetup,
  previewWeighting,
  setSurveyWeighting,
} from "./weighting-setup.server.ts";
import { surveyWeighting } from "./schema.ts";
import { getSurveyMargins } from "./weighting.server.ts";

let s: Awaited<ReturnType<typeof seededServices>>;
let analyst: TenantCtx;
let designer: TenantCtx;
let admin: TenantCtx;
let ontario: TenantCtx;
let passports: string;

const share = (variable: string, category: string, value: number): MarginEntry => ({
  variable,
  category,
  share: value,
  percent: true,
});
// The demo's passport survey is a quarter French: the population is a third.
const byLanguage = [share("lang", "en", 66), share("lang", "fr", 34)];

beforeAll(async () => {
  s = await seededServices();
  analyst = await s.tenantCtx("analyst@federal.example", "citizen-services-canada");
  designer = await s.tenantCtx("designer@federal.example", "citizen-services-canada");
  admin = await s.tenantCtx("admin@federal.example", "citizen-services-canada");
  ontario = await s.tenantCtx("admin@ontario.example", "ontario-service-delivery");
  const [row] = await s.db
    .select({ id: survey.id })
    .from(survey)
    .where(and(eq(survey.orgId, analyst.orgId), eq(survey.titleEn, "Passport services – in person")));
  passports = row?.id ?? "";
});

const auditRows = (action: string) =>
  s.db
    .select({
      action: auditEvent.action,
      before: auditEvent.before,
      after: auditEvent.after,
      actor: auditEvent.actorEmail,
    })
    .from(auditEvent)
    .where(
      and(eq(auditEvent.orgId, designer.orgId), eq(auditEvent.action, action), eq(auditEvent.targetId, passports)),
    );

describe("the weighting set-up of a demo survey", () => {
  it("lists language, channel and the single-choice questions with their response counts", async () => {
    const setup = await getWeightingSetup(analyst, passports);
    expect(setup.responses).toBeGreaterThan(500);
    expect(setup.margins).toBeNull();
    expect(setup.current).toBeNull();
    const codes = setup.variables.map((v) => v.code);
    expect(codes.slice(0, 2)).toEqual(["lang", "channel"]);
    expect(codes.length).toBeGreaterThan(2);
    const lang = setup.variables[0];
    expect(lang?.missing).toBe(0);
    expect((lang?.categories ?? []).reduce((n, c) => n + c.count, 0)).toBe(setup.responses);
  });

  it("previews raking to language margins as app/stats rakes them, and saves nothing", async () => {
    const outcome = await previewWeighting(analyst, passports, byLanguage);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const { preview } = outcome;
    expect(preview.margins).toEqual({ lang: { en: 0.66, fr: 0.34 } });
    // The same raking, by hand, on the same rows.
    const set = await getResponseSet(analyst, passports, {});
    const langs = set.rows.map((row) => categoryOf(row, "lang"));
    const expected = rake(
      { lang: langs },
      { lang: { en: 0.66, fr: 0.34 } },
      set.rows.map(() => 1),
    );
    expect(preview.raking).toEqual({ iterations: expected.iterations, converged: true });
    const spread = weightSpread(expected.weights);
    expect(preview.spread).toEqual(spread);
    // One variable: every English response weighs 0.66 / (share of English responses), every French 0.34 / (…).
    const n = langs.length;
    const nFr = langs.filter((l) => l === "fr").length;
    const wFr = (0.34 * n) / nFr;
    const wEn = (0.66 * n) / (n - nFr);
    expect(spread.min).toBeCloseTo(Math.min(wEn, wFr), 10);
    expect(spread.max).toBeCloseTo(Math.max(wEn, wFr), 10);
    expect(spread.ratio).toBeCloseTo(Math.max(wEn, wFr) / Math.min(wEn, wFr), 10);
    const deff = (n * ((n - nFr) * wEn ** 2 + nFr * wFr ** 2)) / n ** 2;
    expect(spread.deff).toBeCloseTo(deff, 10);
    expect(spread.effectiveN).toBeCloseTo(n / deff, 8);
    expect(preview.variables[0]?.categories.find((c) => c.code === "fr")?.meanWeight).toBeCloseTo(wFr, 10);
    // Overall satisfaction, unweighted and weighted, as the results engine computes it.
    const ratings = set.rows.map((row) => ratingOf(row.answers, OVERALL_CODE));
    expect(preview.overall?.unweighted).toEqual(summarizeRatings(ratings));
    expect(preview.overall?.weighted.mean).toBeCloseTo(summarizeRatings(ratings, expected.weights).mean, 10);
    expect(await getSurveyMargins(analyst, passports)).toBeNull();
  });

  it("refuses margins that do not fit the responses, saving nothing and auditing nothing", async () => {
    const outcome = await setSurveyWeighting(designer, passports, [
      share("lang", "en", 70),
      share("lang", "fr", 40),
      share("channel", "staff", 100),
      share("sex", "F", 100),
    ]);
    expect(outcome.ok ? [] : outcome.issues.map((i) => i.key)).toEqual([
      "weighting.errors.unknownVariable",
      "weighting.errors.sum",
      "weighting.errors.noRespondents",
      "weighting.errors.missingShare",
      "weighting.errors.missingShare",
    ]);
    expect(await getSurveyMargins(designer, passports)).toBeNull();
    expect(await auditRows("survey.weighting_set")).toEqual([]);
  });

  it("lets a designer save margins, audited, and the results use them", async () => {
    const outcome = await setSurveyWeighting(designer, passports, byLanguage);
    expect(outcome.ok).toBe(true);
    expect(await getSurveyMargins(analyst, passports)).toEqual({ lang: { en: 0.66, fr: 0.34 } });
    expect(await auditRows("survey.weighting_set")).toEqual([
      { action: "survey.weighting_set", before: null, after: { lang: { en: 0.66, fr: 0.34 } }, actor: designer.email },
    ]);
    const setup = await getWeightingSetup(analyst, passports);
    expect(setup.current?.ok).toBe(true);
    const set = await getResponseSet(analyst, passports, {});
    const margins = (await getSurveyMargins(analyst, passports)) ?? undefined;
    const results = analyzeResults(set.rows, { overall: OVERALL_CODE, drivers: [], scales: [OVERALL_CODE], margins });
    expect(results.weighted).toBe(true);
    expect(setup.current?.ok && setup.current.preview.overall?.weighted.mean).toBeCloseTo(
      results.items[OVERALL_CODE]?.mean ?? NaN,
      10,
    );
  });

  it("lets an organization admin replace and clear them, each audited", async () => {
    const replaced = await setSurveyWeighting(admin, passports, [share("lang", "en", 75), share("lang", "fr", 25)]);
    expect(replaced.ok).toBe(true);
    const sets = await auditRows("survey.weighting_set");
    expect(sets.at(-1)?.before).toEqual({ lang: { en: 0.66, fr: 0.34 } });
    expect(await clearSurveyWeighting(admin, passports)).toBe(true);
    expect(await getSurveyMargins(analyst, passports)).toBeNull();
    expect(await auditRows("survey.weighting_cleared")).toEqual([
      { action: "survey.weighting_cleared", before: { lang: { en: 0.75, fr: 0.25 } }, after: null, actor: admin.email },
    ]);
    // Nothing left to clear: no change, no record.
    expect(await clearSurveyWeighting(admin, passports)).toBe(false);
    expect(await auditRows("survey.weighting_cleared")).toHaveLength(1);
  });

  it("says when saved margins no longer fit the responses (results then fall back to unweighted)", async () => {
    // As if the margins were saved before French responses came in.
    await s.db
      .insert(surveyWeighting)
      .values({ orgId: designer.orgId, surveyId: passports, margins: { lang: { en: 1 } } });
    const setup = await getWeightingSetup(analyst, passports);
    expect(setup.current?.ok ? [] : setup.current?.issues).toEqual([
      {
        key: "weighting.errors.missingShare",
        params: { variable: "lang", category: "fr", count: expect.stringMatching(/^\d+$/) },
      },
    ]);
    const set = await getResponseSet(analyst, passports, {});
    const results = analyzeResults(set.rows, {
      overall: OVERALL_CODE,
      drivers: [],
      scales: [OVERALL_CODE],
      margins: setup.margins ?? undefined,
    });
    expect(results.weighted).toBe(false);
    expect(results.notes.map((n) => n.key)).toContain("rakingFailed");
    expect(await clearSurveyWeighting(designer, passports)).toBe(true);
  });

  it("lets analysts read and preview but not set or clear", async () => {
    await expect(setSurveyWeighting(analyst, passports, byLanguage)).rejects.toMatchObject({ code: "Forbidden" });
    await expect(clearSurveyWeighting(analyst, passports)).rejects.toMatchObject({ code: "Forbidden" });
    expect(await getSurveyMargins(analyst, passports)).toBeNull();
  });

  it("is another organization's survey: not found, whatever the role", async () => {
    await expect(getWeightingSetup(ontario, passports)).rejects.toMatchObject({ code: "NotFound" });
    await expect(previewWeighting(ontario, passports, byLanguage)).rejects.toMatchObject({ code: "NotFound" });
    await expect(setSurveyWeighting(ontario, passports, byLanguage)).rejects.toMatchObject({ code: "NotFound" });
    await expect(clearSurveyWeighting(ontario, passports)).rejects.toMatchObject({ code: "NotFound" });
    await expect(getWeightingSetup(analyst, "not-a-uuid")).rejects.toMatchObject({ code: "NotFound" });
  });

  it("cannot be set up before a survey has complete responses", async () => {
    const id = await createSurveyFromTemplate(designer, {
      titleEn: "New counter survey",
      titleFr: "Nouveau sondage au comptoir",
      serviceEn: "Counter",
      serviceFr: "Comptoir",
      channels: ["in_person"],
      variant: "citizen",
    });
    const setup = await getWeightingSetup(analyst, id);
    expect(setup.responses).toBe(0);
    const outcome = await setSurveyWeighting(designer, id, byLanguage);
    expect(outcome.ok ? [] : outcome.issues.map((i) => i.key)).toEqual(["weighting.errors.noResponses"]);
  });
});
