import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import type { SecurityAction } from "./audit-actions.ts";
import { auditEvent, membership, platformAuditEvent, user } from "./schema.ts";

/** Where a request came from, as the audit log keeps it. */
export interface RequestOrigin {
  ip: string;
  userAgent: string | null;
}

/** The user agent cut to its printable start: enough to tell browsers apart, too short to fingerprint. */
export function shortUserAgent(value: string | null | undefined): string | null {
  if (!value) return null;
  const printable = value.replace(/[^\x20-\x7e]/g, "").trim();
  return printable ? printable.slice(0, 120) : null;
}

export function requestOrigin(request: Request, clientIp: string): RequestOrigin {
  return { ip: clientIp.slice(0, 64), userAgent: shortUserAgent(request.headers.get("user-agent")) };
}

/** An address nobody has an account for, kept only as a keyed hash: the same address gives the same value. */
export function addressHash(secret: string, email: string): string {
  return createHmac("sha256", secret).update(`audit-address:${email.trim().toLowerCase()}`).digest("hex").slice(0, 32);
}

export interface SecurityEvent {
  action: SecurityAction;
  /** The account concerned, by id, or by the address typed when there is no account. */
  subject: { userId: string } | { email: string };
  origin: RequestOrigin;
  /** Harmless details (a reason, a count): never a password, code or answer. */
  details?: Record<string, string | number | boolean>;
}

/**
 * Records a security event about an account in the audit log of every
 * organization the person belongs to, so each organization's admins see their
 * own members' events and no one else's. An account of no organization, or an
 * address with no account, goes to the platform log that only platform admins
 * read.
 */
export async function recordSecurityEvent(db: Db, secret: string, event: SecurityEvent): Promise<void> {
  const account =
    "userId" in event.subject
      ? await findAccount(db, eq(user.id, event.subject.userId))
      : await findAccount(db, eq(user.email, event.subject.email.trim().toLowerCase()));
  const common = {
    action: event.action,
    after: event.details ?? null,
    ip: event.origin.ip,
    userAgent: event.origin.userAgent,
  };
  if (!account) {
    const email = "email" in event.subject ? event.subject.email : "";
    await db.insert(platformAuditEvent).values({
      ...common,
      actorId: null,
      actorEmail: null,
      targetType: "address",
      targetId: addressHash(secret, email),
    });
    return;
  }
  const target = { actorId: account.id, actorEmail: account.email, targetType: "user", targetId: account.id };
  const orgIds = await db.select({ orgId: membership.orgId }).from(membership).where(eq(membership.userId, account.id));
  if (orgIds.length === 0) {
    await db.insert(platformAuditEvent).values({ ...common, ...target });
    return;
  }
  await db.insert(auditEvent).values(orgIds.map(({ orgId }) => ({ ...common, ...target, orgId })));
}

async function findAccount(db: Db, where: ReturnType<typeof eq>) {
  const [row] = await db.select({ id: user.id, email: user.email }).from(user).where(where).limit(1);
  return row;
}
