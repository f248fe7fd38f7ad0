import { and, eq, sql } from "drizzle-orm";
import QRCode from "qrcode";
import { auditActor, recordAudit } from "#app/modules/identity/audit.server.ts";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import { getSurvey } from "#app/modules/measure/surveys.server.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import { getSurveyForRespondent, startResponse } from "./respond.server.ts";
import { response } from "./schema.ts";

/** How a survey reaches people: its public link and how many have answered so far. */
export async function getDistribution(ctx: TenantCtx, surveyId: string) {
  const { id, titleEn, titleFr, status, publicKey, publishedVersion, responseTarget } = await getSurvey(ctx, surveyId);
  const counts = await ctx.db
    .select({ status: response.status, n: sql<number>`count(*)::int` })
    .from(response)
    .where(and(eq(response.orgId, ctx.orgId), eq(response.surveyId, surveyId)))
    .groupBy(response.status);
  const count = (of: string) => counts.find((c) => c.status === of)?.n ?? 0;
  return {
    id,
    titleEn,
    titleFr,
    status,
    publicKey,
    publishedVersion,
    responseTarget,
    complete: count("complete"),
    partial: count("partial"),
  };
}

/**
 * Staff keying in a paper or telephone response: a response on the staff
 * channel, recorded as theirs, answered on the respondent pages.
 */
export async function startStaffEntry(
  ctx: TenantCtx,
  secret: string,
  surveyId: string,
  entry: { startKey: string; lang: "en" | "fr" },
) {
  assertCan(ctx, "responses.enter");
  const d = await getDistribution(ctx, surveyId);
  const live = d.publishedVersion ? await getSurveyForRespondent(ctx.db, d.publicKey) : null;
  if (!live || live.orgId !== ctx.orgId) throw new AppError("Conflict", "distribution.errors.notPublished");
  const token = await startResponse(ctx.db, secret, live, {
    lang: entry.lang,
    startKey: `staff:${entry.startKey}`,
    channel: "staff",
    enteredBy: ctx.userId,
  });
  await recordAudit(ctx.db, auditActor(ctx), {
    action: "response.staff_entry_started",
    targetType: "survey",
    targetId: surveyId,
  });
  return { publicKey: d.publicKey, token };
}

/** A QR code of a link, for print: SVG scales to any size, PNG for tools that need pixels. */
export async function qrCode(url: string, format: "svg" | "png"): Promise<string | Buffer> {
  const options = { errorCorrectionLevel: "M" as const, margin: 4 };
  return format === "svg"
    ? QRCode.toString(url, { ...options, type: "svg" })
    : QRCode.toBuffer(url, { ...options, type: "png", width: 1024 });
}
