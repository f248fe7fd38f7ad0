import { and, desc, eq, gte, ilike, inArray, lt, type SQL } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { type AuditAction, securityActions } from "./audit-actions.ts";
import { assertCan, type TenantCtx } from "./context.ts";
import { auditEvent, platformAuditEvent } from "./schema.ts";
import type { RequestOrigin } from "./security-events.server.ts";

export interface AuditChange {
  action: AuditAction;
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
  /** Where the request came from, for security events such as a response view. */
  origin?: RequestOrigin;
}

/**
 * Records one change. Pass the transaction that makes the change so the record
 * and the change commit together.
 */
export async function recordAudit(
  tx: Db,
  actor: { orgId: string; userId: string | null; email: string | null },
  change: AuditChange,
): Promise<void> {
  await tx.insert(auditEvent).values({
    orgId: actor.orgId,
    actorId: actor.userId,
    actorEmail: actor.email,
    action: change.action,
    targetType: change.targetType,
    targetId: change.targetId,
    before: change.before ?? null,
    after: change.after ?? null,
    ip: change.origin?.ip ?? null,
    userAgent: change.origin?.userAgent ?? null,
  });
}

export const auditActor = (ctx: TenantCtx) => ({ orgId: ctx.orgId, userId: ctx.userId, email: ctx.email });

export interface AuditFilters {
  action?: string;
  /** Only the security events (sign-ins, resets, second factor, token refusals, response views). */
  securityOnly?: boolean;
  actor?: string;
  from?: Date;
  to?: Date;
  page: number;
}

export const AUDIT_PAGE_SIZE = 50;

/** The organization's audit trail, newest first, filtered and paged. */
export async function findAuditEvents(ctx: TenantCtx, filters: AuditFilters) {
  assertCan(ctx, "org.audit.view");
  const where: SQL[] = [eq(auditEvent.orgId, ctx.orgId)];
  if (filters.action) where.push(eq(auditEvent.action, filters.action));
  if (filters.securityOnly) where.push(inArray(auditEvent.action, [...securityActions]));
  if (filters.actor) where.push(ilike(auditEvent.actorEmail, `%${escapeLike(filters.actor)}%`));
  if (filters.from) where.push(gte(auditEvent.at, filters.from));
  if (filters.to) where.push(lt(auditEvent.at, filters.to));
  const rows = await ctx.db
    .select({
      id: auditEvent.id,
      at: auditEvent.at,
      actorEmail: auditEvent.actorEmail,
      action: auditEvent.action,
      targetType: auditEvent.targetType,
      targetId: auditEvent.targetId,
      before: auditEvent.before,
      after: auditEvent.after,
      ip: auditEvent.ip,
      userAgent: auditEvent.userAgent,
    })
    .from(auditEvent)
    .where(and(...where))
    .orderBy(desc(auditEvent.at), desc(auditEvent.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((filters.page - 1) * AUDIT_PAGE_SIZE);
  return { events: rows.slice(0, AUDIT_PAGE_SIZE), hasNext: rows.length > AUDIT_PAGE_SIZE };
}

/**
 * Security events of no organization (sign-in attempts for unknown addresses or
 * accounts without a membership), newest first: platform admins only.
 */
export async function findPlatformAuditEvents(ctx: TenantCtx, page: number) {
  assertCan(ctx, "platform.orgs.manage");
  const rows = await ctx.db
    .select({
      id: platformAuditEvent.id,
      at: platformAuditEvent.at,
      actorEmail: platformAuditEvent.actorEmail,
      action: platformAuditEvent.action,
      targetType: platformAuditEvent.targetType,
      targetId: platformAuditEvent.targetId,
      after: platformAuditEvent.after,
      ip: platformAuditEvent.ip,
      userAgent: platformAuditEvent.userAgent,
    })
    .from(platformAuditEvent)
    .orderBy(desc(platformAuditEvent.at), desc(platformAuditEvent.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((page - 1) * AUDIT_PAGE_SIZE);
  return { events: rows.slice(0, AUDIT_PAGE_SIZE), hasNext: rows.length > AUDIT_PAGE_SIZE };
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
