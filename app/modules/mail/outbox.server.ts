import { and, asc, eq, inArray, lt, lte, or, sql } from "drizzle-orm";
import type { Lang } from "#app/i18n/paths.ts";
import type { PeriodicJob } from "#app/modules/jobs/scheduler.server.ts";
import type { Keyring, OrgSealer } from "#app/modules/privacy/keyring.server.ts";
import type { Db } from "#db/client.ts";
import { mailOutbox } from "./schema.ts";
import { type MailTemplates, type RenderedMail, renderMail, type TemplateName } from "./templates.server.ts";

// The outbox keeps no address and no message in plain text (decision 0041):
// both are sealed when queued, with the organization's data key when the
// message is the organization's (`orgId`), with the platform's otherwise, and
// opened only to send them or to show them on the development mailbox.

export interface OutgoingMail<T extends TemplateName> {
  to: string;
  lang: Lang;
  template: T;
  values: MailTemplates[T];
  /** The organization the message is from; absent for sign-up and password messages. */
  orgId?: string;
  /** The survey an invitation or reminder is about, so that deleting its contacts deletes it. */
  surveyId?: string;
}

/** Sealers for the messages of one call, one data key per organization. */
function sealers(db: Db, keyring: Keyring) {
  const byOrg = new Map<string, Promise<OrgSealer>>();
  return (orgId: string | null | undefined): Promise<OrgSealer> => {
    if (!orgId) return Promise.resolve(keyring.forPlatform());
    let sealer = byOrg.get(orgId);
    if (!sealer) {
      sealer = keyring.forOrg(db, orgId);
      byOrg.set(orgId, sealer);
    }
    return sealer;
  };
}

/**
 * Writes a message to the outbox. Call it with the transaction that makes the
 * change the message announces: both commit or neither does.
 */
export async function enqueueMail<T extends TemplateName>(
  db: Db,
  keyring: Keyring,
  message: OutgoingMail<T>,
): Promise<void> {
  await enqueueMails(db, keyring, [message]);
}

/**
 * Writes many messages to the outbox (survey invitations: thousands at once),
 * a few hundred rows per statement. Same rule as enqueueMail: pass the
 * transaction that makes the change.
 */
export async function enqueueMails<T extends TemplateName>(
  db: Db,
  keyring: Keyring,
  messages: OutgoingMail<T>[],
): Promise<void> {
  const sealerOf = sealers(db, keyring);
  const CHUNK = 500;
  for (let i = 0; i < messages.length; i += CHUNK) {
    const rows = [];
    for (const m of messages.slice(i, i + CHUNK)) {
      const sealer = await sealerOf(m.orgId);
      const content: RenderedMail = renderMail(m.template, m.lang, m.values);
      rows.push({
        orgId: m.orgId ?? null,
        surveyId: m.surveyId ?? null,
        toSealed: sealer.seal(m.to),
        contentSealed: sealer.seal(JSON.stringify(content)),
        locale: m.lang,
        template: m.template,
      });
    }
    await db.insert(mailOutbox).values(rows);
  }
}

type SealedRow = Pick<typeof mailOutbox.$inferSelect, "orgId" | "toSealed" | "contentSealed">;

/** A message as it is sent: the address and the rendered content, opened. */
async function openMail(sealerOf: ReturnType<typeof sealers>, row: SealedRow): Promise<{ to: string } & RenderedMail> {
  const sealer = await sealerOf(row.orgId);
  const content = JSON.parse(sealer.open(row.contentSealed)) as RenderedMail;
  return { to: sealer.open(row.toSealed), subject: content.subject, text: content.text, html: content.html };
}

export interface MailTransport {
  send(mail: { to: string; subject: string; text: string; html: string }): Promise<void>;
}

const MAX_ATTEMPTS = 8;

/**
 * Delivers due messages. Rows are claimed with FOR UPDATE SKIP LOCKED so that
 * several workers never send the same message; a crash between send and update
 * can repeat one message (at-least-once), never lose one. Without a transport
 * (no SMTP configured) messages are marked "held" and stay readable on the
 * development mailbox page until the retention deletes them.
 */
