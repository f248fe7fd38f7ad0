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
  "sso.domain_set",
  "sso.configured",
  "sso.removed",
  "question.created",
  "question.updated",
  "question.retired",
  "question.restored",
  "survey.created",
  "survey.updated",
  "survey.published",
  "survey.closed",
] as const;
export type AuditAction = (typeof auditActions)[number];
