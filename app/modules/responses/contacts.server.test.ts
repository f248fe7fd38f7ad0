import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { auditEvent } from "#app/modules/identity/schema.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { closeSurvey, updateSurveySettings } from "#app/modules/measure/surveys.server.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import { mailTo } from "#tests/support/mail.ts";
import { publishedSurvey, withNeighbours } from "#tests/support/surveys.ts";
import { deleteContacts, getInvitationOverview, importContacts, updateInvitationSettings } from "./contacts.server.ts";
import { deleteContactsOfClosedSurveys, sendInvitations } from "./invitations.server.ts";
import { surveyContact } from "./schema.ts";

let s: Awaited<ReturnType<typeof seededServices>>;
let designer: TenantCtx;
const FEDERAL = "citizen-services-canada";

beforeAll(async () => {
  s = await seededServices();
  designer = await s.tenantCtx("designer@federal.example", FEDERAL);
});

const utf8 = (text: string) => new TextEncoder().encode(text);
const latin1 = (text: string) => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
const upload = (surveyId: string, bytes: Uint8Array, defaultLang: "en" | "fr" = "en") =>
  importContacts(designer, s, surveyId, { bytes, defaultLang });

const contactsOf = (surveyId: string) =>
  s.db
    .select()
    .from(surveyContact)
    .where(and(eq(surveyContact.orgId, designer.orgId), eq(surveyContact.surveyId, surveyId)));

const auditOf = (surveyId: string, action: string) =>
  s.db
    .select({ after: auditEvent.after, actorId: auditEvent.actorId })
    .from(auditEvent)
    .where(and(eq(auditEvent.targetId, surveyId), eq(auditEvent.action, action)));

describe("uploading contacts", () => {
  it("adds a UTF-8 file with a BOM and a Latin-1 file with semicolons, sealed, skipping addresses already there", async () => {
    const live = await publishedSurvey(designer, "Uploads");
    const bom = Uint8Array.from([
      0xef,
      0xbb,
      0xbf,
      ...utf8("email,language\nLea@Example.ca,Français\nsam@example.ca,\n"),
    ]);
    expect(await upload(live.surveyId, bom)).toEqual({ ok: true, added: 2, skipped: 0 });
    const windows = latin1(
      "Courriel;Langue\nlea@example.ca;français\nRené.Côté@example.ca;fr\nmarc@example.ca;anglais\n",
    );
    // "René.Côté@…" is not an address we can send to: the whole file waits for a fix.
    const refused = await upload(live.surveyId, windows);
    expect(refused).toMatchObject({ ok: false, problemCount: 1, problems: [{ row: 3, problem: "email" }] });
    expect(await contactsOf(live.surveyId)).toHaveLength(2);
    const fixed = latin1(
      "Courriel;Langue\nlea@example.ca;français\nrene.cote@example.ca;français\nmarc@example.ca;anglais\n",
    );
    expect(await upload(live.surveyId, fixed, "fr")).toEqual({ ok: true, added: 2, skipped: 1 });

    const rows = await contactsOf(live.surveyId);
    expect(rows.map((r) => [r.lang, r.status]).sort()).toEqual([
      ["en", "pending"],
      ["en", "pending"],
      ["fr", "pending"],
      ["fr", "pending"],
    ]);
    const sealer = await s.keyring.forOrg(s.db, designer.orgId);
    const addresses = rows.map((r) => sealer.open(r.emailSealed)).sort();
    expect(addresses).toEqual(["lea@example.ca", "marc@example.ca", "rene.cote@example.ca", "sam@example.ca"]);
    for (const r of rows) {
      expect(r.emailSealed).not.toContain("@");
      expect(r.emailHash).toBe(s.keyring.blindIndex(designer.orgId, sealer.open(r.emailSealed)));
    }
    expect(new Set(rows.map((r) => r.tokenHash)).size).toBe(4);
    const audits = await auditOf(live.surveyId, "survey.contacts_added");
    expect(audits.map((a) => a.after)).toEqual([
      { added: 2, skipped: 0 },
      { added: 2, skipped: 1 },
    ]);
    expect(JSON.stringify(audits)).not.toContain("@");
  });

  it("adds nothing when any row is wrong, and lists every wrong row", async () => {
    const live = await publishedSurvey(designer, "Bad rows");
    const file = utf8("email;language\nok@example.ca;en\nnot-an-address;en\nok@example.ca;fr\nx@example.ca;de\n");
    expect(await upload(live.surveyId, file)).toEqual({
      ok: false,
      problemCount: 3,
      rowCount: 4,
      problems: [
        { row: 3, problem: "email", value: "not-an-address" },
        { row: 4, problem: "duplicate", value: "ok@example.ca", firstRow: 2 },
        { row: 5, problem: "language", value: "de" },
      ],
    });
    expect(await contactsOf(live.surveyId)).toEqual([]);
    expect(await auditOf(live.surveyId, "survey.contacts_added")).toEqual([]);
  });

  it("refuses contacts for a closed survey", async () => {
    const live = await publishedSurvey(designer, "Closed before upload");
    await closeSurvey(designer, live.surveyId);
    await expect(upload(live.surveyId, utf8("email\na@example.ca\n"))).rejects.toMatchObject({
      key: "surveyInvitations.errors.closed",
    });
  });

  it("is for designers of the survey's organization only", async () => {
    const live = await publishedSurvey(designer, "Other tenants");
    const analyst = await s.tenantCtx("analyst@federal.example", FEDERAL);
    await expect(
      importContacts(analyst, s, live.surveyId, { bytes: utf8("email\na@x.ca"), defaultLang: "en" }),
    ).rejects.toMatchObject({ code: "Forbidden" });
    const ontario = await s.tenantCtx("admin@ontario.example", "ontario-service-delivery");
    await expect(
      importContacts(ontario, s, live.surveyId, { bytes: utf8("email\na@x.ca"), defaultLang: "en" }),
    ).rejects.toMatchObject({ code: "NotFound" });
    await expect(getInvitationOverview(ontario, live.surveyId)).rejects.toMatchObject({ code: "NotFound" });
    expect(await contactsOf(live.surveyId)).toEqual([]);
  });
});

