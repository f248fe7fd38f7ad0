import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { findAuditEvents } from "#app/modules/identity/audit.server.ts";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import { insertResponse, publishedSurvey, type ResponseSeed } from "#tests/support/responses.ts";
import { countDeletablePartials, deletePartialResponses, deleteResponse } from "./deletion.server.ts";
import { countResponsesByStatus, findResponses, getResponse, RESPONSES_PAGE_SIZE } from "./review.server.ts";
import { response } from "./schema.ts";

let s: Awaited<ReturnType<typeof seededServices>>;
let designer: TenantCtx;
let analyst: TenantCtx;
let admin: TenantCtx;
let ontario: TenantCtx;
let surveyId: string;
const FEDERAL = "citizen-services-canada";
const HOUR = 3_600_000;
const viewer = { ip: "192.0.2.8", userAgent: "Mozilla/5.0 Firefox/140.0" };

const add = (id: string, seed: ResponseSeed) =>
  insertResponse(s.db, s.keyring, { orgId: designer.orgId, surveyId: id }, seed);
const exists = async (id: string) => (await s.db.select().from(response).where(eq(response.id, id))).length === 1;

beforeAll(async () => {
  s = await seededServices();
  designer = await s.tenantCtx("designer@federal.example", FEDERAL);
  analyst = await s.tenantCtx("analyst@federal.example", FEDERAL);
  admin = await s.tenantCtx("admin@federal.example", FEDERAL);
  ontario = await s.tenantCtx("admin@ontario.example", "ontario-service-delivery");
  surveyId = await publishedSurvey(designer, "Reading responses");
});

