import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { findAuditEvents } from "#app/modules/identity/audit.server.ts";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import { insertResponse, publishedSurvey, type ResponseSeed } from "#tests/support/responses.ts";
import { applyRetention, getRetentionStatus, retentionJob } from "./retention.server.ts";
import { response } from "./schema.ts";

let s: Awaited<ReturnType<typeof seededServices>>;
let designer: TenantCtx;
let admin: TenantCtx;
let surveyId: string;
const FEDERAL = "citizen-services-canada";
// The 15th, so that "n months before" is the same day whatever the calendar does at a month's end.
const NOW = new Date("2027-03-15T12:00:00Z");
const monthsBefore = (at: Date, n: number) => {
  const d = new Date(at);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d;
};
const ids: Record<string, string> = {};

const add = (id: string, seed: ResponseSeed) =>
  insertResponse(s.db, s.keyring, { orgId: designer.orgId, surveyId: id }, seed);
const rowOf = async (id: string) => (await s.db.select().from(response).where(eq(response.id, id)))[0];
const setRetention = (id: string, months: number) =>
  s.db.update(survey).set({ retentionMonths: months }).where(eq(survey.id, id));
const auditOf = async (action: "responses.anonymized" | "responses.partials_expired", target: string) =>
  (await findAuditEvents(admin, { action, page: 1 })).events.filter((e) => e.targetId === target);

beforeAll(async () => {
  s = await seededServices();
  designer = await s.tenantCtx("designer@federal.example", FEDERAL);
  admin = await s.tenantCtx("admin@federal.example", FEDERAL);
  // The demo's surveys keep their responses through every date these tests use.
  await s.db.update(survey).set({ retentionMonths: 120 });
  surveyId = await publishedSurvey(designer, "Retention");
  await setRetention(surveyId, 12);
  ids.due = await add(surveyId, {
    channel: "staff",
    startedAt: monthsBefore(NOW, 14),
    submittedAt: monthsBefore(NOW, 13),
    comment: "I met Ms. Tremblay at the Gatineau office.",
    contactId: randomUUID(),
    enteredBy: designer.userId,
  });
  ids.dueImport = await add(surveyId, { channel: "import", startedAt: monthsBefore(NOW, 13) });
  // Started long ago but submitted recently: retention counts from submission.
  ids.notDue = await add(surveyId, {
    startedAt: monthsBefore(NOW, 20),
    submittedAt: monthsBefore(NOW, 10),
    comment: "Still mine to read.",
  });
  ids.oldPartial = await add(surveyId, { status: "partial", startedAt: monthsBefore(NOW, 13) });
  ids.newPartial = await add(surveyId, { status: "partial", startedAt: monthsBefore(NOW, 1) });
});

