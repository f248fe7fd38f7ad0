// Tokens for the ingestion API. A token is shown once, when it is made; the
// database keeps only its SHA-256 (a random 256-bit token needs no slow hash),
// so a copy of the database cannot be used to call the API.
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { auditActor, recordAudit } from "#app/modules/identity/audit.server.ts";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import type { Db } from "#db/client.ts";
import { apiToken } from "./schema.ts";

const PREFIX = "oi_";
const hashToken = (token: string) => createHash("sha256").update(token).digest("base64url");

/** Who is calling the API: an organization, through one of its tokens. */
export interface ApiCaller {
  orgId: string;
  tokenId: string;
}

export async function findApiTokens(ctx: TenantCtx) {
  assertCan(ctx, "org.settings.manage");
  return ctx.db
    .select({
      id: apiToken.id,
      name: apiToken.name,
      createdAt: apiToken.createdAt,
      lastUsedAt: apiToken.lastUsedAt,
      revokedAt: apiToken.revokedAt,
    })
    .from(apiToken)
    .where(eq(apiToken.orgId, ctx.orgId))
    .orderBy(desc(apiToken.createdAt));
}

/** Makes a token; the returned secret is the only copy there will ever be. */
export async function createApiToken(ctx: TenantCtx, name: string): Promise<{ id: string; token: string }> {
  assertCan(ctx, "org.settings.manage");
  const token = `${PREFIX}${randomBytes(32).toString("base64url")}`;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiToken)
      .values({ orgId: ctx.orgId, name, tokenHash: hashToken(token), createdBy: ctx.userId })
      .returning({ id: apiToken.id });
    const id = row?.id as string;
    await recordAudit(tx, auditActor(ctx), {
      action: "api_token.created",
      targetType: "api_token",
      targetId: id,
      after: { name },
    });
    return { id, token };
  });
}

export async function revokeApiToken(ctx: TenantCtx, tokenId: string) {
  assertCan(ctx, "org.settings.manage");
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

/** The caller an `Authorization: Bearer …` header names, if its token exists and is not revoked. */
export async function authenticateApiToken(db: Db, authorization: string | null): Promise<ApiCaller | null> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
  if (!token?.startsWith(PREFIX) || token.length > 100) return null;
  const hash = hashToken(token);
  const [row] = await db
    .select({ orgId: apiToken.orgId, tokenId: apiToken.id })
    .from(apiToken)
    .where(and(eq(apiToken.tokenHash, hash), isNull(apiToken.revokedAt)));
  if (!row) return null;
  // "Last used" to the minute is enough, and spares a write per call.
  const minuteAgo = new Date(Date.now() - 60_000);
  await db
    .update(apiToken)
    .set({ lastUsedAt: new Date() })
    .where(
      and(
        eq(apiToken.orgId, row.orgId),
        eq(apiToken.id, row.tokenId),
        or(isNull(apiToken.lastUsedAt), lt(apiToken.lastUsedAt, minuteAgo)),
      ),
    );
  return row;
}
