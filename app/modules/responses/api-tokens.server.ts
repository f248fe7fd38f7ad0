// Tokens for the API. A token is shown once, when it is made; the database
// keeps only its SHA-256 (a random 256-bit token needs no slow hash), so a
// copy of the database cannot be used to call the API.
//
// A token acts for its creator, narrowed to its scopes: it works only while
// the creator is still a member of the organization whose roles could make
// it, checked on every use, and until its expiry if it has one.
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { auditActor, recordAudit } from "#app/modules/identity/audit.server.ts";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import { can } from "#app/modules/identity/policy.ts";
import { auditEvent, membership, organization, user } from "#app/modules/identity/schema.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import type { Db } from "#db/client.ts";
import { type ApiScope, apiScopes } from "./api-scopes.ts";
import { allowedExpiry } from "./api-token-input.ts";
import { apiToken } from "./schema.ts";

const PREFIX = "oi_";
const hashToken = (token: string) => createHash("sha256").update(token).digest("base64url");
/** The permission whose holders make tokens, and whose holders' tokens keep working. */
const MANAGE = "org.settings.manage";

/** Who is calling the API: an organization, through one of its tokens, for the token's creator. */
export interface ApiCaller {
  orgId: string;
  orgSlug: string;
  tokenId: string;
  creator: { userId: string; email: string; name: string; roles: string[] };
}

/** Why a token was refused: 401 for the first three, 403 for a scope it lacks. */
export type ApiTokenRefusal = "Unauthenticated" | "TokenExpired" | "TokenInactive" | "InsufficientScope";

export type ApiAuth = { ok: true; caller: ApiCaller } | { ok: false; status: 401 | 403; error: ApiTokenRefusal };

export type ApiTokenStatus = "active" | "expired" | "inactive" | "revoked";

/** The organization's tokens, newest first, each with whether it works now and why not. */
export async function findApiTokens(ctx: TenantCtx) {
  assertCan(ctx, MANAGE);
  const rows = await ctx.db
    .select({
      id: apiToken.id,
      name: apiToken.name,
      scopes: apiToken.scopes,
      createdAt: apiToken.createdAt,
      createdBy: user.email,
      creatorRoles: membership.roles,
      expiresAt: apiToken.expiresAt,
      lastUsedAt: apiToken.lastUsedAt,
      revokedAt: apiToken.revokedAt,
    })
    .from(apiToken)
    .leftJoin(user, eq(user.id, apiToken.createdBy))
    .leftJoin(membership, and(eq(membership.orgId, apiToken.orgId), eq(membership.userId, apiToken.createdBy)))
    .where(eq(apiToken.orgId, ctx.orgId))
    .orderBy(desc(apiToken.createdAt));
  const now = new Date();
  return rows.map(({ creatorRoles, ...token }) => {
    const status: ApiTokenStatus = token.revokedAt
      ? "revoked"
      : token.expiresAt && token.expiresAt <= now
        ? "expired"
        : creatorRoles && can(creatorRoles, MANAGE)
          ? "active"
          : "inactive";
    return { ...token, status };
  });
}

export interface ApiTokenInput {
  name: string;
  scopes: readonly ApiScope[];
  expiresAt: Date | null;
}

/** Makes a token; the returned secret is the only copy there will ever be. */
export async function createApiToken(ctx: TenantCtx, input: ApiTokenInput): Promise<{ id: string; token: string }> {
  assertCan(ctx, MANAGE);
  const scopes = apiScopes.filter((s) => input.scopes.includes(s));
  if (scopes.length === 0) throw new AppError("Invalid", "apiTokens.errors.scopes");
  if (input.expiresAt && !allowedExpiry(input.expiresAt)) throw new AppError("Invalid", "apiTokens.errors.tooFar");
  const token = `${PREFIX}${randomBytes(32).toString("base64url")}`;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiToken)
      .values({
        orgId: ctx.orgId,
        name: input.name,
        tokenHash: hashToken(token),
        scopes,
        expiresAt: input.expiresAt,
        createdBy: ctx.userId,
      })
      .returning({ id: apiToken.id });
    const id = row?.id as string;
    await recordAudit(tx, auditActor(ctx), {
      action: "api_token.created",
      targetType: "api_token",
      targetId: id,
      after: { name: input.name, scopes, expiresAt: input.expiresAt?.toISOString() ?? null },
    });
    return { id, token };
  });
}

export async function revokeApiToken(ctx: TenantCtx, tokenId: string) {
  assertCan(ctx, MANAGE);
  if (!/^[0-9a-f-]{36}$/i.test(tokenId)) throw new AppError("NotFound");
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiToken)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiToken.orgId, ctx.orgId), eq(apiToken.id, tokenId), isNull(apiToken.revokedAt)))
      .returning({ name: apiToken.name });
    if (!row) throw new AppError("NotFound");
    await recordAudit(tx, auditActor(ctx), {
      action: "api_token.revoked",
      targetType: "api_token",
      targetId: tokenId,
      before: { name: row.name },
    });
  });
}

