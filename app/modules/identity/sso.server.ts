import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "#db/client.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import { auditActor, recordAudit } from "./audit.server.ts";
import type { Auth } from "./auth.server.ts";
import { assertCan, type TenantCtx } from "./context.ts";
import { membership, organization, ssoProvider } from "./schema.ts";
import { isPublicAddress, refusedForAddress, ssoDispatcher, withSsoGuard } from "./sso-outbound.server.ts";

// Single sign-on by OpenID Connect, one identity provider per organization.
// Trust: platform admins set the organization's e-mail domain after checking it
// is theirs; organization admins then connect their identity provider; only
// addresses of that domain may sign in through it, and they join the
// organization as learners until an admin gives them other roles.

export const providerIdFor = (orgId: string) => `org-${orgId}`;
export const orgIdOfProvider = (providerId: string) =>
  /^org-[0-9a-f-]{36}$/.test(providerId) ? providerId.slice(4) : null;

const domainOf = (email: string) => email.split("@").pop()?.toLowerCase() ?? "";

export const callbackUrlFor = (baseUrl: string, orgId: string) =>
  `${baseUrl}/api/auth/sso/callback/${providerIdFor(orgId)}`;

export async function getSsoSettings(ctx: TenantCtx, baseUrl: string) {
  assertCan(ctx, "org.settings.manage");
  const [org] = await ctx.db
    .select({ ssoDomain: organization.ssoDomain })
    .from(organization)
    .where(eq(organization.id, ctx.orgId));
  const [provider] = await ctx.db
    .select({ issuer: ssoProvider.issuer, oidcConfig: ssoProvider.oidcConfig })
    .from(ssoProvider)
    .where(eq(ssoProvider.providerId, providerIdFor(ctx.orgId)));
  const clientId = provider?.oidcConfig
    ? (JSON.parse(provider.oidcConfig) as { clientId?: string }).clientId
    : undefined;
  return {
    domain: org?.ssoDomain ?? null,
    issuer: provider?.issuer ?? null,
    clientId: clientId ?? null,
    callbackUrl: callbackUrlFor(baseUrl, ctx.orgId),
  };
}

const discoverySchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
  userinfo_endpoint: z.url().optional(),
});

/**
 * Reads the provider's OpenID configuration. Only https, or http on an origin
 * the operator listed in TRUSTED_ORIGINS (a test or private-network provider);
 * only public addresses unless trusted, for the issuer and for every endpoint
 * it names. The same rule holds at each connection (sso-outbound.server.ts),
 * this check only gives the admin a clear message now rather than a failed
 * sign-in later.
 */
