import { and, eq, gt, inArray, isNotNull, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import type { AppServices } from "#app/context.ts";
import { auditActor, recordAudit } from "#app/modules/identity/audit.server.ts";
import type { PeriodicJob } from "#app/modules/jobs/scheduler.server.ts";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import { enqueueMails } from "#app/modules/mail/outbox.server.ts";
import { survey } from "#app/modules/measure/schema.ts";
import type { Db } from "#db/client.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import { ANONYMOUS_MIN_CONTACTS } from "./anonymity.ts";
import { deleteSurveyContacts, forgetPartialContacts } from "./contact-deletion.server.ts";
import {
  type ClaimedContact,
  claimedColumns,
  composeSurveyMails,
  lockMailSurvey,
  type MailServices,
  type MailSurvey,
} from "./invitation-mail.server.ts";
import { availability } from "./respond.server.ts";
import { response, surveyContact } from "./schema.ts";

// Sending: invitations when a designer asks, reminders and the deletion of
// contact lists on a timer. Messages are claimed by a conditional UPDATE …
// RETURNING in the transaction that writes them to the outbox, so two clicks,
// two server instances or a crash never send one twice or lose one. They go
// in batches, one transaction each, so that a list of 50,000 never holds the
// database (PGlite has one connection) for long.

const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 2000;

type Actor = Parameters<typeof recordAudit>[1];

/**
 * Claims up to BATCH of a survey's contacts that match `where`: locks them,
 * skipping rows another run holds, then updates those. (One statement with
 * `IN (SELECT … LIMIT … FOR UPDATE)` may update more than the limit.)
 */
async function claimContacts(tx: Db, s: MailSurvey, where: SQL, set: Partial<typeof surveyContact.$inferInsert>) {
  const ofSurvey = and(eq(surveyContact.orgId, s.orgId), eq(surveyContact.surveyId, s.id), where);
  const batch = await tx
    .select({ id: surveyContact.id })
    .from(surveyContact)
    .where(ofSurvey)
    .limit(BATCH)
    .for("update", { skipLocked: true });
  if (batch.length === 0) return [];
  return tx
    .update(surveyContact)
    .set(set)
    .where(
      and(
        eq(surveyContact.orgId, s.orgId),
        inArray(
          surveyContact.id,
          batch.map((c) => c.id),
        ),
      ),
    )
    .returning(claimedColumns);
}

/**
 * One batch in one transaction: lock the survey (closing it waits), check it
 * is open, claim, queue the messages, audit the count. Returns how many.
 */
async function sendBatch(
  db: Db,
  services: MailServices,
  where: { orgId: string; surveyId: string },
  claim: (tx: Db, s: MailSurvey) => Promise<ClaimedContact[]>,
  message: { template: "surveyInvitation" | "surveyReminder"; actor: Actor; now: Date },
): Promise<number> {
  return db.transaction(async (tx) => {
    const [s] = await lockMailSurvey(tx, where);
    if (!s) throw new AppError("NotFound");
    if (availability(s, message.now) !== "open") throw new AppError("Conflict", "surveyInvitations.errors.notOpen");
    const claimed = await claim(tx, s);
    if (claimed.length === 0) return 0;
    await enqueueMails(tx, services.keyring, await composeSurveyMails(tx, services, s, message.template, claimed));
    await recordAudit(tx, message.actor, {
      action: message.template === "surveyInvitation" ? "survey.invitations_sent" : "survey.reminders_sent",
      targetType: "survey",
      targetId: s.id,
      after: { count: claimed.length },
    });
    return claimed.length;
  });
}

/**
 * An anonymous survey invites no fewer than ANONYMOUS_MIN_CONTACTS people at
 * a time (decision 0042): a response that came from a sending of one or two
 * would say who gave it. Zero is left to the caller's "none pending".
 */
async function assertEnoughForAnonymity(tx: Db, s: MailSurvey, pending: SQL) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(surveyContact)
    .where(and(eq(surveyContact.orgId, s.orgId), eq(surveyContact.surveyId, s.id), pending));
  const n = row?.n ?? 0;
  if (n > 0 && n < ANONYMOUS_MIN_CONTACTS)
    throw new AppError("Conflict", "surveyInvitations.errors.tooFewForAnonymity");
}

/** Invites every contact still waiting. Only while the survey is published and open. */
export async function sendInvitations(ctx: TenantCtx, services: MailServices, surveyId: string): Promise<number> {
  assertCan(ctx, "surveys.design");
  const now = new Date();
  let sent = 0;
  const pending = eq(surveyContact.status, "pending");
  for (;;) {
    const first = sent === 0;
    const count = await sendBatch(
      ctx.db,
      services,
      { orgId: ctx.orgId, surveyId },
      async (tx, s) => {
        if (first && s.anonymous) await assertEnoughForAnonymity(tx, s, pending);
        return claimContacts(tx, s, pending, { status: "invited", invitedAt: now });
      },
      { template: "surveyInvitation", actor: auditActor(ctx), now },
    );
    sent += count;
    if (count < BATCH) break;
  }
  if (sent === 0) throw new AppError("Conflict", "surveyInvitations.errors.nonePending");
  return sent;
}

