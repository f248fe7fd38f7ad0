import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { auditActor, recordAudit } from "#app/modules/identity/audit.server.ts";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import { response } from "#app/modules/responses/schema.ts";
import { survey } from "./schema.ts";

export interface SurveyPrivacyInput {
  privacyNoticeEn: string | null;
  privacyNoticeFr: string | null;
  anonymous: boolean;
  retentionMonths: number;
}

const fields = ["privacyNoticeEn", "privacyNoticeFr", "anonymous", "retentionMonths"] as const;

/**
 * The privacy notice, anonymity and retention period of a survey. Anonymity
 * can be turned on at any time, and then also unlinks submitted responses
 * from invitations and staff; it can only be turned off while nobody has
 * answered, because people who answered were told their answers were
 * anonymous. Only the fields that change are recorded in the audit log.
 */
export async function updateSurveyPrivacy(ctx: TenantCtx, surveyId: string, input: SurveyPrivacyInput) {
  assertCan(ctx, "surveys.design");
  if (!z.uuid().safeParse(surveyId).success) throw new AppError("NotFound");
  await ctx.db.transaction(async (tx) => {
    const where = and(eq(survey.orgId, ctx.orgId), eq(survey.id, surveyId));
    const [current] = await tx
      .select({
        privacyNoticeEn: survey.privacyNoticeEn,
        privacyNoticeFr: survey.privacyNoticeFr,
        anonymous: survey.anonymous,
        retentionMonths: survey.retentionMonths,
      })
      .from(survey)
      .where(where)
      .for("update");
    if (!current) throw new AppError("NotFound");
    const changed = fields.filter((f) => current[f] !== input[f]);
    if (changed.length === 0) return;
    if (current.anonymous && !input.anonymous) {
      const [answered] = await tx
        .select({ id: response.id })
        .from(response)
        .where(and(eq(response.orgId, ctx.orgId), eq(response.surveyId, surveyId)))
        .limit(1);
      if (answered) throw new AppError("Conflict", "surveys.privacy.errors.anonymousOff");
    }
    await tx
      .update(survey)
      .set({ ...input, updatedAt: new Date() })
      .where(where);
    if (!current.anonymous && input.anonymous) {
      // Submitted responses forget who sent them, as they would have if the
      // survey had been anonymous from the start. Partial ones keep their
      // invitation until they are submitted, so reminders stop when they are.
      await tx
        .update(response)
        .set({ contactId: null, enteredBy: null })
        .where(and(eq(response.orgId, ctx.orgId), eq(response.surveyId, surveyId), eq(response.status, "complete")));
    }
    await recordAudit(tx, auditActor(ctx), {
      action: "survey.privacy_updated",
      targetType: "survey",
      targetId: surveyId,
      before: Object.fromEntries(changed.map((f) => [f, current[f]])),
      after: Object.fromEntries(changed.map((f) => [f, input[f]])),
    });
  });
}
