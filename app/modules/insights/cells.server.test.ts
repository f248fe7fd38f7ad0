import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { deleteResponse } from "#app/modules/responses/deletion.server.ts";
import { response } from "#app/modules/responses/schema.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import type { ResultsFilter } from "./filters.ts";
import { EVERY_RESPONSE, type MonthlyCount } from "./cells.ts";
import { readMonthlyCounts } from "./cells.server.ts";
import { loadResponseSet } from "./response-set.server.ts";
import { readResponseMonthlyCounts } from "./response-sums.server.ts";
import { analyzeResults, type Results } from "./results.ts";
import { insightRatingCell, surveyWeighting } from "./schema.ts";
import { loadDashboard } from "./dashboard.server.ts";
import { OVERALL_CODE } from "./questions.ts";
import { monthOf, trendPeriods } from "./trend.ts";
import { getSurveyResults } from "./survey-results.server.ts";

let s: Awaited<ReturnType<typeof seededServices>>;
let analyst: TenantCtx;
let designer: TenantCtx;
let passports: string;

beforeAll(async () => {
  s = await seededServices();
  analyst = await s.tenantCtx("analyst@federal.example", "citizen-services-canada");
  designer = await s.tenantCtx("designer@federal.example", "citizen-services-canada");
  const [row] = await s.db
    .select({ id: survey.id })
    .from(survey)
    .where(and(eq(survey.orgId, analyst.orgId), eq(survey.titleEn, "Passport services – in person")));
  passports = row?.id ?? "";
});

