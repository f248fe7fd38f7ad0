import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { survey } from "#app/modules/measure/schema.ts";
import {
  type ApiCaller,
  authenticateApiToken,
  createApiToken,
  revokeApiToken,
} from "#app/modules/responses/api-tokens.server.ts";
import { analyzeTable } from "../../../cli/analyze/analysis.ts";
import { readTable } from "../../../cli/analyze/read-table.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import { apiDocument } from "./results-api-doc.ts";
import { answerResultsRequest } from "./results-api.server.ts";
import { loadResponseSet } from "./response-set.server.ts";
import { categoryOf, ratingOf } from "./results.ts";
import { surveyWeighting } from "./schema.ts";

let s: Awaited<ReturnType<typeof seededServices>>;
let admin: TenantCtx;
let federal: ApiCaller;
let ontario: ApiCaller;
let passports: string;
let scratch: string;

async function callerFor(ctx: TenantCtx, name: string) {
  const { token } = await createApiToken(ctx, { name, scopes: ["results:read"], expiresAt: null });
  const auth = await authenticateApiToken(s.db, `Bearer ${token}`, "results:read");
  if (!auth.ok) throw new Error(`the new token is refused: ${auth.error}`);
  return { caller: auth.caller, token };
}

beforeAll(async () => {
  s = await seededServices();
  admin = await s.tenantCtx("admin@federal.example", "citizen-services-canada");
  federal = (await callerFor(admin, "Results reader")).caller;
  ontario = (await callerFor(await s.tenantCtx("admin@ontario.example", "ontario-service-delivery"), "Other")).caller;
  const [row] = await s.db
    .select({ id: survey.id })
    .from(survey)
    .where(and(eq(survey.orgId, admin.orgId), eq(survey.titleEn, "Passport services – in person")));
  passports = row?.id ?? "";
  scratch = await mkdtemp(join(tmpdir(), "results-api-"));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

const get = (caller: ApiCaller, query = "", surveyId = passports) =>
  answerResultsRequest(s.db, caller, surveyId, new URLSearchParams(query));

/** The JSON a client receives. */
const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

/** Equal JSON, numbers to 1e-9 (relative to their size when large). */
function expectSameJson(actual: unknown, expected: unknown, path = "$"): void {
  if (typeof expected === "number" && typeof actual === "number") {
    expect(Math.abs(actual - expected), path).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, path).toBe(expected.length);
    expected.forEach((e, i) => expectSameJson((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (expected && typeof expected === "object") {
    expect(actual && typeof actual === "object", path).toBe(true);
    const a = actual as Record<string, unknown>;
    expect(Object.keys(a).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [key, value] of Object.entries(expected)) expectSameJson(a[key], value, `${path}.${key}`);
  } else {
    expect(actual, path).toEqual(expected);
  }
}

/**
 * The survey's complete responses as an analyst's CSV file (blank for missing
 * and "not applicable"), read back by the command line's own reader.
 */
async function responsesAsCsv(name: string) {
  const set = await loadResponseSet({ db: s.db, orgId: admin.orgId }, passports, {});
  const { questions } = set;
  const scales = questions.scales.map((q) => q.code);
  const categories = questions.categories.map((q) => q.code);
  const header = ["lang", "channel", "version", ...scales, ...categories];
  const rows = set.rows.map((row) => [
    row.lang,
    row.channel,
    String(row.version),
    ...scales.map((code) => String(ratingOf(row.answers, code) ?? "")),
    ...categories.map((code) => categoryOf(row, code) ?? ""),
  ]);
  const path = join(scratch, `${name}.csv`);
  await writeFile(path, stringify([header, ...rows]));
  return { table: await readTable(path), questions };
}

describe("GET /api/v1/surveys/:surveyId/results", () => {
  it("gives the command line's numbers for the same responses, unweighted and weighted", async () => {
    const { table, questions } = await responsesAsCsv("passports");
    const overall = questions.overall?.code ?? "";
    const drivers = questions.drivers.map((q) => q.code);
    const by = questions.categories[0]?.code ?? "channel";
    expect(drivers.length).toBeGreaterThan(2);
    const options = { file: "passports.csv", overall, drivers, by, compare: "lang", format: "json" as const };

    const unweighted = await get(federal, `by=${by}&compare=lang`);
    expect(unweighted.status).toBe(200);
    const api = json(unweighted.body);
    const cli = json(analyzeTable(table, options).report);
    expect(api.n).toBe(cli.n);
    expect(api.weighted).toBe(false);
    expect(Object.keys(api.items as object)).toEqual(expect.arrayContaining([overall, ...drivers]));
    const items = api.items as Record<string, unknown>;
    expectSameJson(Object.fromEntries([overall, ...drivers].map((code) => [code, items[code]])), cli.items, "$.items");
    expectSameJson(api.drivers, cli.drivers, "$.drivers");
    expectSameJson(api.crosstab, cli.crosstab, "$.crosstab");
    expectSameJson(api.comparison, cli.comparison, "$.comparison");
    // Without a cross-tab or comparison the figures come from the pre-aggregated cells: the same numbers.
    const plain = json((await get(federal)).body);
    expect(plain.source).toBe("cells");
    expectSameJson(
      Object.fromEntries([overall, ...drivers].map((code) => [code, (plain.items as Record<string, unknown>)[code]])),
      cli.items,
      "$.items (cells)",
    );
    expectSameJson(plain.drivers, cli.drivers, "$.drivers (cells)");
    // The command line's warning about small expected counts is a note in the API.
    const small = (cli.warnings as string[]).some((w) => w.includes("expected count is below 5"));
    expect((api.notes as { key: string }[]).some((note) => note.key === "smallExpected")).toBe(small);

    // Margins on the survey: the API rakes to them, as the command line does with --rake.
    const margins = { lang: { en: 700, fr: 300 } };
    await s.db.insert(surveyWeighting).values({ orgId: admin.orgId, surveyId: passports, margins });
    try {
      const weighted = json((await get(federal, `by=${by}&compare=lang`)).body);
      const raked = json(analyzeTable(table, options, margins).report);
      expect(weighted.weighted).toBe(true);
      expectSameJson(weighted.raking, raked.raking, "$.raking");
      expectSameJson(
        Object.fromEntries(
          [overall, ...drivers].map((code) => [code, (weighted.items as Record<string, unknown>)[code]]),
        ),
        raked.items,
        "$.items",
      );
      expectSameJson(weighted.drivers, raked.drivers, "$.drivers");
      expectSameJson(weighted.crosstab, raked.crosstab, "$.crosstab");
      expectSameJson(weighted.comparison, raked.comparison, "$.comparison");
      // Weighting changes the numbers, and weighted=false turns it off.
      expect((weighted.items as Record<string, { mean: number }>)[overall]?.mean).not.toBeCloseTo(
        (items[overall] as { mean: number }).mean,
        9,
      );
      const off = json((await get(federal, `by=${by}&compare=lang&weighted=false`)).body);
      expect(off.weighted).toBe(false);
      expectSameJson(off.drivers, cli.drivers, "$.drivers");
    } finally {
      await s.db.delete(surveyWeighting).where(eq(surveyWeighting.surveyId, passports));
    }
  });

  it("applies the dashboard's filters", async () => {
    const all = json((await get(federal)).body);
    const french = json((await get(federal, "lang=fr&from=2000-01")).body);
    expect(french.n).toBeGreaterThan(0);
    expect(french.n).toBeLessThan(all.n as number);
    const none = json((await get(federal, "from=2099-01")).body);
    expect(none).toMatchObject({ n: 0, drivers: null, items: {} });
    expect(none.notes).toContainEqual(expect.objectContaining({ key: "tooFewRatings" }));
  });

  it("lists every problem of a bad query in a 400", async () => {
    const answer = await get(federal, "by=nope&compare=CORE-OS-01&from=2026-13&weighted=maybe&colour=blue&lang=de");
    expect(answer.status).toBe(400);
    const body = json(answer.body) as { error: string; errors: { param: string; reason: string }[] };
    expect(body.error).toBe("InvalidQuery");
    expect(body.errors.map((e) => [e.param, e.reason]).sort()).toEqual(
      [
        ["colour", "unknown"],
        ["from", "month"],
        ["lang", "lang"],
        ["weighted", "weighted"],
      ].sort(),
    );
    // Variables are checked against the survey once the query reads well.
    const variables = json((await get(federal, "by=nope&compare=CORE-OS-01&q=NOPE-01&a=1")).body) as typeof body;
    expect(variables.errors.map((e) => [e.param, e.reason])).toEqual([
      ["by", "variable"],
      ["compare", "variable"],
      ["q", "question"],
    ]);
    expect((await get(federal, "lang=en&lang=fr")).status).toBe(400);
  });

  it("answers 404 for another organization's survey or no survey, whatever the query", async () => {
    expect(await get(ontario)).toEqual({ status: 404, body: { error: "NotFound" } });
    expect((await get(ontario, "weighted=maybe")).status).toBe(404);
    expect((await get(federal, "", "not-a-uuid")).status).toBe(404);
    expect((await get(federal, "", "00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });

  it("stops answering a revoked token", async () => {
    const { caller, token } = await callerFor(admin, "Soon revoked");
    expect((await get(caller)).status).toBe(200);
    await revokeApiToken(admin, caller.tokenId);
    expect((await authenticateApiToken(s.db, `Bearer ${token}`, "results:read")).ok).toBe(false);
  });

  it("is in the OpenAPI description", () => {
    const doc = apiDocument("https://example.test");
    const operation = doc.paths["/api/v1/surveys/{surveyId}/results"].get;
    expect(operation.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(["surveyId", "weighted", "by", "compare", "channel", "lang", "from", "to", "q", "a"]),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["SurveyResults", "InvalidQuery"]));
    expect(doc.paths["/api/v1/surveys/{surveyId}/responses"]).toBeDefined();
  });
});
