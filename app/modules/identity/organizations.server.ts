import { and, asc, eq } from "drizzle-orm";
import type { Lang } from "#app/i18n/paths.ts";
import type { Db } from "#db/client.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import { auditActor, recordAudit } from "./audit.server.ts";
import { assertCan, type TenantCtx, type UserCtx } from "./context.ts";
import { type InvitationMail, writeInvitation } from "./invitations.server.ts";
import { permissionsOf } from "./policy.ts";
import { membership, organization } from "./schema.ts";

export type OrderOfGovernment = (typeof organization.orderOfGovernment.enumValues)[number];

const orgColumns = {
  id: organization.id,
  slug: organization.slug,
  nameEn: organization.nameEn,
  nameFr: organization.nameFr,
  orderOfGovernment: organization.orderOfGovernment,
  jurisdiction: organization.jurisdiction,
  isOperator: organization.isOperator,
};

/** The organizations a user belongs to, with their roles in each. */
export async function findMyOrganizations(ctx: UserCtx) {
  return ctx.db
    .select({ ...orgColumns, roles: membership.roles })
    .from(membership)
    .innerJoin(organization, eq(organization.id, membership.orgId))
    .where(eq(membership.userId, ctx.userId))
    .orderBy(asc(organization.nameEn));
}

/**
 * Resolves the caller's membership in the organization named by a URL slug.
 * Returns null both when the organization does not exist and when the caller
 * is not a member, so that routes answer 404 alike and existence never leaks.
 */
export async function getTenantContext(ctx: UserCtx, orgSlug: string): Promise<TenantCtx | null> {
  const [row] = await ctx.db
    .select({ orgId: organization.id, slug: organization.slug, roles: membership.roles })
    .from(membership)
    .innerJoin(organization, eq(organization.id, membership.orgId))
    .where(and(eq(membership.userId, ctx.userId), eq(organization.slug, orgSlug)))
    .limit(1);
  if (!row) return null;
  return { ...ctx, orgId: row.orgId, orgSlug: row.slug, roles: row.roles };
}

export async function getOrganization(ctx: TenantCtx) {
  const [row] = await ctx.db.select(orgColumns).from(organization).where(eq(organization.id, ctx.orgId));
  if (!row) throw new AppError("NotFound");
  return row;
}

export interface OrganizationInput {
  nameEn: string;
  nameFr: string;
  orderOfGovernment: OrderOfGovernment;
  jurisdiction: string;
}

export async function updateOrganization(ctx: TenantCtx, input: OrganizationInput) {
  assertCan(ctx, "org.settings.manage");
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select(orgColumns).from(organization).where(eq(organization.id, ctx.orgId));
    if (!before) throw new AppError("NotFound");
    await tx
      .update(organization)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(organization.id, ctx.orgId));
    await recordAudit(tx, auditActor(ctx), {
      action: "organization.updated",
      targetType: "organization",
      targetId: ctx.orgId,
      before: pick(before),
      after: input,
    });
  });
}

const pick = (o: OrganizationInput) => ({
  nameEn: o.nameEn,
  nameFr: o.nameFr,
  orderOfGovernment: o.orderOfGovernment,
  jurisdiction: o.jurisdiction,
});

/** Every organization on the platform: platform admins only (acting in the operator). */
export async function findAllOrganizations(ctx: TenantCtx) {
  assertPlatformAdmin(ctx);
  return ctx.db.select(orgColumns).from(organization).orderBy(asc(organization.nameEn));
}

/**
 * Creates an organization and invites its first admin, in one transaction,
 * recorded in both the new organization's and the operator's audit logs.
 */
export async function createOrganization(
  ctx: TenantCtx,
  input: OrganizationInput & { slug: string; adminEmail: string; adminLang: Lang },
  mail: InvitationMail,
) {
  assertPlatformAdmin(ctx);
  const { adminEmail, adminLang, ...fields } = input;
  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: organization.id })
      .from(organization)
      .where(eq(organization.slug, input.slug));
    if (existing) throw new AppError("Conflict", "admin.orgs.errors.slugTaken");
    const [created] = await tx.insert(organization).values(fields).returning(orgColumns);
    if (!created) throw new Error("insert returned nothing");
    const actor = { orgId: created.id, userId: ctx.userId, email: ctx.email };
    const change = { targetType: "organization", targetId: created.id, after: fields };
    await recordAudit(tx, actor, { action: "organization.created", ...change });
    await recordAudit(tx, auditActor(ctx), { action: "organization.created", ...change });
    await writeInvitation(
      tx,
      actor,
      { email: adminEmail, roles: ["org_admin"], lang: adminLang, inviter: ctx.name },
      mail,
    );
    return created;
  });
}

function assertPlatformAdmin(ctx: TenantCtx): void {
  assertCan(ctx, "platform.orgs.manage");
}

/** The caller's membership in the platform operator (the Institute), if any. */
export async function getOperatorContext(ctx: UserCtx): Promise<TenantCtx | null> {
  const [row] = await ctx.db
    .select({ orgId: organization.id, slug: organization.slug, roles: membership.roles })
    .from(membership)
    .innerJoin(organization, eq(organization.id, membership.orgId))
    .where(and(eq(membership.userId, ctx.userId), eq(organization.isOperator, true)))
    .limit(1);
  if (!row) return null;
  return { ...ctx, orgId: row.orgId, orgSlug: row.slug, roles: row.roles };
}

/** What every organization page shows around its content: the name and the menu. */
export async function getOrganizationFrame(ctx: TenantCtx) {
  const org = await getOrganization(ctx);
  return { org, permissions: permissionsOf(ctx.roles) };
}

/** One organization by its slug, for platform admins. */
export async function getOrganizationBySlug(ctx: TenantCtx, slug: string) {
  assertPlatformAdmin(ctx);
  const [row] = await ctx.db
    .select({ ...orgColumns, ssoDomain: organization.ssoDomain })
    .from(organization)
    .where(eq(organization.slug, slug));
  return row ?? null;
}

/**
 * The platform operator (the Institute) always exists: it owns the public
 * question bank and its admins run the platform. Created on first start.
 */
export async function ensureOperatorOrganization(db: Db): Promise<string> {
  const [existing] = await db
    .select({ id: organization.id })
    .from(organization)
    .where(eq(organization.isOperator, true))
    .limit(1);
  if (existing) return existing.id;
  const [created] = await db
    .insert(organization)
    .values({
      slug: "institute",
      nameEn: "Institute for Citizen-Centred Service",
      nameFr: "Institut des services axés sur les citoyens",
      orderOfGovernment: "international",
      jurisdiction: "CA",
      isOperator: true,
    })
    .onConflictDoNothing()
    .returning({ id: organization.id });
  if (!created) throw new Error("the slug 'institute' is taken by an organization that is not the operator");
  return created.id;
}