export async function deliverDueMail(
  db: Db,
  keyring: Keyring,
  transport: MailTransport | null,
  limit = 20,
): Promise<number> {
  const due = await db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(mailOutbox)
      // The database's clock, not ours: it wrote next_attempt_at, to the microsecond.
      .where(and(eq(mailOutbox.status, "pending"), lte(mailOutbox.nextAttemptAt, sql`now()`)))
      .orderBy(asc(mailOutbox.createdAt))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (rows.length === 0) return [];
    // Push the claimed rows' next attempt forward so a concurrent worker that
    // starts after this transaction commits does not pick them up mid-send.
    await tx
      .update(mailOutbox)
      .set({ nextAttemptAt: sql`now() + interval '2 minutes'` })
      .where(
        inArray(
          mailOutbox.id,
          rows.map((r) => r.id),
        ),
      );
    return rows;
  });
  const sealerOf = sealers(db, keyring);
  for (const row of due) {
    if (!transport) {
      await db.update(mailOutbox).set({ status: "held" }).where(eq(mailOutbox.id, row.id));
      continue;
    }
    try {
      await transport.send(await openMail(sealerOf, row));
      await db
        .update(mailOutbox)
        .set({ status: "sent", sentAt: new Date(), attempts: row.attempts + 1, lastError: null })
        .where(eq(mailOutbox.id, row.id));
    } catch (error) {
      const attempts = row.attempts + 1;
      const backoffSeconds = 2 ** attempts * 15;
      await db
        .update(mailOutbox)
        .set({
          attempts,
          status: attempts >= MAX_ATTEMPTS ? "failed" : "pending",
          // The mail server's answer; never the message or its address.
          lastError: error instanceof Error ? error.message.slice(0, 500) : "unknown error",
          nextAttemptAt: new Date(Date.now() + backoffSeconds * 1000),
        })
        .where(eq(mailOutbox.id, row.id));
    }
  }
  return due.length;
}

/** The newest messages, opened, for the development mailbox page. */
export async function findRecentMail(db: Db, keyring: Keyring, limit = 50) {
  const rows = await db
    .select({
      id: mailOutbox.id,
      orgId: mailOutbox.orgId,
      toSealed: mailOutbox.toSealed,
      contentSealed: mailOutbox.contentSealed,
      status: mailOutbox.status,
      createdAt: mailOutbox.createdAt,
    })
    .from(mailOutbox)
    .orderBy(sql`${mailOutbox.createdAt} desc`)
    .limit(limit);
  const sealerOf = sealers(db, keyring);
  return Promise.all(
    rows.map(async ({ orgId, toSealed, contentSealed, ...row }) => {
      const mail = await openMail(sealerOf, { orgId, toSealed, contentSealed });
      return { ...row, toAddress: mail.to, subject: mail.subject, text: mail.text };
    }),
  );
}

/**
 * Deletes a survey's invitations and reminders, queued or sent, in the
 * caller's transaction: its contact list is being deleted.
 */
export async function deleteSurveyMail(tx: Db, orgId: string, surveyId: string): Promise<number> {
  const deleted = await tx
    .delete(mailOutbox)
    .where(and(eq(mailOutbox.orgId, orgId), eq(mailOutbox.surveyId, surveyId)))
    .returning({ id: mailOutbox.id });
  return deleted.length;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long a delivered (or held) message stays: long enough to look into a complaint about it. */
export const SENT_RETENTION_DAYS = 7;
/** Failed messages stay longer, for whoever looks into why the mail server refused them. */
export const FAILED_RETENTION_DAYS = 30;
const RETENTION_BATCH = 5000;

/** Deletes messages past their retention, a batch per statement. Returns how many. */
export async function expireMail(db: Db, now: Date): Promise<number> {
  const sentBefore = new Date(now.getTime() - SENT_RETENTION_DAYS * DAY_MS);
  const failedBefore = new Date(now.getTime() - FAILED_RETENTION_DAYS * DAY_MS);
  const expired = or(
    and(eq(mailOutbox.status, "sent"), lt(mailOutbox.sentAt, sentBefore)),
    and(eq(mailOutbox.status, "held"), lt(mailOutbox.createdAt, sentBefore)),
    and(eq(mailOutbox.status, "failed"), lt(mailOutbox.createdAt, failedBefore)),
  );
  let total = 0;
  for (;;) {
    const batch = db.select({ id: mailOutbox.id }).from(mailOutbox).where(expired).limit(RETENTION_BATCH);
    const deleted = await db.delete(mailOutbox).where(inArray(mailOutbox.id, batch)).returning({ id: mailOutbox.id });
    total += deleted.length;
    if (deleted.length < RETENTION_BATCH) return total;
  }
}

export const mailRetentionJob: PeriodicJob = {
  name: "mail-retention",
  everyMs: 60 * 60 * 1000,
  run: (services, now) => expireMail(services.db, now),
};