/**
 * Checks the `Authorization: Bearer …` header of a request to an endpoint that
 * needs `scope`: the token exists, is not revoked or expired, its creator may
 * still make tokens in its organization, and it has the scope.
 */
export async function authenticateApiToken(db: Db, authorization: string | null, scope: ApiScope): Promise<ApiAuth> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
  if (!token?.startsWith(PREFIX) || token.length > 100) return refuse("Unauthenticated");
  const [row] = await db
    .select({
      orgId: apiToken.orgId,
      orgSlug: organization.slug,
      tokenId: apiToken.id,
      name: apiToken.name,
      scopes: apiToken.scopes,
      expiresAt: apiToken.expiresAt,
      lastUsedAt: apiToken.lastUsedAt,
      userId: membership.userId,
      roles: membership.roles,
      email: user.email,
      userName: user.name,
    })
    .from(apiToken)
    .innerJoin(organization, eq(organization.id, apiToken.orgId))
    .leftJoin(membership, and(eq(membership.orgId, apiToken.orgId), eq(membership.userId, apiToken.createdBy)))
    .leftJoin(user, eq(user.id, membership.userId))
    .where(and(eq(apiToken.tokenHash, hashToken(token)), isNull(apiToken.revokedAt)));
  if (!row) return refuse("Unauthenticated");
  const now = new Date();
  const creator =
    row.userId && row.roles && can(row.roles, MANAGE)
      ? { userId: row.userId, email: row.email ?? "", name: row.userName ?? "", roles: row.roles }
      : null;
  const refusal: ApiTokenRefusal | null =
    row.expiresAt && row.expiresAt <= now
      ? "TokenExpired"
      : !creator
        ? "TokenInactive"
        : !row.scopes.includes(scope)
          ? "InsufficientScope"
          : null;
  if (refusal || !creator) {
    await recordDeniedUse(db, row, refusal ?? "TokenInactive", scope, now);
    return refuse(refusal ?? "TokenInactive");
  }
  // "Last used" to the minute is enough, and spares a write per call.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= 60_000) {
    await db
      .update(apiToken)
      .set({ lastUsedAt: now })
      .where(and(eq(apiToken.orgId, row.orgId), eq(apiToken.id, row.tokenId)));
  }
  return { ok: true, caller: { orgId: row.orgId, orgSlug: row.orgSlug, tokenId: row.tokenId, creator } };
}

const refuse = (error: ApiTokenRefusal): ApiAuth => ({
  ok: false,
  status: error === "InsufficientScope" ? 403 : 401,
  error,
});

/**
 * The JSON answer to a refused token, with RFC 6750's WWW-Authenticate: which
 * scope was missing (403), or that the token does not work (401).
 */
export function apiTokenRefused(
  auth: Extract<ApiAuth, { ok: false }>,
  scope: ApiScope,
  headers: Record<string, string> = {},
): Response {
  const challenge =
    auth.error === "InsufficientScope"
      ? `Bearer realm="outside-in", error="insufficient_scope", scope="${scope}"`
      : auth.error === "Unauthenticated"
        ? 'Bearer realm="outside-in"'
        : 'Bearer realm="outside-in", error="invalid_token"';
  const body = auth.error === "InsufficientScope" ? { error: auth.error, scope } : { error: auth.error };
  return Response.json(body, { status: auth.status, headers: { ...headers, "WWW-Authenticate": challenge } });
}

/** The tenant context a token acts in: its creator's, in the token's organization. */
export const tenantCtxOfCaller = (db: Db, caller: ApiCaller): TenantCtx => ({
  db,
  userId: caller.creator.userId,
  email: caller.creator.email,
  name: caller.creator.name,
  orgId: caller.orgId,
  orgSlug: caller.orgSlug,
  roles: caller.creator.roles,
});

/** A refused token is audited once an hour per reason: enough to notice, not a row per retry. */
const DENIED_AUDIT_EVERY_MS = 3_600_000;

async function recordDeniedUse(
  db: Db,
  token: { orgId: string; tokenId: string; name: string },
  reason: ApiTokenRefusal,
  scope: ApiScope,
  now: Date,
) {
  const [recent] = await db
    .select({ after: auditEvent.after })
    .from(auditEvent)
    .where(
      and(
        eq(auditEvent.orgId, token.orgId),
        gt(auditEvent.at, new Date(now.getTime() - DENIED_AUDIT_EVERY_MS)),
        eq(auditEvent.action, "api_token.denied"),
        eq(auditEvent.targetId, token.tokenId),
        eq(auditEvent.after, { name: token.name, reason, scope }),
      ),
    )
    .limit(1);
  if (recent) return;
  await recordAudit(
    db,
    { orgId: token.orgId, userId: null, email: null },
    {
      action: "api_token.denied",
      targetType: "api_token",
      targetId: token.tokenId,
      after: { name: token.name, reason, scope },
    },
  );
}
