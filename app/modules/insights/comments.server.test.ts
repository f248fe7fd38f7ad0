import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { response } from "#app/modules/responses/schema.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import { insertResponse, publishedSurvey, type ResponseSeed } from "#tests/support/responses.ts";
import { COMMENTS_PAGE_SIZE, findComments, foldText, matchesSearch } from "./comments.server.ts";

const FEDERAL = "citizen-services-canada";
let s: Awaited<ReturnType<typeof seededServices>>;
let designer: TenantCtx;
let analyst: TenantCtx;
let ontario: TenantCtx;

const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n, 12));
const add = (surveyId: string, seed: ResponseSeed) =>
  insertResponse(s.db, s.keyring, { orgId: designer.orgId, surveyId }, seed);
const find = (ctx: TenantCtx, surveyId: string, query: Partial<Parameters<typeof findComments>[3]> = {}) =>
  findComments(ctx, s.keyring, surveyId, { filter: {}, page: 1, ...query });

beforeAll(async () => {
  s = await seededServices();
  designer = await s.tenantCtx("designer@federal.example", FEDERAL);
  analyst = await s.tenantCtx("analyst@federal.example", FEDERAL);
  ontario = await s.tenantCtx("admin@ontario.example", "ontario-service-delivery");
});

describe("search", () => {
  it("ignores case and accents, and needs every word", () => {
    expect(foldText("RÉPONSE à l'Été")).toBe("reponse a l'ete");
    expect(matchesSearch("La réponse était claire.", "reponse")).toBe(true);
    expect(matchesSearch("Reponse rapide", "RÉPONSE")).toBe(true);
    expect(matchesSearch("La réponse était claire.", "réponse claire")).toBe(true);
    expect(matchesSearch("La réponse était rapide.", "réponse claire")).toBe(false);
  });
});

describe("a survey's open comments", () => {
  it("lists complete responses' comments newest first, searchable, without anonymized or partial ones", async () => {
    const id = await publishedSurvey(designer, "Comments to search");
    await add(id, { startedAt: day(1), comment: "La réponse était claire." });
    await add(id, { startedAt: day(2), comment: "Reponse rapide, merci", channel: "staff" });
    await add(id, { startedAt: day(3), comment: "<b>Nothing</b> to say <script>alert(1)</script>" });
    await add(id, { startedAt: day(4), comment: "   " });
    await add(id, { startedAt: day(5), comment: "Réponse partielle", status: "partial" });
    await add(id, { startedAt: day(6) });
    const gone = await add(id, { startedAt: day(7), comment: "Réponse déjà anonymisée" });
    await s.db.update(response).set({ anonymizedAt: new Date() }).where(eq(response.id, gone));

    const all = await find(analyst, id);
    expect(all.questions.map((q) => q.code)).toEqual(["SUP-TXT-01"]);
    expect(all.comments.map((c) => c.text)).toEqual([
      "<b>Nothing</b> to say <script>alert(1)</script>",
      "Reponse rapide, merci",
      "La réponse était claire.",
    ]);
    expect(all.comments[0]).toMatchObject({ code: "SUP-TXT-01", lang: "en", submittedAt: day(3) });
    expect(all.total).toBe(3);

    const accents = await find(analyst, id, { search: "réponse" });
    expect(accents.comments.map((c) => c.text)).toEqual(["Reponse rapide, merci", "La réponse était claire."]);
    expect((await find(analyst, id, { search: "REPONSE CLAIRE" })).comments.map((c) => c.text)).toEqual([
      "La réponse était claire.",
    ]);
    expect((await find(analyst, id, { search: "absent" })).total).toBe(0);
    // The results filters apply.
    expect((await find(analyst, id, { filter: { channel: "staff" } })).comments.map((c) => c.text)).toEqual([
      "Reponse rapide, merci",
    ]);
    expect((await find(analyst, id, { filter: { from: day(3) } })).total).toBe(1);
    expect((await find(analyst, id, { question: "SUP-TXT-02" })).total).toBe(0);
  });

  it("pages by 20, newest first", async () => {
    const id = await publishedSurvey(designer, "Many comments");
    for (let n = 0; n < COMMENTS_PAGE_SIZE + 5; n++) await add(id, { startedAt: day(n), comment: `Comment ${n}` });
    const first = await find(analyst, id);
    expect(first).toMatchObject({ total: 25, page: 1, pages: 2 });
    expect(first.comments).toHaveLength(COMMENTS_PAGE_SIZE);
    expect(first.comments[0]?.text).toBe("Comment 24");
    const second = await find(analyst, id, { page: 2 });
    expect(second.comments.map((c) => c.text)).toEqual([
      "Comment 4",
      "Comment 3",
      "Comment 2",
      "Comment 1",
      "Comment 0",
    ]);
    // A page past the end shows the last one.
    expect((await find(analyst, id, { page: 9 })).page).toBe(2);
  });

  it("finds French words in the demo comments without their accents", async () => {
    const [row] = await s.db
      .select({ id: survey.id })
      .from(survey)
      .where(and(eq(survey.orgId, analyst.orgId), eq(survey.titleEn, "Passport services – in person")));
    const found = await find(analyst, row?.id ?? "", { search: "reponse" });
    expect(found.total).toBeGreaterThan(0);
    for (const c of found.comments) expect(c.text.toLowerCase()).toMatch(/réponse/);
  });

  it("answers 404 to another organization's member and for no survey", async () => {
    const id = await publishedSurvey(designer, "Private comments");
    await add(id, { startedAt: day(1), comment: "Only for us" });
    await expect(find(ontario, id)).rejects.toMatchObject({ code: "NotFound" });
    await expect(find(analyst, "not-a-uuid")).rejects.toMatchObject({ code: "NotFound" });
  });
});
