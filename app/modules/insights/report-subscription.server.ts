// A member's choice to get a survey's report by e-mail after each wave, in
// one language and the formats they pick. Anyone who may read the results may
// subscribe themselves; nobody subscribes someone else.
import { and, eq } from "drizzle-orm";
import type { Lang } from "#app/i18n/paths.ts";
import { auditActor, recordAudit } from "#app/modules/identity/audit.server.ts";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import type { Db } from "#db/client.ts";
import { reportSubscription } from "./schema.ts";

export const reportFormats = ["pdf", "xlsx", "csv"] as const;
export type ReportFormat = (typeof reportFormats)[number];

export interface ReportSubscription {
  lang: Lang;
  formats: ReportFormat[];
}

const ofMember = (ctx: TenantCtx, surveyId: string) =>
  and(
    eq(reportSubscription.orgId, ctx.orgId),
    eq(reportSubscription.surveyId, surveyId),
    eq(reportSubscription.userId, ctx.userId),
  );

async function assertSurvey(db: Db, ctx: TenantCtx, surveyId: string) {
  const [found] = await db
    .select({ id: survey.id })
    .from(survey)
    .where(and(eq(survey.orgId, ctx.orgId), eq(survey.id, surveyId)));
  if (!found) throw new AppError("NotFound");
}

const inOrder = (formats: readonly string[]) => reportFormats.filter((f) => formats.includes(f));

export async function getReportSubscription(ctx: TenantCtx, surveyId: string): Promise<ReportSubscription | null> {
  assertCan(ctx, "results.view");
  const [row] = await ctx.db
    .select({ lang: reportSubscription.lang, formats: reportSubscription.formats })
    .from(reportSubscription)
    .where(ofMember(ctx, surveyId));
  return row ? { lang: row.lang, formats: inOrder(row.formats) } : null;
}

/** Subscribes the member, or changes their language and formats. */
export async function saveReportSubscription(ctx: TenantCtx, surveyId: string, choice: ReportSubscription) {
  assertCan(ctx, "results.view");
  const formats = inOrder(choice.formats);
  if (formats.length === 0) throw new AppError("Invalid", "reports.errors.formats");
  await ctx.db.transaction(async (tx) => {
    await assertSurvey(tx, ctx, surveyId);
    const [before] = await tx
      .select({ lang: reportSubscription.lang, formats: reportSubscription.formats })
      .from(reportSubscription)
      .where(ofMember(ctx, surveyId));
    await tx
      .insert(reportSubscription)
      .values({ orgId: ctx.orgId, surveyId, userId: ctx.userId, lang: choice.lang, formats })
      .onConflictDoUpdate({
        target: [reportSubscription.orgId, reportSubscription.surveyId, reportSubscription.userId],
        set: { lang: choice.lang, formats },
      });
    await recordAudit(tx, auditActor(ctx), {
      action: "report.subscribed",
      targetType: "survey",
      targetId: surveyId,
      before: before ?? null,
      after: { lang: choice.lang, formats },
    });
  });
}

/** Ends the member's subscription; nothing happens when there is none. */
export async function deleteReportSubscription(ctx: TenantCtx, surveyId: string) {
  assertCan(ctx, "results.view");
  await ctx.db.transaction(async (tx) => {
    const removed = await tx
      .delete(reportSubscription)
      .where(ofMember(ctx, surveyId))
      .returning({ lang: reportSubscription.lang, formats: reportSubscription.formats });
    if (removed.length === 0) return;
    await recordAudit(tx, auditActor(ctx), {
      action: "report.unsubscribed",
      targetType: "survey",
      targetId: surveyId,
      before: removed[0] ?? null,
    });
  });
}
