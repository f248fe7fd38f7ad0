// Read-only links to a survey's results, for people without an account
// (decision 0022). The token is random and shown once, when the link is
// made; only its SHA-256 is kept. Free-text questions are always left out
// and the creator may leave out more; a revoked or expired link is a 404.
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import { auditActor, recordAudit } from "#app/modules/identity/audit.server.ts";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import { user } from "#app/modules/identity/schema.ts";
import { survey, surveyVersion } from "#app/modules/measure/schema.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import { isFreeText } from "#app/modules/responses/answers.ts";
import type { Db } from "#db/client.ts";
import { loadDashboard } from "./dashboard.server.ts";
import { excludeQuestions } from "./dashboard-view.ts";
import { resultsQuestions } from "./questions.ts";
import { resultsShareLink } from "./schema.ts";

export const SHARE_LABEL_MAX = 120;
export type ShareLinkStatus = "active" | "expired" | "revoked";

const hashToken = (token: string) => createHash("sha256").update(token).digest("base64url");
const isUuid = (value: string) => z.uuid().safeParse(value).success;
const TOKEN = /^[\w-]{43}$/;

/** The questions a link can show or leave out, and the open ones it always leaves out. */
async function shareableQuestions(db: Db, orgId: string, surveyId: string) {
  if (!isUuid(surveyId)) throw new AppError("NotFound");
  const [found] = await db
    .select({ id: survey.id })
    .from(survey)
    .where(and(eq(survey.orgId, orgId), eq(survey.id, surveyId)));
  if (!found) throw new AppError("NotFound");
  const versions = await db
    .select({ definition: surveyVersion.definition })
    .from(surveyVersion)
    .where(and(eq(surveyVersion.orgId, orgId), eq(surveyVersion.surveyId, surveyId)))
    .orderBy(surveyVersion.version);
  const definitions = versions.map((v) => v.definition);
  const { scales, categories } = resultsQuestions(definitions);
  const freeText = new Set<string>();
  for (const d of definitions)
    for (const { question } of d.pages.flatMap((p) => p.items)) if (isFreeText(question)) freeText.add(question.code);
  return { questions: [...scales, ...categories], freeText: [...freeText] };
}

/** What the share page offers to leave out. */
export async function getShareOptions(ctx: TenantCtx, surveyId: string) {
  assertCan(ctx, "results.view");
  return shareableQuestions(ctx.db, ctx.orgId, surveyId);
}

export function statusOf(link: { revokedAt: Date | null; expiresAt: Date | null }, now = new Date()): ShareLinkStatus {
  if (link.revokedAt) return "revoked";
  if (link.expiresAt && link.expiresAt <= now) return "expired";
  return "active";
}

/** A survey's links, newest first, with their status. */
export async function findShareLinks(ctx: TenantCtx, surveyId: string) {
  assertCan(ctx, "results.view");
  if (!isUuid(surveyId)) throw new AppError("NotFound");
  const rows = await ctx.db
    .select({
      id: resultsShareLink.id,
      label: resultsShareLink.label,
      excluded: resultsShareLink.excluded,
      createdAt: resultsShareLink.createdAt,
      createdBy: user.name,
      expiresAt: resultsShareLink.expiresAt,
      revokedAt: resultsShareLink.revokedAt,
      lastViewedAt: resultsShareLink.lastViewedAt,
    })
    .from(resultsShareLink)
    .leftJoin(user, eq(user.id, resultsShareLink.createdBy))
    .where(and(eq(resultsShareLink.orgId, ctx.orgId), eq(resultsShareLink.surveyId, surveyId)))
    .orderBy(desc(resultsShareLink.createdAt));
  const now = new Date();
  return rows.map((row) => ({ ...row, status: statusOf(row, now) }));
}

export interface NewShareLink {
  label: string;
  /** Scale or choice questions to leave out (open questions always are). */
  excluded: string[];
  expiresAt: Date | null;
}

/** Makes a link; the returned token is the only copy there will ever be. */
export async function createShareLink(ctx: TenantCtx, surveyId: string, input: NewShareLink) {
  assertCan(ctx, "results.view");
  const { questions, freeText } = await shareableQuestions(ctx.db, ctx.orgId, surveyId);
  const known = new Set(questions.map((q) => q.code));
  if (input.excluded.some((code) => !known.has(code))) throw new AppError("Invalid", "shareLinks.errors.excluded");
  if (input.expiresAt && input.expiresAt <= new Date()) throw new AppError("Invalid", "shareLinks.errors.past");
  const excluded = [...new Set([...input.excluded, ...freeText])];
  const token = randomBytes(32).toString("base64url");
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(resultsShareLink)
      .values({
        orgId: ctx.orgId,
        surveyId,
        label: input.label,
        tokenHash: hashToken(token),
        excluded,
        createdBy: ctx.userId,
        expiresAt: input.expiresAt,
      })
      .returning({ id: resultsShareLink.id });
    const id = row?.id as string;
    await recordAudit(tx, auditActor(ctx), {
      action: "results_share_link.created",
      targetType: "results_share_link",
      targetId: id,
      after: { surveyId, label: input.label, excluded, expiresAt: input.expiresAt?.toISOString() ?? null },
    });
    return { id, token };
  });
}

export async function revokeShareLink(ctx: TenantCtx, surveyId: string, linkId: string) {
  assertCan(ctx, "results.view");
  if (!isUuid(surveyId) || !isUuid(linkId)) throw new AppError("NotFound");
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(resultsShareLink)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(resultsShareLink.orgId, ctx.orgId),
          eq(resultsShareLink.surveyId, surveyId),
          eq(resultsShareLink.id, linkId),
          isNull(resultsShareLink.revokedAt),
        ),
      )
      .returning({ label: resultsShareLink.label });
    if (!row) throw new AppError("NotFound");
    await recordAudit(tx, auditActor(ctx), {
      action: "results_share_link.revoked",
      targetType: "results_share_link",
      targetId: linkId,
      before: { surveyId, label: row.label },
    });
  });
}

/** The link a token opens, if it is neither revoked nor expired. */
export async function openShareLink(db: Db, token: string) {
  if (!TOKEN.test(token)) return null;
  const [row] = await db
    .select({
      orgId: resultsShareLink.orgId,
      id: resultsShareLink.id,
      surveyId: resultsShareLink.surveyId,
      label: resultsShareLink.label,
      excluded: resultsShareLink.excluded,
      expiresAt: resultsShareLink.expiresAt,
      revokedAt: resultsShareLink.revokedAt,
    })
    .from(resultsShareLink)
    .where(eq(resultsShareLink.tokenHash, hashToken(token)));
  if (!row || statusOf(row) !== "active") return null;
  // "Last viewed" to the minute is enough, and spares a write per view.
  const minuteAgo = new Date(Date.now() - 60_000);
  await db
    .update(resultsShareLink)
    .set({ lastViewedAt: new Date() })
    .where(
      and(
        eq(resultsShareLink.orgId, row.orgId),
        eq(resultsShareLink.id, row.id),
        or(isNull(resultsShareLink.lastViewedAt), lt(resultsShareLink.lastViewedAt, minuteAgo)),
      ),
    );
  return row;
}

/** The dashboard a link shows: the survey's, without the questions it leaves out; null for a dead link. */
export async function getSharedDashboard(db: Db, token: string) {
  const link = await openShareLink(db, token);
  if (!link) return null;
  const view = await loadDashboard({ db, orgId: link.orgId }, link.surveyId, {}, { leaveOut: link.excluded });
  return { link: { label: link.label, expiresAt: link.expiresAt }, view: excludeQuestions(view, link.excluded) };
}
