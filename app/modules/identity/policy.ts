// The one place that decides what a role may do. Routes and modules ask
// `can(roles, permission)`; nothing else compares role names.

export const roles = [
  "platform_admin",
  "org_admin",
  "survey_designer",
  "analyst",
  "learner",
  "facilitator",
  "council_member",
] as const;
export type Role = (typeof roles)[number];

/** Roles an organization admin may grant; platform_admin only exists in the operator. */
export const orgRoles = roles.filter((r) => r !== "platform_admin");

export const permissions = [
  "org.view",
  "org.members.view",
  "org.members.manage",
  "org.settings.manage",
  "org.audit.view",
  "platform.orgs.manage",
  "surveys.design",
  "responses.enter",
  "responses.delete",
  "bank.view",
  "bank.curate",
  "results.view",
  "results.configure",
  "learning.take",
  "learning.facilitate",
  "councils.participate",
] as const;
export type Permission = (typeof permissions)[number];

const grants: Record<Role, readonly Permission[]> = {
  platform_admin: [
    "org.view",
    "org.members.view",
    "org.audit.view",
    "platform.orgs.manage",
    "bank.view",
    "bank.curate",
  ],
  org_admin: [
    "org.view",
    "org.members.view",
    "org.members.manage",
    "org.settings.manage",
    "org.audit.view",
    "bank.view",
    "results.view",
    "results.configure",
    "responses.enter",
    "responses.delete",
  ],
  survey_designer: [
    "org.view",
    "surveys.design",
    "responses.enter",
    "responses.delete",
    "results.view",
    "results.configure",
    "bank.view",
  ],
  analyst: ["org.view", "results.view", "bank.view"],
  learner: ["org.view", "learning.take"],
  facilitator: ["org.view", "learning.take", "learning.facilitate"],
  council_member: ["org.view", "councils.participate"],
};

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export function can(memberRoles: readonly string[], permission: Permission): boolean {
  return memberRoles.some((r) => isRole(r) && grants[r].includes(permission));
}

export function permissionsOf(memberRoles: readonly string[]): Permission[] {
  return permissions.filter((p) => can(memberRoles, p));
}
