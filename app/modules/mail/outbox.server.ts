import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Lang } from "#app/i18n/paths.ts";
import type { Db } from "#db/client.ts";
import { mailOutbox } from "./schema.ts";
import { type MailTemplates, renderMail, type TemplateName } from "./templates.server.ts";

/**
 * Writes a message to the outbox. Call it with the transaction that makes the
 * change the message announces: both commit or neither does.
 */
export async function enqueueMail<T extends TemplateName>(
  db: Db,
  message: { to: string; lang: Lang; template: T; values: MailTemplates[T] },
): Promise<void> {
  const rendered = renderMail(message.template, message.lang, message.values);
  await db.insert(mailOutbox).values({
    toAddress: message.to,
    locale: message.lang,
    template: message.template,
    ...rendered,
  });
}

export type OutgoingMail<T extends TemplateName> = { to: string; lang: Lang; template: T; values: MailTemplates[T] };

/**
 * Writes many messages to the outbox (survey invitations: thousands at once),
 * a few hundred rows per statement. Same rule as enqueueMail: pass the
 * transaction that makes the change.
 */
export async function enqueueMails<T extends TemplateName>(db: Db, messages: OutgoingMail<T>[]): Promise<void> {
  const CHUNK = 500;
  for (let i = 0; i < messages.length; i += CHUNK) {
    await db.insert(mailOutbox).values(
      messages.slice(i, i + CHUNK).map((m) => ({
        toAddress: m.to,
        locale: m.lang,
        template: m.template,
        ...renderMail(m.template, m.lang, m.values),
      })),
    );
  }
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
 * development mailbox page.
 */
export async function deliverDueMail(db: Db, transport: MailTransport | null, limit = 20): Promise<number> {
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
  for (const row of due) {
    if (!transport) {
      await db.update(mailOutbox).set({ status: "held" }).where(eq(mailOutbox.id, row.id));
      continue;
    }
    try {
      await transport.send({ to: row.toAddress, subject: row.subject, text: row.text, html: row.html });
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
          lastError: error instanceof Error ? error.message.slice(0, 500) : "unknown error",
          nextAttemptAt: new Date(Date.now() + backoffSeconds * 1000),
        })
        .where(eq(mailOutbox.id, row.id));
    }
  }
  return due.length;
}

/** The newest messages, for the development mailbox page. */
export async function findRecentMail(db: Db, limit = 50) {
  return db
    .select({
      id: mailOutbox.id,
      toAddress: mailOutbox.toAddress,
      subject: mailOutbox.subject,
      text: mailOutbox.text,
      status: mailOutbox.status,
      createdAt: mailOutbox.createdAt,
    })
    .from(mailOutbox)
    .orderBy(sql`${mailOutbox.createdAt} desc`)
    .limit(limit);
}
