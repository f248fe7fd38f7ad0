import { data } from "react-router";
import { servicesContext, sessionUserContext } from "#app/context.ts";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { findMembers } from "#app/modules/identity/members.server.ts";
import { getTenantContext } from "#app/modules/identity/organizations.server.ts";
import { can } from "#app/modules/identity/policy.ts";
import { apiTokenRefused, authenticateApiToken, tenantCtxOfCaller } from "#app/modules/responses/api-tokens.server.ts";
import type { Route } from "./+types/v1-org-members";

/**
 * GET /api/v1/orgs/:org/members — the organization's members as JSON, for a
 * signed-in member allowed to see them, or for a bearer token with the
 * members:read scope. Errors are JSON with a stable code.
 */
export async function loader({ context, params, request }: Route.LoaderArgs) {
  const { db } = context.get(servicesContext);
  const authorization = request.headers.get("authorization");
  let ctx: TenantCtx | null;
  if (authorization) {
    // A token is the only credential then: cookies sent along are not read.
    const auth = await authenticateApiToken(db, authorization, "members:read");
    if (!auth.ok) return apiTokenRefused(auth, "members:read");
    ctx = auth.caller.orgSlug === params.org ? tenantCtxOfCaller(db, auth.caller) : null;
  } else {
    const user = context.get(sessionUserContext);
    if (!user) return data({ error: "Unauthenticated" }, { status: 401 });
    ctx = await getTenantContext({ db, userId: user.id, email: user.email, name: user.name }, params.org);
  }
  if (!ctx) return data({ error: "NotFound" }, { status: 404 });
  if (!can(ctx.roles, "org.members.view")) return data({ error: "Forbidden" }, { status: 403 });
  const members = await findMembers(ctx);
  return Response.json(
    {
      organization: ctx.orgSlug,
      members: members.map((m) => ({ userId: m.userId, name: m.name, email: m.email, roles: m.roles, since: m.since })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

/** Only GET is offered; anything else is a clear 405, not an error page. */
export function action() {
  return data({ error: "MethodNotAllowed" }, { status: 405, headers: { Allow: "GET" } });
}