async function discover(issuer: string, trustedOrigins: string[]) {
  await assertEndpointAllowed(issuer, trustedOrigins);
  const wellKnown = `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
  let config;
  try {
    const response = await fetch(wellKnown, {
      signal: AbortSignal.timeout(5000),
      redirect: "error",
      dispatcher: ssoDispatcher(trustedOrigins),
    } as RequestInit);
    const parsed = discoverySchema.safeParse(await response.json());
    if (!response.ok || !parsed.success || parsed.data.issuer.replace(/\/$/, "") !== issuer.replace(/\/$/, "")) {
      throw new Error("not an OpenID configuration for this issuer");
    }
    config = { ...parsed.data, discoveryEndpoint: wellKnown };
  } catch (error) {
    if (refusedForAddress(error)) throw new AppError("Invalid", "sso.errors.privateAddress");
    throw new AppError("Invalid", "sso.errors.discovery");
  }
  const { authorization_endpoint, token_endpoint, jwks_uri, userinfo_endpoint } = config;
  for (const endpoint of [authorization_endpoint, token_endpoint, jwks_uri, userinfo_endpoint]) {
    if (endpoint) await assertEndpointAllowed(endpoint, trustedOrigins);
  }
  return config;
}

/** https (or a trusted origin) on a name whose every address is public, or on a public address. */
async function assertEndpointAllowed(endpoint: string, trustedOrigins: string[]) {
  const url = new URL(endpoint);
  if (trustedOrigins.includes(url.origin)) return;
  if (url.protocol !== "https:") throw new AppError("Invalid", "sso.errors.https");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host)
    ? [host]
    : await lookup(host, { all: true }).then(
        (found) => found.map((a) => a.address),
        () => [],
      );
  if (addresses.length === 0) throw new AppError("Invalid", "sso.errors.discovery");
  if (!addresses.every(isPublicAddress)) throw new AppError("Invalid", "sso.errors.privateAddress");
}

export interface SsoInput {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** Connects (or replaces) the organization's identity provider. */
export async function configureSso(
  ctx: TenantCtx,
  input: SsoInput,
  auth: Auth,
  options: { headers: Headers; trustedOrigins: string[] },
) {
  assertCan(ctx, "org.settings.manage");
  const [org] = await ctx.db
    .select({ ssoDomain: organization.ssoDomain })
    .from(organization)
    .where(eq(organization.id, ctx.orgId));
  if (!org?.ssoDomain) throw new AppError("Conflict", "sso.errors.noDomain");
  const config = await discover(input.issuer, options.trustedOrigins);
  const providerId = providerIdFor(ctx.orgId);
  // Replace the connection; if the new one is refused, the old one comes back.
  const previous = await ctx.db.select().from(ssoProvider).where(eq(ssoProvider.providerId, providerId));
  await ctx.db.delete(ssoProvider).where(eq(ssoProvider.providerId, providerId));
  try {
    // Whatever better-auth fetches while registering goes through the same guard.
    await withSsoGuard(options.trustedOrigins, () =>
      auth.api.registerSSOProvider({
        headers: options.headers,
        body: {
          providerId,
          issuer: config.issuer,
          domain: org.ssoDomain,
          oidcConfig: {
            clientId: input.clientId,
            clientSecret: input.clientSecret,
            skipDiscovery: true,
            discoveryEndpoint: config.discoveryEndpoint,
            authorizationEndpoint: config.authorization_endpoint,
            tokenEndpoint: config.token_endpoint,
            jwksEndpoint: config.jwks_uri,
            userInfoEndpoint: config.userinfo_endpoint,
            scopes: ["openid", "email", "profile"],
            pkce: true,
          },
        },
      }),
    );
  } catch {
    if (previous.length > 0) await ctx.db.insert(ssoProvider).values(previous);
    throw new AppError("Invalid", "sso.errors.rejected");
  }
  await recordAudit(ctx.db, auditActor(ctx), {
    action: "sso.configured",
    targetType: "organization",
    targetId: ctx.orgId,
    after: { issuer: config.issuer, clientId: input.clientId, domain: org.ssoDomain },
  });
}

export async function removeSso(ctx: TenantCtx) {
  assertCan(ctx, "org.settings.manage");
  await ctx.db.transaction(async (tx) => {
    const removed = await tx
      .delete(ssoProvider)
      .where(eq(ssoProvider.providerId, providerIdFor(ctx.orgId)))
      .returning({ issuer: ssoProvider.issuer });
    if (removed.length === 0) throw new AppError("NotFound");
    await recordAudit(tx, auditActor(ctx), {
      action: "sso.removed",
      targetType: "organization",
      targetId: ctx.orgId,
      before: { issuer: removed[0]?.issuer },
    });
  });
}

/** The identity provider that signs in this address, if its domain has one. */
export async function findSsoProviderForEmail(db: Db, email: string): Promise<string | null> {
  const [row] = await db
    .select({ providerId: ssoProvider.providerId })
    .from(organization)
    .innerJoin(ssoProvider, eq(ssoProvider.providerId, sqlProviderId()))
    .where(eq(organization.ssoDomain, domainOf(email)))
    .limit(1);
  return row?.providerId ?? null;
}

// "org-" || organization.id, so the join stays in the database.
function sqlProviderId() {
  return sql`'org-' || ${organization.id}::text`;
}

/** Sets or clears an organization's SSO domain: platform admins only. */
export async function setSsoDomain(ctx: TenantCtx, orgSlug: string, domain: string | null) {
  assertCan(ctx, "platform.orgs.manage");
  await ctx.db.transaction(async (tx) => {
    const [org] = await tx
      .select({ id: organization.id, ssoDomain: organization.ssoDomain })
      .from(organization)
      .where(eq(organization.slug, orgSlug))
      .for("update");
    if (!org) throw new AppError("NotFound");
    if (domain) {
      const [taken] = await tx
        .select({ id: organization.id })
        .from(organization)
        .where(eq(organization.ssoDomain, domain));
      if (taken && taken.id !== org.id) throw new AppError("Conflict", "sso.errors.domainTaken");
    }
    await tx.update(organization).set({ ssoDomain: domain, updatedAt: new Date() }).where(eq(organization.id, org.id));
    if (!domain) await tx.delete(ssoProvider).where(eq(ssoProvider.providerId, providerIdFor(org.id)));
    const change = {
      targetType: "organization",
      targetId: org.id,
      before: { ssoDomain: org.ssoDomain },
      after: { ssoDomain: domain },
    };
    await recordAudit(
      tx,
      { orgId: org.id, userId: ctx.userId, email: ctx.email },
      { action: "sso.domain_set", ...change },
    );
    await recordAudit(tx, auditActor(ctx), { action: "sso.domain_set", ...change });
  });
}

/**
 * Called by better-auth for every SSO sign-in: only addresses of the
 * organization's verified domain may come through its provider.
 */
export async function ssoAddressAllowed(db: Db, providerId: string, email: string): Promise<boolean> {
  const orgId = orgIdOfProvider(providerId);
  if (!orgId) return false;
  const [org] = await db
    .select({ ssoDomain: organization.ssoDomain })
    .from(organization)
    .where(eq(organization.id, orgId));
  return Boolean(org?.ssoDomain) && org?.ssoDomain === domainOf(email);
}

/** Makes an SSO user a member (as learner) the first time they come through. */
export async function provisionSsoMember(db: Db, providerId: string, user: { id: string; email: string }) {
  const orgId = orgIdOfProvider(providerId);
  if (!orgId) return;
  await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(membership)
      .values({ orgId, userId: user.id, roles: ["learner"] })
      .onConflictDoNothing()
      .returning({ userId: membership.userId });
    if (inserted.length === 0) return;
    await recordAudit(
      tx,
      { orgId, userId: user.id, email: user.email },
      {
        action: "member.added",
        targetType: "user",
        targetId: user.id,
        after: { roles: ["learner"], source: "single sign-on" },
      },
    );
  });
}
