/** Every action the audit log records (each has a label in the catalogues). */
export const auditActions = [
  "organization.created",
  "organization.updated",
  "member.added",
  "member.roles_changed",
  "member.removed",
  "invitation.created",
  "invitation.revoked",
  "invitation.accepted",
] as const;
export type AuditAction = (typeof auditActions)[number];
