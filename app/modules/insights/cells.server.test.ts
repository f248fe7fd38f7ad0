import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { deleteResponse } from "#app/modules/responses/deletion.server.ts";
import { response } from "#app/modules/responses/schema.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import type { ResultsFilter } from "./filters.ts";
import { loadResponseSet } from "./response-set.server.ts";
import { analyzeResults, type Results } from "./results.ts";
import { insightRatingCell } from "./schema.ts";
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
    // A period that is not whole months is for the responses to answer.
    const partMonth = await getSurveyResults(analyst, passports, { from: new Date(from.getTime() + 86_400_000) });
    expect(partMonth.source).toBe("responses");
    await expectCellsMatch({ from: month("2099-01") });
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

  it("leave weighted results and filters on answers to the responses", async () => {
    const filtered = await getSurveyResults(analyst, passports, { question: { code: "CORE-OS-01", value: "5" } });
    expect(filtered.source).toBe("responses");
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