describe("the list of responses", () => {
  it("pages through every response once, most recently started first, across equal start times", async () => {
    const id = await publishedSurvey(designer, "Many responses");
    const tie = new Date("2026-05-01T10:00:00Z");
    for (let i = 0; i < 70; i++) await add(id, { startedAt: i % 3 === 0 ? tie : new Date(tie.getTime() - i * HOUR) });
    await add(id, { status: "partial", channel: "staff", startedAt: tie });
    // Microseconds a JavaScript date cannot hold must not lose or repeat a response at a page break.
    await s.db.execute(
      sql`update ${response} set started_at = started_at + interval '0.000123 second' where survey_id = ${id} and started_at = ${tie.toISOString()}::timestamptz and status = 'partial'`,
    );
    const seen: { id: string; startedAt: string }[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await findResponses(analyst, id, { after });
      expect(page.responses.length).toBeLessThanOrEqual(RESPONSES_PAGE_SIZE);
      seen.push(...page.responses);
      after = page.next ?? undefined;
      pages += 1;
    } while (after);
    expect(pages).toBe(2);
    expect(seen).toHaveLength(71);
    expect(new Set(seen.map((r) => r.id)).size).toBe(71);
    // ISO dates and times sort as text.
    const times = seen.map((r) => r.startedAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(await countResponsesByStatus(analyst, id)).toEqual({ complete: 70, partial: 1, anonymized: 0 });
  });

  it("filters by status and channel, and refuses a made-up cursor", async () => {
    const id = await publishedSurvey(designer, "Filtered responses");
    await add(id, { startedAt: new Date() });
    const staff = await add(id, { channel: "staff", startedAt: new Date() });
    const partial = await add(id, { status: "partial", startedAt: new Date() });
    expect((await findResponses(analyst, id, { status: "partial" })).responses.map((r) => r.id)).toEqual([partial]);
    expect((await findResponses(analyst, id, { channel: "staff" })).responses.map((r) => r.id)).toEqual([staff]);
    await expect(findResponses(analyst, id, { after: "bm90LWEtY3Vyc29y" })).rejects.toMatchObject({ code: "Invalid" });
    expect((await findResponses(ontario, id, {})).responses).toEqual([]);
  });
});

describe("one response", () => {
  it("shows every question of its version, free text opened, in order", async () => {
    const id = await add(surveyId, { startedAt: new Date(), comment: "<b>Merci</b>\nRapide." });
    const r = await getResponse(analyst, s.keyring, surveyId, id, viewer);
    expect(r.items.map((i) => i.code).slice(-3)).toEqual(["SUP-OVR-01", "SUP-CTX-04", "SUP-TXT-01"]);
    const byCode = new Map(r.items.map((i) => [i.code, i]));
    expect(byCode.get("SUP-TXT-01")).toMatchObject({ answer: "<b>Merci</b>\nRapide.", removed: false });
    expect(byCode.get("SUP-CTX-04")?.answer).toEqual(["online", "telephone"]);
    expect(byCode.get("CORE-TIM-01")).toMatchObject({ answer: undefined, removed: false });
  });

  it("says which free text anonymization removed", async () => {
    const id = await add(surveyId, { startedAt: new Date(), comment: "Gone soon." });
    await s.db
      .update(response)
      .set({ answers: { "CORE-OS-01": 4 }, anonymizedAt: new Date() })
      .where(eq(response.id, id));
    const r = await getResponse(analyst, s.keyring, surveyId, id, viewer);
    const byCode = new Map(r.items.map((i) => [i.code, i]));
    expect(byCode.get("SUP-TXT-01")).toMatchObject({ answer: undefined, removed: true });
    expect(byCode.get("SUP-OVR-01")).toMatchObject({ answer: undefined, removed: false });
  });

  it("names the staff member who keyed it in only when the survey is not anonymous", async () => {
    const id = await add(surveyId, {
      channel: "staff",
      status: "partial",
      startedAt: new Date(),
      enteredBy: designer.userId,
    });
    expect((await getResponse(analyst, s.keyring, surveyId, id, viewer)).enteredBy).toBeNull();
    await s.db.update(survey).set({ anonymous: false }).where(eq(survey.id, surveyId));
    expect((await getResponse(analyst, s.keyring, surveyId, id, viewer)).enteredBy).toBe(designer.name);
    await s.db.update(survey).set({ anonymous: true }).where(eq(survey.id, surveyId));
  });

  it("is found only in its own survey and organization", async () => {
    const id = await add(surveyId, { startedAt: new Date() });
    const other = await publishedSurvey(designer, "Another survey");
    await expect(getResponse(analyst, s.keyring, other, id, viewer)).rejects.toMatchObject({ code: "NotFound" });
    await expect(getResponse(ontario, s.keyring, surveyId, id, viewer)).rejects.toMatchObject({ code: "NotFound" });
    await expect(getResponse(analyst, s.keyring, surveyId, "nope", viewer)).rejects.toMatchObject({ code: "NotFound" });
  });

  it("records who viewed which response, from where, without its answers", async () => {
    const id = await add(surveyId, { startedAt: new Date(), comment: "A private remark" });
    await getResponse(analyst, s.keyring, surveyId, id, viewer);
    const { events } = await findAuditEvents(admin, { securityOnly: true, page: 1 });
    const view = events.find((e) => e.action === "response.viewed" && e.targetId === id);
    expect(view).toMatchObject({ actorEmail: analyst.email, ip: viewer.ip, userAgent: viewer.userAgent });
    expect(JSON.stringify(view)).not.toContain("private remark");
    const other = await findAuditEvents({ ...ontario, roles: ["org_admin"] }, { securityOnly: true, page: 1 });
    expect(other.events.some((e) => e.targetId === id)).toBe(false);
  });
});

describe("deleting responses", () => {
  it("lets designers and admins delete one response, recorded with its id", async () => {
    const first = await add(surveyId, { startedAt: new Date() });
    const second = await add(surveyId, { startedAt: new Date() });
    await expect(deleteResponse(analyst, surveyId, first)).rejects.toMatchObject({ code: "Forbidden" });
    await expect(deleteResponse(ontario, surveyId, first)).rejects.toMatchObject({ code: "NotFound" });
    expect(await exists(first)).toBe(true);
    await deleteResponse(designer, surveyId, first);
    await deleteResponse(admin, surveyId, second);
    expect(await exists(first)).toBe(false);
    expect(await exists(second)).toBe(false);
    await expect(deleteResponse(designer, surveyId, first)).rejects.toMatchObject({ code: "NotFound" });
    const { events } = await findAuditEvents(admin, { action: "response.deleted", page: 1 });
    expect(events.find((e) => e.targetId === first)).toMatchObject({
      actorEmail: "designer@federal.example",
      targetType: "response",
      before: { surveyId, status: "complete", channel: "web" },
    });
    expect(events.find((e) => e.targetId === second)?.actorEmail).toBe("admin@federal.example");
  });

  it("deletes partial responses left for a day, and keeps those someone may still be answering", async () => {
    const id = await publishedSurvey(designer, "Unsubmitted");
    const now = new Date();
    const stale = await add(id, { status: "partial", startedAt: new Date(now.getTime() - 30 * HOUR) });
    const fresh = await add(id, { status: "partial", startedAt: new Date(now.getTime() - 2 * HOUR) });
    const complete = await add(id, { startedAt: new Date(now.getTime() - 90 * HOUR) });
    expect(await countDeletablePartials(designer, id, now)).toEqual({ deletable: 1, recent: 1 });
    await expect(deletePartialResponses(analyst, id, now)).rejects.toMatchObject({ code: "Forbidden" });
    await expect(deletePartialResponses(ontario, id, now)).rejects.toMatchObject({ code: "NotFound" });
    expect(await deletePartialResponses(designer, id, now)).toBe(1);
    expect([await exists(stale), await exists(fresh), await exists(complete)]).toEqual([false, true, true]);
    expect(await deletePartialResponses(designer, id, now)).toBe(0);
    const { events } = await findAuditEvents(admin, { action: "responses.partials_deleted", page: 1 });
    expect(events.filter((e) => e.targetId === id).map((e) => e.after)).toEqual([
      { count: 1, savedBefore: new Date(now.getTime() - 24 * HOUR).toISOString() },
    ]);
  });
});
