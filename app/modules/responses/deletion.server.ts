// Deleting responses by hand: one response, or a survey's unfinished ones.
// Only designers and organization admins may; each deletion is audited.
import { and, eq, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { auditActor, recordAudit } from "#app/modules/identity/audit.server.ts";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import { getSurvey } from "#app/modules/measure/surveys.server.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import { response } from "./schema.ts";

/** Partial responses saved this recently may still be being answered; bulk deletion leaves them. */
export const PARTIAL_GRACE_HOURS = 24;

const isUuid = (value: string) => z.uuid().safeParse(value).success;
const quietSince = (now: Date) => new Date(now.getTime() - PARTIAL_GRACE_HOURS * 3_600_000);

/** Deletes one response, complete or not. */
export async function deleteResponse(ctx: TenantCtx, surveyId: string, responseId: string) {
  assertCan(ctx, "responses.delete");
  if (!isUuid(surveyId) || !isUuid(responseId)) throw new AppError("NotFound");
  await ctx.db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(response)
      .where(and(eq(response.orgId, ctx.orgId), eq(response.surveyId, surveyId), eq(response.id, responseId)))
      .returning({ status: response.status, channel: response.channel, version: response.version });
    if (!gone) throw new AppError("NotFound");
    await recordAudit(tx, auditActor(ctx), {
      action: "response.deleted",
      targetType: "response",
      targetId: responseId,
      before: { surveyId, ...gone },
    });
  });
}

/**
 * Deletes a survey's partial responses, except those saved in the last
 * PARTIAL_GRACE_HOURS: someone may be answering right now. Returns how many.
 */
export async function deletePartialResponses(ctx: TenantCtx, surveyId: string, now = new Date()): Promise<number> {
  assertCan(ctx, "responses.delete");
  const { id } = await getSurvey(ctx, surveyId);
  const before = quietSince(now);
  return ctx.db.transaction(async (tx) => {
    const gone = await tx
      .delete(response)
      .where(
        and(
          eq(response.orgId, ctx.orgId),
          eq(response.surveyId, id),
          eq(response.status, "partial"),
          lt(response.updatedAt, before),
        ),
      )
      .returning({ id: response.id });
    if (gone.length > 0) {
      await recordAudit(tx, auditActor(ctx), {
        action: "responses.partials_deleted",
        targetType: "survey",
        targetId: surveyId,
        after: { count: gone.length, savedBefore: before.toISOString() },
      });
    }
    return gone.length;
  });
}

/** How many partial responses deletion would remove now, and how many it would leave to finish. */
export async function countDeletablePartials(ctx: TenantCtx, surveyId: string, now = new Date()) {
  assertCan(ctx, "responses.delete");
  const before = quietSince(now).toISOString();
  const [row] = await ctx.db
    .select({
      deletable: sql<number>`count(*) filter (where ${response.updatedAt} < ${before}::timestamptz)::int`,
      recent: sql<number>`count(*) filter (where ${response.updatedAt} >= ${before}::timestamptz)::int`,
    })
    .from(response)
    .where(and(eq(response.orgId, ctx.orgId), eq(response.surveyId, surveyId), eq(response.status, "partial")));
  return { deletable: row?.deletable ?? 0, recent: row?.recent ?? 0 };
}
