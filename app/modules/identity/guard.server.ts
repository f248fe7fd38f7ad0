import { data, type RouterContextProvider, redirect } from "react-router";
import { type SessionUser, servicesContext, sessionUserContext } from "#app/context.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import type { TenantCtx, UserCtx } from "./context.ts";
import { getOperatorContext, getTenantContext } from "./organizations.server.ts";
import { can, type Permission } from "./policy.ts";

export interface GuardArgs {
  request: Request;
  context: Readonly<RouterContextProvider>;
  params: Record<string, string | undefined>;
}

/** The signed-in user, or a redirect to sign-in that comes back here after. */
export function requireUser({ request, context }: GuardArgs): UserCtx & { user: SessionUser } {
  const user = context.get(sessionUserContext);
  if (!user) {
    const url = new URL(request.url);
    const next = url.pathname + url.search;
    throw redirect(`${pathFor("signIn", langOfPath(url.pathname))}?next=${encodeURIComponent(next)}`);
  }
  const { db } = context.get(servicesContext);
  return { db, userId: user.id, email: user.email, name: user.name, user };
}

/**
 * The caller as a member of the organization in the URL (`:org`). Not a member,
 * or no such organization: 404 alike, so other tenants' existence never shows.
 * A member without the permission: 403.
 */
export async function requireMember(args: GuardArgs, permission: Permission = "org.view"): Promise<TenantCtx> {
  const userCtx = requireUser(args);
  const ctx = await getTenantContext(userCtx, args.params.org ?? "");
  if (!ctx) throw appErrorResponse(new AppError("NotFound"));
  if (!can(ctx.roles, permission)) throw appErrorResponse(new AppError("Forbidden"));
  return ctx;
}

/** The caller acting as a platform admin in the operator organization. */
export async function requirePlatformAdmin(args: GuardArgs): Promise<TenantCtx> {
  const ctx = await getOperatorContext(requireUser(args));
  if (!ctx || !can(ctx.roles, "platform.orgs.manage")) throw appErrorResponse(new AppError("NotFound"));
  return ctx;
}

/** An AppError as a response the error boundary renders with its message. */
export function appErrorResponse(error: AppError) {
  return data({ key: error.key }, { status: error.status });
}

/**
 * For an action's catch: what the person can fix (a conflict, an invalid
 * value) comes back as a 400 on the form, on `field`; any other AppError as
 * its translated error page; anything else is a bug and is rethrown.
 */
export function formErrorOrThrow(
  error: unknown,
  field: string | ((error: AppError) => string),
  values: Record<string, string | string[]> = {},
) {
  if (error instanceof AppError && (error.code === "Conflict" || error.code === "Invalid")) {
    return invalid({ [typeof field === "string" ? field : field(error)]: error.key }, values);
  }
  if (error instanceof AppError) throw appErrorResponse(error);
  throw error;
}

/** Runs a module call; AppErrors become translated error responses. */
export async function orRespond<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw appErrorResponse(error);
    throw error;
  }
}