describe("what staff see of who answered", () => {
  it("in an anonymous survey, one count of the invited and no count of answers until five have answered", async () => {
    const setUp = async (title: string, anonymous: boolean) => {
      const live = await publishedSurvey(designer, title);
      await s.db.update(survey).set({ anonymous }).where(eq(survey.id, live.surveyId));
      await upload(live.surveyId, utf8(`email\n${withNeighbours([], live.surveyId).join("\n")}\nlast@example.ca\n`));
      await sendInvitations(designer, s, live.surveyId);
      return live.surveyId;
    };
    const answer = async (surveyId: string, n: number) => {
      const ids = (await contactsOf(surveyId)).slice(0, n).map((c) => c.id);
      await s.db.update(surveyContact).set({ status: "responded" }).where(inArray(surveyContact.id, ids));
    };
    const anonymous = await setUp("Who answered, anonymous", true);
    await answer(anonymous, 1);
    expect((await getInvitationOverview(designer, anonymous)).counts).toMatchObject({
      anonymous: true,
      invited: 6,
      responded: null,
      everInvited: 6,
      total: 6,
    });
    await answer(anonymous, 5);
    expect((await getInvitationOverview(designer, anonymous)).counts).toMatchObject({ invited: 6, responded: 5 });

    const confidential = await setUp("Who answered, confidential", false);
    await answer(confidential, 1);
    expect((await getInvitationOverview(designer, confidential)).counts).toMatchObject({
      anonymous: false,
      invited: 5,
      responded: 1,
      total: 6,
    });
  });
});

