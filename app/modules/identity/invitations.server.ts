import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { formatDate } from "#app/i18n/i18n.ts";
import { type Lang, pathFor } from "#app/i18n/paths.ts";
import { enqueueMail } from "#app/modules/mail/outbox.server.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import type { Keyring } from "#app/modules/privacy/keyring.server.ts";
import type { Db } from "#db/client.ts";
import { auditActor, recordAudit } from "./audit.server.ts";
import { assertCan, type TenantCtx, type UserCtx } from "./context.ts";
import { invitation, membership, organization, user } from "./schema.ts";

const INVITATION_DAYS = 14;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** What an invitation's e-mail needs: the public address for its link, and the keyring that seals it. */
export interface InvitationMail {
  baseUrl: string;
  keyring: Keyring;
}

export interface InvitationInput {
  email: string;
  roles: string[];
  lang: Lang;
}

/**
 * Invites someone by e-mail. The invitation, its e-mail (in the invitee's
 * language) and the audit record are written in one transaction.
 */
export async function inviteMember(ctx: TenantCtx, input: InvitationInput, mail: InvitationMail) {
  assertCan(ctx, "org.members.manage");
  await conflictOnDuplicate(() => inviteInTransaction(ctx, input, mail));
}

/** Two invitations to one address at the same instant: the second is a conflict, not a crash. */
async function conflictOnDuplicate(work: () => Promise<void>) {
  try {
    await work();
  } catch (error) {
    const code =
      (error as { code?: string; cause?: { code?: string } }).code ??
      (error as { cause?: { code?: string } }).cause?.code;
    if (code === "23505") throw new AppError("Conflict");
    throw error;
  }
}

async function inviteInTransaction(ctx: TenantCtx, input: InvitationInput, mail: InvitationMail) {
  await ctx.db.transaction(async (tx) => {
    const [already] = await tx
      .select({ userId: membership.userId })
      .from(membership)
      .innerJoin(user, eq(user.id, membership.userId))
      .where(and(eq(membership.orgId, ctx.orgId), eq(user.email, input.email.trim().toLowerCase())));
    if (already) throw new AppError("Conflict", "invitations.errors.alreadyMember");
    await writeInvitation(tx, auditActor(ctx), { ...input, inviter: ctx.name }, mail);
  });
}

/**
 * Writes an invitation with its e-mail and audit record inside the caller's
 * transaction. Also used when a platform admin creates an organization and
 * invites its first admin.
 */
export async function writeInvitation(
  tx: Db,
  actor: { orgId: string; userId: string | null; email: string | null },
  input: InvitationInput & { inviter: string },
  mail: InvitationMail,
) {
  const email = input.email.trim().toLowerCase();
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
  // A new invitation to the same address replaces any earlier one not yet
  // accepted, expired or not (the unique index allows one per address).
  await tx
    .update(invitation)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(invitation.orgId, actor.orgId),
        eq(invitation.email, email),
        isNull(invitation.acceptedAt),
        isNull(invitation.revokedAt),
      ),
    );
  const [created] = await tx
    .insert(invitation)
    .values({
      orgId: actor.orgId,
      email,
      roles: input.roles,
      locale: input.lang,
      tokenHash: hashToken(token),
      invitedBy: actor.userId,
      expiresAt,
    })
    .returning({ id: invitation.id });
  const [org] = await tx
    .select({ nameEn: organization.nameEn, nameFr: organization.nameFr })
    .from(organization)
    .where(eq(organization.id, actor.orgId));
  if (!created || !org) throw new AppError("NotFound");
  await enqueueMail(tx, mail.keyring, {
    orgId: actor.orgId,
    to: email,
    lang: input.lang,
    template: "invitation",
    values: {
      inviter: input.inviter,
      organization: input.lang === "fr" ? org.nameFr : org.nameEn,
      url: `${mail.baseUrl}${pathFor("invitation", input.lang, { token })}`,
      expires: formatDate(input.lang, expiresAt),
    },
  });
  await recordAudit(tx, actor, {
    action: "invitation.created",
    targetType: "invitation",
    targetId: created.id,
    after: { email, roles: input.roles, locale: input.lang },
  });
}