describe("the end of retention", () => {
  it("anonymizes due complete responses once and deletes due partial ones", async () => {
    const before = await rowOf(ids.due as string);
    expect(await applyRetention(s.db, NOW)).toEqual({ anonymized: 2, deleted: 1 });

    const after = await rowOf(ids.due as string);
    const { "SUP-TXT-01": comment, ...coded } = before?.answers ?? {};
    expect(comment).toMatchObject({ sealed: expect.any(String) });
    expect(after?.answers).toEqual(coded);
    expect(after).toEqual({
      ...before,
      answers: coded,
      contactId: null,
      enteredBy: null,
      resumeHash: null,
      startKey: null,
      idempotencyKey: null,
      anonymizedAt: NOW,
    });
    expect(await rowOf(ids.dueImport as string)).toMatchObject({ idempotencyKey: null, anonymizedAt: NOW });
    expect((await rowOf(ids.notDue as string))?.answers["SUP-TXT-01"]).toMatchObject({ sealed: expect.any(String) });
    expect(await rowOf(ids.notDue as string)).toMatchObject({ anonymizedAt: null });
    expect(await rowOf(ids.oldPartial as string)).toBeUndefined();
    expect(await rowOf(ids.newPartial as string)).toMatchObject({ status: "partial" });
  });

  it("records counts only, by the system, per survey", async () => {
    const [anonymized] = await auditOf("responses.anonymized", surveyId);
    const [expired] = await auditOf("responses.partials_expired", surveyId);
    expect(anonymized).toMatchObject({ actorEmail: null, after: { count: 2, retentionMonths: 12 } });
    expect(expired).toMatchObject({ actorEmail: null, after: { count: 1, retentionMonths: 12 } });
    expect(JSON.stringify(anonymized)).not.toContain(ids.due);
  });

  it("does nothing more when run again, as the job", async () => {
    expect(await retentionJob.run(s, NOW)).toBe(0);
    expect(await auditOf("responses.anonymized", surveyId)).toHaveLength(1);
    expect(await rowOf(ids.due as string)).toMatchObject({ anonymizedAt: NOW });
  });

  it("leaves an anonymized response unchangeable, as the trigger requires", async () => {
    const where = eq(response.id, ids.due as string);
    await expect(s.db.update(response).set({ answers: {} }).where(where)).rejects.toThrow();
    await expect(s.db.update(response).set({ answers: {}, anonymizedAt: new Date() }).where(where)).rejects.toThrow();
    expect((await rowOf(ids.due as string))?.answers).toMatchObject({ "CORE-OS-01": 4 });
  });

  it("reaches the next response when its time comes", async () => {
    const later = monthsBefore(NOW, -3);
    expect(await applyRetention(s.db, later)).toEqual({ anonymized: 1, deleted: 0 });
    expect((await rowOf(ids.notDue as string))?.answers["SUP-TXT-01"]).toBeUndefined();
  });

  it("shares the work between runs that overlap, each response done once", async () => {
    const busy = await publishedSurvey(designer, "Retention, two instances");
    const many = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        add(busy, { startedAt: monthsBefore(NOW, 30), submittedAt: monthsBefore(NOW, 25), comment: `c${i}` }),
      ),
    );
    const partials = await Promise.all(
      Array.from({ length: 7 }, () => add(busy, { status: "partial", startedAt: monthsBefore(NOW, 25) })),
    );
    const [one, two] = await Promise.all([applyRetention(s.db, NOW, 4), applyRetention(s.db, NOW, 4)]);
    expect((one?.anonymized ?? 0) + (two?.anonymized ?? 0)).toBe(25);
    expect((one?.deleted ?? 0) + (two?.deleted ?? 0)).toBe(7);
    const rows = await s.db
      .select({ answers: response.answers, anonymizedAt: response.anonymizedAt })
      .from(response)
      .where(and(eq(response.surveyId, busy), inArray(response.id, [...many, ...partials])));
    expect(rows).toHaveLength(25);
    for (const r of rows)
      expect(r).toEqual({
        answers: expect.not.objectContaining({ "SUP-TXT-01": expect.anything() }),
        anonymizedAt: NOW,
      });
    const counted = (await auditOf("responses.anonymized", busy)).reduce(
      (n, e) => n + Number((e.after as { count: number }).count),
      0,
    );
    expect(counted).toBe(25);
  });

  it("tells the settings page what it has done and when it acts next", async () => {
    const status = await getRetentionStatus(designer, { id: surveyId, retentionMonths: 12 });
    expect(status.anonymized).toBe(3);
    expect(status.nextAnonymization).toBeNull();
    expect(status.nextPartialDeletion?.toISOString()).toBe(monthsBefore(NOW, -11).toISOString());
    const fresh = await publishedSurvey(designer, "Retention, nothing yet");
    const submitted = new Date("2027-01-10T09:30:00Z");
    await add(fresh, { startedAt: submitted, submittedAt: submitted });
    const next = await getRetentionStatus(designer, { id: fresh, retentionMonths: 6 });
    expect(next).toEqual({
      anonymized: 0,
      nextAnonymization: new Date("2027-07-10T09:30:00Z"),
      nextPartialDeletion: null,
    });
  });
});
