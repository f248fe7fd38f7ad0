import { and, asc, eq, sql } from "drizzle-orm";
import { AppError } from "#app/modules/platform/errors.ts";
import type { Db } from "#db/client.ts";
import { auditActor, recordAudit } from "./audit.server.ts";
import { assertCan, type TenantCtx } from "./context.ts";
import { orgRoles } from "./policy.ts";
import { membership, organization, user } from "./schema.ts";

const memberColumns = {
  userId: membership.userId,
  name: user.name,
  email: user.email,
  roles: membership.roles,
  since: membership.createdAt,
};

export async function findMembers(ctx: TenantCtx) {
  assertCan(ctx, "org.members.view");
  return ctx.db
    .select(memberColumns)
    .from(membership)
    .innerJoin(user, eq(user.id, membership.userId))
    .where(eq(membership.orgId, ctx.orgId))
    .orderBy(asc(user.name));
}

export async function getMember(ctx: TenantCtx, userId: string) {
  assertCan(ctx, "org.members.view");
  const [row] = await ctx.db
    .select(memberColumns)
    .from(membership)
    .innerJoin(user, eq(user.id, membership.userId))
    .where(and(eq(membership.orgId, ctx.orgId), eq(membership.userId, userId)));
  if (!row) throw new AppError("NotFound");
  return row;
}

/**
 * Replaces a member's organization roles. Roles the form cannot grant (platform
 * admin) are kept, and only a platform admin may change another's. An
 * organization always keeps one admin.
 */
export async function changeMemberRoles(ctx: TenantCtx, userId: string, requested: string[]) {
  assertCan(ctx, "org.members.manage");
  await ctx.db.transaction(async (tx) => {
    const before = await lockMembership(tx, ctx.orgId, userId);
    assertMayManage(ctx, before);
    const kept = before.filter((r) => !(orgRoles as readonly string[]).includes(r));
    const roles = [...new Set([...kept, ...requested])];
    if (before.includes("org_admin") && !roles.includes("org_admin")) {
      await assertAnotherAdmin(tx, ctx.orgId, userId);
    }
    await tx
      .update(membership)
      .set({ roles, updatedAt: new Date() })
      .where(and(eq(membership.orgId, ctx.orgId), eq(membership.userId, userId)));
    await recordAudit(tx, auditActor(ctx), {
      action: "member.roles_changed",
      targetType: "user",
      targetId: userId,
      before: { roles: before },
      after: { roles },
    });
  });
}

export async function removeMember(ctx: TenantCtx, userId: string) {
  assertCan(ctx, "org.members.manage");
  await ctx.db.transaction(async (tx) => {
    const before = await lockMembership(tx, ctx.orgId, userId);
    assertMayManage(ctx, before);
    if (before.includes("org_admin")) await assertAnotherAdmin(tx, ctx.orgId, userId);
    await tx.delete(membership).where(and(eq(membership.orgId, ctx.orgId), eq(membership.userId, userId)));
    await recordAudit(tx, auditActor(ctx), {
      action: "member.removed",
      targetType: "user",
      targetId: userId,
      before: { roles: before },
    });
  });
}

// Locks the organization row first so concurrent role changes in one
// organization run one after another (two admins demoting each other cannot
// both pass the last-admin check).
async function lockMembership(tx: Db, orgId: string, userId: string): Promise<string[]> {
  await tx.select({ id: organization.id }).from(organization).where(eq(organization.id, orgId)).for("update");
  const [row] = await tx
    .select({ roles: membership.roles })
    .from(membership)
    .where(and(eq(membership.orgId, orgId), eq(membership.userId, userId)))
    .for("update");
  if (!row) throw new AppError("NotFound");
  return row.roles;
}

async function assertAnotherAdmin(tx: Db, orgId: string, exceptUserId: string) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(membership)
    .where(
      and(
        eq(membership.orgId, orgId),
        sql`'org_admin' = any(${membership.roles})`,
        sql`${membership.userId} <> ${exceptUserId}`,
      ),
    );
  if (!row || row.n < 1) throw new AppError("Conflict", "members.errors.lastAdmin");
}

function assertMayManage(ctx: TenantCtx, targetRoles: string[]) {
  if (targetRoles.includes("platform_admin") && !ctx.roles.includes("platform_admin")) {
    throw new AppError("Forbidden", "members.errors.platformAdmin");
  }
}