describe("deleting contact lists", () => {
  const list = utf8("email\none@example.ca\ntwo@example.ca\n");

  it("deletes by hand, audited with a count only", async () => {
    const live = await publishedSurvey(designer, "By hand");
    await upload(live.surveyId, list);
    expect(await deleteContacts(designer, live.surveyId)).toBe(2);
    expect(await contactsOf(live.surveyId)).toEqual([]);
    const [audit] = await auditOf(live.surveyId, "survey.contacts_deleted");
    expect(audit).toEqual({ after: { count: 2, messages: 0, reason: "byHand" }, actorId: designer.userId });
  });

  it("deletes the invitations sent or queued to the list with it, and only those", async () => {
    const live = await publishedSurvey(designer, "Mail goes too");
    const other = await publishedSurvey(designer, "Mail stays");
    // Anonymous surveys invite five at a time: each list is filled up with neighbours.
    const gone = withNeighbours(["gone.one@example.ca", "gone.two@example.ca"], live.surveyId);
    const kept = withNeighbours(["kept@example.ca"], other.surveyId);
    await upload(live.surveyId, utf8(`email\n${gone.join("\n")}\n`));
    await upload(other.surveyId, utf8(`email\n${kept.join("\n")}\n`));
    expect(await sendInvitations(designer, s, live.surveyId)).toBe(5);
    expect(await sendInvitations(designer, s, other.surveyId)).toBe(5);
    expect(await mailTo(s, ...gone)).toHaveLength(5);
    expect(await deleteContacts(designer, live.surveyId)).toBe(5);
    expect(await mailTo(s, ...gone)).toEqual([]);
    expect(await mailTo(s, ...kept)).toHaveLength(5);
    const [audit] = await auditOf(live.surveyId, "survey.contacts_deleted");
    expect(audit?.after).toEqual({ count: 5, messages: 5, reason: "byHand" });
  });

  it("deletes at closing, unless the list is kept; turning keeping off later deletes it", async () => {
    const dropped = await publishedSurvey(designer, "Closed, dropped");
    await upload(dropped.surveyId, list);
    await closeSurvey(designer, dropped.surveyId);
    expect(await contactsOf(dropped.surveyId)).toEqual([]);
    expect((await auditOf(dropped.surveyId, "survey.contacts_deleted")).map((a) => a.after)).toEqual([
      { count: 2, messages: 0, reason: "closed" },
    ]);

    const kept = await publishedSurvey(designer, "Closed, kept");
    await upload(kept.surveyId, list);
    await updateInvitationSettings(designer, kept.surveyId, { reminders: { interval: 0, max: 2 }, keepContacts: true });
    await closeSurvey(designer, kept.surveyId);
    expect(await deleteContactsOfClosedSurveys(s.db, new Date())).toBe(0);
    expect(await contactsOf(kept.surveyId)).toHaveLength(2);
    await updateInvitationSettings(designer, kept.surveyId, {
      reminders: { interval: 0, max: 2 },
      keepContacts: false,
    });
    expect(await contactsOf(kept.surveyId)).toEqual([]);
    expect((await auditOf(kept.surveyId, "survey.contacts_deleted")).map((a) => a.after)).toEqual([
      { count: 2, messages: 0, reason: "keepContactsOff" },
    ]);
  });

  it("deletes, by the job, the lists of surveys whose closing date has passed", async () => {
    const live = await publishedSurvey(designer, "Closing date passed");
    const open = await publishedSurvey(designer, "Still open");
    await upload(live.surveyId, list);
    await upload(open.surveyId, list);
    const closesAt = new Date("2031-01-01T00:00:00Z");
    await updateSurveySettings(designer, live.surveyId, {
      titleEn: live.titleEn,
      titleFr: live.titleFr,
      serviceEn: "Passport renewal",
      serviceFr: "Renouvellement de passeport",
      opensAt: null,
      closesAt,
      responseTarget: null,
      closingMessageEn: null,
      closingMessageFr: null,
    });
    expect(await deleteContactsOfClosedSurveys(s.db, new Date("2030-12-31T23:00:00Z"))).toBe(0);
    const [first, second] = await Promise.all([
      deleteContactsOfClosedSurveys(s.db, new Date("2031-01-01T00:00:01Z")),
      deleteContactsOfClosedSurveys(s.db, new Date("2031-01-01T00:00:01Z")),
    ]);
    expect((first ?? 0) + (second ?? 0)).toBe(2);
    expect(await contactsOf(live.surveyId)).toEqual([]);
    expect(await contactsOf(open.surveyId)).toHaveLength(2);
    expect(await auditOf(live.surveyId, "survey.contacts_deleted")).toEqual([
      { after: { count: 2, messages: 0, reason: "closingDate" }, actorId: null },
    ]);
  });
});