/**
 * Reminds invited people who have neither answered nor unsubscribed.
 * `survey.reminder_days` lists the days after the invitation when reminders
 * go (e.g. [7, 14]); reminder n+1 is due once the gap between entries n and
 * n+1 has passed since the last message. Returns how many were queued.
 */
export async function sendDueReminders(services: Pick<AppServices, "db"> & MailServices, now: Date) {
  const { db } = services;
  const candidates = await db
    .select({ orgId: survey.orgId, surveyId: survey.id, reminderDays: survey.reminderDays })
    .from(survey)
    .where(
      and(
        eq(survey.status, "published"),
        sql`cardinality(${survey.reminderDays}) > 0`,
        or(isNull(survey.closesAt), gt(survey.closesAt, now)),
        or(isNull(survey.opensAt), lte(survey.opensAt, now)),
        sql`exists (select 1 from ${surveyContact} where ${surveyContact.orgId} = ${survey.orgId}
          and ${surveyContact.surveyId} = ${survey.id} and ${surveyContact.status} = 'invited')`,
      ),
    );
  let queued = 0;
  for (const { orgId, surveyId, reminderDays } of candidates) {
    for (const [n, days] of reminderDays.entries()) {
      const lastMessageBefore = new Date(now.getTime() - (days - (reminderDays[n - 1] ?? 0)) * DAY_MS);
      const due = and(
        eq(surveyContact.status, "invited"),
        eq(surveyContact.remindersSent, n),
        sql`coalesce(${surveyContact.lastRemindedAt}, ${surveyContact.invitedAt}) <= ${lastMessageBefore.toISOString()}::timestamptz`,
      ) as SQL;
      for (;;) {
        const count = await sendBatch(
          db,
          services,
          { orgId, surveyId },
          (tx, s) => claimContacts(tx, s, due, { remindersSent: n + 1, lastRemindedAt: now }),
          { template: "surveyReminder", actor: { orgId, userId: null, email: null }, now },
        ).catch((error: unknown) => {
          // Closed since the list was read: nothing more to send.
          if (error instanceof AppError) return 0;
          throw error;
        });
        queued += count;
        if (count < BATCH) break;
      }
    }
  }
  return queued;
}

/**
 * Deletes the contact lists of surveys that are closed, or whose closing date
 * has passed, unless the organization keeps them on purpose.
 */
export async function deleteContactsOfClosedSurveys(db: AppServices["db"], now: Date): Promise<number> {
  const closed = and(eq(survey.keepContacts, false), or(eq(survey.status, "closed"), lte(survey.closesAt, now)));
  const due = await db
    .selectDistinct({ orgId: survey.orgId, id: survey.id })
    .from(survey)
    .innerJoin(surveyContact, and(eq(surveyContact.orgId, survey.orgId), eq(surveyContact.surveyId, survey.id)))
    .where(closed);
  let deleted = 0;
  for (const { orgId, id } of due) {
    deleted += await db.transaction(async (tx) => {
      // Checked again under the lock: the list may have been kept meanwhile.
      const [still] = await tx
        .select({ status: survey.status })
        .from(survey)
        .where(and(eq(survey.orgId, orgId), eq(survey.id, id), closed))
        .for("update");
      if (!still) return 0;
      const system = { orgId, userId: null, email: null };
      return deleteSurveyContacts(tx, system, id, still.status === "closed" ? "closed" : "closingDate");
    });
  }
  return deleted + (await forgetPartialContactsOfClosedSurveys(db, now));
}

/**
 * Partial responses of closed surveys forget their contact, lists kept or
 * not: nobody can resume them from an invitation any more (decision 0041).
 */
async function forgetPartialContactsOfClosedSurveys(db: AppServices["db"], now: Date): Promise<number> {
  const due = await db
    .selectDistinct({ orgId: response.orgId, id: response.surveyId })
    .from(response)
    .innerJoin(survey, and(eq(survey.orgId, response.orgId), eq(survey.id, response.surveyId)))
    .where(
      and(
        eq(response.status, "partial"),
        isNotNull(response.contactId),
        or(eq(survey.status, "closed"), lte(survey.closesAt, now)),
      ),
    );
  let forgotten = 0;
  for (const { orgId, id } of due) forgotten += await forgetPartialContacts(db, orgId, id);
  return forgotten;
}

export const invitationJobs: PeriodicJob[] = [
  { name: "survey-reminders", everyMs: 15 * 60 * 1000, run: (services, now) => sendDueReminders(services, now) },
  {
    name: "survey-contact-deletion",
    everyMs: 60 * 60 * 1000,
    run: (services, now) => deleteContactsOfClosedSurveys(services.db, now),
  },
];
