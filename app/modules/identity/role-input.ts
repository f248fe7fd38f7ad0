import { z } from "zod";
import { checkboxes } from "#app/modules/platform/forms.ts";
import { orgRoles } from "./policy.ts";

/** The roles checkbox group of member forms: at least one known organization role. */
export const rolesField = () =>
  checkboxes(z.enum(orgRoles as [string, ...string[]], { error: "errors.invalid" }), "members.errors.rolesRequired");