const openInvitation = () =>
  and(isNull(invitation.acceptedAt), isNull(invitation.revokedAt), gt(invitation.expiresAt, sql`now()`));

export async function findOpenInvitations(ctx: TenantCtx) {
  assertCan(ctx, "org.members.view");
  return ctx.db
    .select({
      id: invitation.id,
      email: invitation.email,
      roles: invitation.roles,
      expiresAt: invitation.expiresAt,
    })
    .from(invitation)
    .where(and(eq(invitation.orgId, ctx.orgId), openInvitation()))
    .orderBy(desc(invitation.createdAt));
}

export async function revokeInvitation(ctx: TenantCtx, invitationId: string) {
  assertCan(ctx, "org.members.manage");
  await ctx.db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(invitation)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitation.orgId, ctx.orgId), eq(invitation.id, invitationId), openInvitation()))
      .returning({ email: invitation.email });
    if (!revoked) throw new AppError("NotFound");
    await recordAudit(tx, auditActor(ctx), {
      action: "invitation.revoked",
      targetType: "invitation",
      targetId: invitationId,
      before: { email: revoked.email },
    });
  });
}

/** What an invitation link shows. The token itself is the capability. */
export async function getInvitationByToken(db: Db, token: string) {
  const [row] = await db
    .select({
      orgId: invitation.orgId,
      id: invitation.id,
      email: invitation.email,
      roles: invitation.roles,
      expiresAt: invitation.expiresAt,
      acceptedAt: invitation.acceptedAt,
      revokedAt: invitation.revokedAt,
      orgSlug: organization.slug,
      orgNameEn: organization.nameEn,
      orgNameFr: organization.nameFr,
    })
    .from(invitation)
    .innerJoin(organization, eq(organization.id, invitation.orgId))
    .where(eq(invitation.tokenHash, hashToken(token)));
  if (!row) return null;
  const status = row.acceptedAt
    ? "accepted"
    : row.revokedAt
      ? "revoked"
      : row.expiresAt < new Date()
        ? "expired"
        : "open";
  return { ...row, status } as const;
}

/**
 * Accepts an invitation for the signed-in user, whose e-mail must be the one
 * invited. Roles merge into an existing membership.
 */
export async function acceptInvitation(ctx: UserCtx, token: string): Promise<{ orgSlug: string }> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ orgId: invitation.orgId, id: invitation.id, email: invitation.email, roles: invitation.roles })
      .from(invitation)
      .where(and(eq(invitation.tokenHash, hashToken(token)), openInvitation()))
      .for("update");
    if (!row) throw new AppError("NotFound", "invitations.errors.unavailable");
    if (row.email !== ctx.email.toLowerCase()) {
      throw new AppError("Forbidden", "invitations.errors.wrongAccount");
    }
    const [existing] = await tx
      .select({ roles: membership.roles })
      .from(membership)
      .where(and(eq(membership.orgId, row.orgId), eq(membership.userId, ctx.userId)));
    const roles = [...new Set([...(existing?.roles ?? []), ...row.roles])];
    await tx
      .insert(membership)
      .values({ orgId: row.orgId, userId: ctx.userId, roles })
      .onConflictDoUpdate({
        target: [membership.orgId, membership.userId],
        set: { roles, updatedAt: new Date() },
      });
    await tx
      .update(invitation)
      .set({ acceptedAt: new Date() })
      .where(and(eq(invitation.orgId, row.orgId), eq(invitation.id, row.id)));
    const actor = { orgId: row.orgId, userId: ctx.userId, email: ctx.email };
    await recordAudit(tx, actor, {
      action: "invitation.accepted",
      targetType: "user",
      targetId: ctx.userId,
      before: existing ? { roles: existing.roles } : null,
      after: { roles },
    });
    const [org] = await tx.select({ slug: organization.slug }).from(organization).where(eq(organization.id, row.orgId));
    return { orgSlug: org?.slug ?? "" };
  });
}
