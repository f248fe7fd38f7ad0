import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { findAuditEvents } from "#app/modules/identity/audit.server.ts";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { response } from "#app/modules/responses/schema.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import { insertResponse, publishedSurvey } from "#tests/support/responses.ts";
import { survey } from "./schema.ts";
import { surveyPrivacySchema } from "./survey-input.ts";
import { type SurveyPrivacyInput, updateSurveyPrivacy } from "./survey-privacy.server.ts";

let s: Awaited<ReturnType<typeof seededServices>>;
let designer: TenantCtx;
let admin: TenantCtx;
const FEDERAL = "citizen-services-canada";
const defaults: SurveyPrivacyInput = {
  privacyNoticeEn: null,
  privacyNoticeFr: null,
  anonymous: true,
  retentionMonths: 24,
};

const privacyOf = async (id: string) =>
  (
    await s.db
      .select({
        privacyNoticeEn: survey.privacyNoticeEn,
        privacyNoticeFr: survey.privacyNoticeFr,
        anonymous: survey.anonymous,
        retentionMonths: survey.retentionMonths,
      })
      .from(survey)
      .where(eq(survey.id, id))
  )[0];
const auditsOf = async (id: string) =>
  (await findAuditEvents(admin, { action: "survey.privacy_updated", page: 1 })).events.filter((e) => e.targetId === id);

beforeAll(async () => {
  s = await seededServices();
  designer = await s.tenantCtx("designer@federal.example", FEDERAL);
  admin = await s.tenantCtx("admin@federal.example", FEDERAL);
});

describe("the privacy form", () => {
  const parse = (fields: Record<string, string>) =>
    surveyPrivacySchema.safeParse({ anonymous: "yes", retentionMonths: "24", ...fields });
  const errorOf = (fields: Record<string, string>) => parse(fields).error?.issues[0]?.message;

  it("takes plain-text notices, anonymity and a period of 1 to 120 months", () => {
    expect(
      parse({ privacyNoticeEn: "  One.\r\n\r\nTwo <b>bold</b>  ", privacyNoticeFr: "", retentionMonths: " 120 " }).data,
    ).toEqual({
      privacyNoticeEn: "One.\n\nTwo <b>bold</b>",
      privacyNoticeFr: null,
      anonymous: true,
      retentionMonths: 120,
    });
    expect(parse({ anonymous: "no", retentionMonths: "1" }).data).toMatchObject({
      anonymous: false,
      retentionMonths: 1,
    });
  });

  it("refuses what it cannot store, each with its own message", () => {
    for (const months of ["0", "121", "12.5", "-3", "twelve", "", "1000"]) {
      expect(errorOf({ retentionMonths: months }), months).toBe("surveys.privacy.errors.retention");
    }
    expect(errorOf({ anonymous: "maybe" })).toBe("surveys.privacy.errors.anonymous");
    expect(surveyPrivacySchema.safeParse({ retentionMonths: "24" }).error?.issues[0]?.message).toBe(
      "surveys.privacy.errors.anonymous",
    );
    expect(errorOf({ privacyNoticeFr: "x".repeat(4001) })).toBe("errors.tooLong");
    expect(parse({ privacyNoticeFr: "x".repeat(4000) }).success).toBe(true);
  });
});

describe("updateSurveyPrivacy", () => {
  it("saves the settings and audits only what changed", async () => {
    const id = await publishedSurvey(designer, "Privacy notice");
    const notice = "Collected under the Department of Citizen Services Act.\n\nQuestions: privacy@federal.example";
    await updateSurveyPrivacy(designer, id, { ...defaults, privacyNoticeEn: notice, retentionMonths: 36 });
    expect(await privacyOf(id)).toEqual({ ...defaults, privacyNoticeEn: notice, retentionMonths: 36 });
    const [event] = await auditsOf(id);
    expect(event).toMatchObject({
      actorEmail: "designer@federal.example",
      before: { privacyNoticeEn: null, retentionMonths: 24 },
      after: { privacyNoticeEn: notice, retentionMonths: 36 },
    });
    expect(Object.keys(event?.after as object).sort()).toEqual(["privacyNoticeEn", "retentionMonths"]);
    // Saving the same settings again changes nothing and records nothing.
    await updateSurveyPrivacy(designer, id, { ...defaults, privacyNoticeEn: notice, retentionMonths: 36 });
    expect(await auditsOf(id)).toHaveLength(1);
  });

  it("turns anonymity off only while nobody has answered", async () => {
    const id = await publishedSurvey(designer, "Anonymity");
    await updateSurveyPrivacy(designer, id, { ...defaults, anonymous: false });
    expect((await privacyOf(id))?.anonymous).toBe(false);
    await updateSurveyPrivacy(designer, id, defaults);
    await insertResponse(
      s.db,
      s.keyring,
      { orgId: designer.orgId, surveyId: id },
      {
        status: "partial",
        startedAt: new Date(),
      },
    );
    await expect(
      updateSurveyPrivacy(designer, id, { ...defaults, anonymous: false, retentionMonths: 6 }),
    ).rejects.toMatchObject({
      code: "Conflict",
      key: "surveys.privacy.errors.anonymousOff",
    });
    expect(await privacyOf(id)).toEqual(defaults);
    expect(await auditsOf(id)).toHaveLength(2);
  });

  it("turning anonymity on unlinks submitted responses from invitations and staff", async () => {
    const id = await publishedSurvey(designer, "Becoming anonymous");
    await updateSurveyPrivacy(designer, id, { ...defaults, anonymous: false });
    const at = { orgId: designer.orgId, surveyId: id };
    const linked = { contactId: randomUUID(), enteredBy: designer.userId, startedAt: new Date() };
    const complete = await insertResponse(s.db, s.keyring, at, { ...linked, channel: "staff" });
    const partial = await insertResponse(s.db, s.keyring, at, { ...linked, status: "partial" });
    await updateSurveyPrivacy(designer, id, defaults);
    const links = async (responseId: string) =>
      (
        await s.db
          .select({ contactId: response.contactId, enteredBy: response.enteredBy })
          .from(response)
          .where(eq(response.id, responseId))
      )[0];
    expect(await links(complete)).toEqual({ contactId: null, enteredBy: null });
    // Still in progress: the invitation learns it was answered when it is submitted, which forgets it then.
    expect(await links(partial)).toEqual({ contactId: linked.contactId, enteredBy: designer.userId });
  });

  it("is for designers of the survey's own organization only", async () => {
    const id = await publishedSurvey(designer, "Not yours");
    const analyst = await s.tenantCtx("analyst@federal.example", FEDERAL);
    await expect(updateSurveyPrivacy(analyst, id, defaults)).rejects.toMatchObject({ code: "Forbidden" });
    const ontario = await s.tenantCtx("admin@ontario.example", "ontario-service-delivery");
    await expect(updateSurveyPrivacy(ontario, id, { ...defaults, retentionMonths: 1 })).rejects.toMatchObject({
      code: "NotFound",
    });
    await expect(updateSurveyPrivacy(designer, "not-a-uuid", defaults)).rejects.toMatchObject({ code: "NotFound" });
    expect((await privacyOf(id))?.retentionMonths).toBe(24);
  });
});
