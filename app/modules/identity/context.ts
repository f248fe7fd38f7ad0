import { AppError } from "#app/modules/platform/errors.ts";
import type { Db } from "#db/client.ts";
import { can, type Permission } from "./policy.ts";

/** A signed-in user, with the database the request was given. */
export interface UserCtx {
  db: Db;
  userId: string;
  email: string;
  name: string;
}

/** A signed-in member acting inside one organization. */
export interface TenantCtx extends UserCtx {
  orgId: string;
  orgSlug: string;
  roles: string[];
}

/** Throws Forbidden unless the member's roles grant the permission. */
export function assertCan(ctx: TenantCtx, permission: Permission): void {
  if (!can(ctx.roles, permission)) throw new AppError("Forbidden");
}