/** Every number equal to 1e-9 relative, everything else exactly. */
function expectSame(actual: unknown, expected: unknown, path = "results"): void {
  if (typeof expected === "number" && typeof actual === "number") {
    if (Number.isNaN(expected)) return expect(actual, path).toBeNaN();
    const scale = Math.max(1, Math.abs(expected));
    return expect(Math.abs(actual - expected) / scale, path).toBeLessThan(1e-9);
  }
  if (expected && typeof expected === "object") {
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [key, value] of Object.entries(expected))
      expectSame((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
    return;
  }
  expect(actual, path).toEqual(expected);
}

async function fromResponses(filter: ResultsFilter): Promise<Results> {
  const set = await loadResponseSet(analyst, passports, filter);
  const q = set.questions;
  return analyzeResults(set.rows, {
    overall: q.overall?.code ?? null,
    drivers: q.drivers.map((d) => d.code),
    scales: q.scales.map((x) => x.code),
  });
}

async function expectCellsMatch(filter: ResultsFilter) {
  const fromCells = await getSurveyResults(analyst, passports, filter);
  expect(fromCells.source).toBe("cells");
  expectSame(fromCells.results, await fromResponses(filter));
  return fromCells.results;
}

async function expectSumsMatch(filter: ResultsFilter) {
  const summed = await getSurveyResults(analyst, passports, filter);
  expect(summed.source).toBe("sums");
  expectSame(summed.results, await fromResponses(filter));
  return summed.results;
}

/** Counts summed per month, question and rating (over languages and channels), zeros left out. */
function byMonth(counts: readonly MonthlyCount[]) {
  const sums = new Map<string, number>();
  for (const c of counts)
    if (c.n > 0)
      sums.set(`${c.month}|${c.code}|${c.rating}`, (sums.get(`${c.month}|${c.code}|${c.rating}`) ?? 0) + c.n);
  return sums;
}

const month = (iso: string) => new Date(`${iso}-01T00:00:00Z`);
const ratings = {
  "CORE-OS-01": 2,
  "CORE-TIM-01": 1,
  "CORE-KNO-01": 3,
  "CORE-COU-01": 5,
  "CORE-FAI-01": 4,
  "CORE-OUT-01": 2,
  "CORE-ACC-01": 3,
};

describe("pre-aggregated cells", () => {
  it("give exactly the responses' results, unfiltered and filtered on their dimensions", async () => {
    const all = await expectCellsMatch({});
    expect(all.n).toBeGreaterThan(3000);
    expect(all.drivers?.items).toHaveLength(6);
    await expectCellsMatch({ lang: "fr" });
    await expectCellsMatch({ channel: "invitation", version: 1 });
    const [first] = await s.db
      .select({ at: response.submittedAt })
      .from(response)
      .where(and(eq(response.surveyId, passports), eq(response.status, "complete")))
      .orderBy(response.submittedAt)
      .limit(1);
    const earliest = first?.at ?? new Date();
    const from = new Date(Date.UTC(earliest.getUTCFullYear(), earliest.getUTCMonth() + 1, 1));
    await expectCellsMatch({ from, to: new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 2, 1)) });
    // A period that is not whole months is summed from the responses.
    await expectSumsMatch({ from: new Date(from.getTime() + 86_400_000) });
    await expectCellsMatch({ from: month("2099-01") });
  });

  it("rake to margins on language and channel exactly as the responses are raked, trend included", async () => {
    const margins = { lang: { en: 0.7, fr: 0.3 }, channel: { web: 0.45, invitation: 0.55 } };
    await s.db.insert(surveyWeighting).values({ orgId: analyst.orgId, surveyId: passports, margins });
    try {
      for (const filter of [{}, { version: 1 }]) {
        const found = await getSurveyResults(analyst, passports, filter);
        expect(found.results.notes).toEqual([]);
        expect(found.source).toBe("cells");
        expect(found.results.weighted).toBe(true);
        const set = await loadResponseSet(analyst, passports, filter);
        const q = set.questions;
        const options = {
          overall: OVERALL_CODE,
          drivers: q.drivers.map((d) => d.code),
          scales: q.scales.map((x) => x.code),
        };
        expectSame(found.results, analyzeResults(set.rows, { ...options, margins }));
      }
      const { trend } = await loadDashboard(analyst, passports, {});
      const { rows } = await loadResponseSet(analyst, passports, {});
      const byMonth = Map.groupBy(rows, (row) => monthOf(row.submittedAt));
      const periods = trendPeriods([...byMonth.keys()].sort());
      expect(trend.points.length).toBeGreaterThanOrEqual(3);
      expectSame(
        trend.points,
        periods.map((period) => {
          const inPeriod = period.months.flatMap((m) => byMonth.get(m) ?? []);
          const { n, mean, ci, satisfied } =
            analyzeResults(inPeriod, { overall: OVERALL_CODE, drivers: [], scales: [OVERALL_CODE], margins }).items[
              OVERALL_CODE
            ] ?? {};
          return {
            from: period.from.toISOString(),
            to: period.to.toISOString(),
            n: inPeriod.length,
            score: { n, mean, ci, satisfied },
          };
        }),
      );
      // A margin on a question is not a cell dimension: the responses are raked.
      const question = { ...margins, "CORE-NC-01": { "1": 0.5, "2": 0.3, "3": 0.2 } };
      await s.db.update(surveyWeighting).set({ margins: question }).where(eq(surveyWeighting.surveyId, passports));
      expect((await getSurveyResults(analyst, passports, {})).source).toBe("responses");
    } finally {
      await s.db.delete(surveyWeighting).where(eq(surveyWeighting.surveyId, passports));
    }
  });

  it("follow submissions, bulk inserts and deletions in the same transaction", async () => {
    const base = {
      orgId: analyst.orgId,
      surveyId: passports,
      version: 2,
      channel: "web" as const,
      lang: "fr" as const,
    };
    const started = new Date();
    const [partial] = await s.db
      .insert(response)
      .values({ ...base, status: "partial", answers: ratings, startedAt: started })
      .returning({ id: response.id });
    const partialId = partial?.id ?? "";
    const before = await expectCellsMatch({});
    await s.db
      .update(response)
      .set({ status: "complete", submittedAt: new Date() })
      .where(and(eq(response.orgId, analyst.orgId), eq(response.id, partialId)));
    const after = await expectCellsMatch({});
    expect(after.n).toBe(before.n + 1);
    await s.db.insert(response).values(
      Array.from({ length: 30 }, (_, i) => ({
        ...base,
        status: "complete" as const,
        channel: "import" as const,
        answers: { ...ratings, "CORE-OS-01": 1 + (i % 5) },
        startedAt: started,
        submittedAt: new Date(Date.UTC(2025, i % 12, 15)),
      })),
    );
    await expectCellsMatch({});
    await expectCellsMatch({ channel: "import" });
    await deleteResponse(designer, passports, partialId);
    const deleted = await expectCellsMatch({});
    expect(deleted.n).toBe(after.n + 30 - 1);
  });

  it("are summed by the database from the responses for a filter on an answer", async () => {
    const { questions } = await loadResponseSet(analyst, passports, { lang: "fr" });
    const segment = questions.categories.find((q) => (q.options?.length ?? 0) > 1);
    const option = segment?.options?.[0]?.code ?? "";
    const bySegment = await expectSumsMatch({ question: { code: segment?.code ?? "", value: option } });
    expect(bySegment.n).toBeGreaterThan(100);
    expect(bySegment.drivers?.items).toHaveLength(6);
    await expectSumsMatch({ question: { code: segment?.code ?? "", value: option }, lang: "fr", version: 1 });
    // Overall satisfaction held at one value: no model, and the same note either way.
    const constant = await expectSumsMatch({ question: { code: "CORE-OS-01", value: "5" } });
    expect(constant.drivers).toBeNull();
    // A driver held at one value is left out of the model and named, the same way.
    const oneDriver = await expectSumsMatch({ question: { code: "CORE-TIM-01", value: "5" } });
    expect(oneDriver.notes).toContainEqual({ key: "constantDriver", code: "CORE-TIM-01" });
    expect((await expectSumsMatch({ question: { code: "CORE-OS-01", value: "nothing" } })).n).toBe(0);
  });

  it("count each month's ratings from the responses as the cells do", async () => {
    const filter = { question: { code: "CORE-TIM-01", value: "4" } };
    const { rows } = await loadResponseSet(analyst, passports, filter);
    const expected = new Map<string, number>();
    for (const row of rows) {
      const rating = row.answers["CORE-OS-01"];
      if (typeof rating !== "number" || rating < 1 || rating > 5) continue;
      const key = `${row.submittedAt.toISOString().slice(0, 7)}|CORE-OS-01|${rating}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const counted = await readResponseMonthlyCounts(analyst, passports, filter, ["CORE-OS-01"]);
    expect(byMonth(counted)).toEqual(expected);
    const everyResponse = await readResponseMonthlyCounts(analyst, passports, filter, [EVERY_RESPONSE]);
    expect(everyResponse.reduce((a, c) => a + c.n, 0)).toBe(rows.length);
    // Unfiltered, the cells (per language and channel) and the responses agree
    // month by month; a cell whose responses were all deleted stays, at zero.
    const codes = [EVERY_RESPONSE, "CORE-OS-01"];
    expect(byMonth(await readResponseMonthlyCounts(analyst, passports, {}, codes))).toEqual(
      byMonth(await readMonthlyCounts(analyst, passports, {}, codes)),
    );
  });

  it("leave comparisons to the responses", async () => {
    const compared = await getSurveyResults(analyst, passports, {}, { by: "lang" });
    expect(compared.source).toBe("responses");
    expect(compared.results.crosstab?.table.rows).toEqual(["en", "fr"]);
  });

  it("go with their survey when it is deleted", async () => {
    const [found] = await s.db
      .select({ id: survey.id })
      .from(survey)
      .where(and(eq(survey.orgId, analyst.orgId), eq(survey.titleEn, "Benefits call centre – telephone")));
    const extra = found?.id ?? "";
    const cells = () =>
      s.db.select({ n: insightRatingCell.n }).from(insightRatingCell).where(eq(insightRatingCell.surveyId, extra));
    expect((await cells()).length).toBeGreaterThan(0);
    await s.db.delete(survey).where(and(eq(survey.orgId, analyst.orgId), eq(survey.id, extra)));
    expect(await cells()).toEqual([]);
  });
});
