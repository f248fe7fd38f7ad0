import { and, count, eq } from "drizzle-orm";
import { auditActor, recordAudit } from "#app/modules/identity/audit.server.ts";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import { deleteSurveyMail } from "#app/modules/mail/outbox.server.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import { response, surveyContact } from "#app/modules/responses/schema.ts";
import type { Db } from "#db/client.ts";
import { survey, surveyVersion } from "./schema.ts";
import { getSurvey } from "./surveys.server.ts";

// Deleting a survey deletes everything collected with it: its responses and
// its contacts (by the foreign keys' cascade) and its published versions.
// A draft has none of these and goes with one click; a survey that has been
// published is deleted only when the person types its title.

const sameTitle = (typed: string, title: string) =>
  typed.trim().replace(/\s+/g, " ") === title.trim().replace(/\s+/g, " ");

async function countsOf(db: Db, orgId: string, surveyId: string) {
  const of = async (table: typeof response | typeof surveyContact) => {
    const [row] = await db
      .select({ n: count() })
      .from(table)
      .where(and(eq(table.orgId, orgId), eq(table.surveyId, surveyId)));
    return row?.n ?? 0;
  };
  return { responses: await of(response), contacts: await of(surveyContact) };
}

/** What deleting the survey would delete, for the confirmation page. */
export async function getSurveyDeletion(ctx: TenantCtx, surveyId: string) {
  assertCan(ctx, "surveys.design");
  const s = await getSurvey(ctx, surveyId);
  const counts = await countsOf(ctx.db, ctx.orgId, s.id);
  return {
    id: s.id,
    titleEn: s.titleEn,
    titleFr: s.titleFr,
    status: s.status,
    ...counts,
    needsTitle: s.status !== "draft" || counts.responses > 0,
  };
}

/**
 * Deletes a survey and all it collected. `typedTitle` must be its title in
 * either language unless it is a draft nobody answered.
 */
export async function deleteSurvey(ctx: TenantCtx, surveyId: string, typedTitle: string) {
  assertCan(ctx, "surveys.design");
  const { id } = await getSurvey(ctx, surveyId);
  await ctx.db.transaction(async (tx) => {
    const where = and(eq(survey.orgId, ctx.orgId), eq(survey.id, id));
    const [current] = await tx
      .select({ titleEn: survey.titleEn, titleFr: survey.titleFr, status: survey.status })
      .from(survey)
      .where(where)
      .for("update");
    if (!current) throw new AppError("NotFound");
    const counts = await countsOf(tx, ctx.orgId, id);
    const needsTitle = current.status !== "draft" || counts.responses > 0;
    if (needsTitle && !sameTitle(typedTitle, current.titleEn) && !sameTitle(typedTitle, current.titleFr)) {
      throw new AppError("Invalid", "surveys.delete.errors.title");
    }
    // Versions have no foreign key to the survey (they are frozen records); responses and contacts cascade.
    await tx.delete(surveyVersion).where(and(eq(surveyVersion.orgId, ctx.orgId), eq(surveyVersion.surveyId, id)));
    await tx.delete(survey).where(where);
    // Its invitations and reminders, sent or queued, have no foreign key either: the outbox is the mail module's.
    await deleteSurveyMail(tx, ctx.orgId, id);
    await recordAudit(tx, auditActor(ctx), {
      action: "survey.deleted",
      targetType: "survey",
      targetId: id,
      before: { ...current, ...counts },
    });
  });
}
