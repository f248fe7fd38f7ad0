import { and, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import type { AppServices } from "#app/context.ts";
import { auditActor, recordAudit } from "#app/modules/identity/audit.server.ts";
import type { PeriodicJob } from "#app/modules/jobs/scheduler.server.ts";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import { enqueueMails } from "#app/modules/mail/outbox.server.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import { deleteSurveyContacts } from "./contact-deletion.server.ts";
import { claimedColumns, composeSurveyMails, findMailSurveys, type MailServices } from "./invitation-mail.server.ts";
import { availability } from "./respond.server.ts";
import { surveyContact } from "./schema.ts";

// Sending: invitations when a designer asks, reminders and the deletion of
// contact lists on a timer. Each message is claimed by a conditional UPDATE …
// RETURNING in the transaction that writes it to the outbox, so two clicks,
// two server instances or a crash never send one twice or lose one.

const DAY_MS = 24 * 60 * 60 * 1000;

/** Invites every contact still waiting. Only while the survey is published and open. */
export async function sendInvitations(ctx: TenantCtx, services: MailServices, surveyId: string): Promise<number> {
  assertCan(ctx, "surveys.design");
  return ctx.db.transaction(async (tx) => {
    const [s] = await findMailSurveys(tx, { orgId: ctx.orgId, surveyId }, true);
    if (!s) throw new AppError("NotFound");
    if (availability(s) !== "open") throw new AppError("Conflict", "surveyInvitations.errors.notOpen");
    const claimed = await tx
      .update(surveyContact)
      .set({ status: "invited", invitedAt: new Date() })
      .where(
        and(
          eq(surveyContact.orgId, ctx.orgId),
          eq(surveyContact.surveyId, surveyId),
          eq(surveyContact.status, "pending"),
        ),
      )
      .returning(claimedColumns);
    if (claimed.length === 0) throw new AppError("Conflict", "surveyInvitations.errors.nonePending");
    await enqueueMails(tx, await composeSurveyMails(tx, services, s, "surveyInvitation", claimed));
    await recordAudit(tx, auditActor(ctx), {
      action: "survey.invitations_sent",
      targetType: "survey",
      targetId: surveyId,
      after: { count: claimed.length },
    });
    return claimed.length;
  });
}

const systemActor = (orgId: string) => ({ orgId, userId: null, email: null });

/**
 * Reminds invited people who have neither answered nor unsubscribed.
 * `survey.reminder_days` lists the days after the invitation when reminders
 * go (e.g. [7, 14]); reminder n+1 is due once the gap between entries n and
 * n+1 has passed since the last message. Returns how many were queued.
 */
export async function sendDueReminders(services: Pick<AppServices, "db"> & MailServices, now: Date) {
  const { db } = services;
  const candidates = await db
    .select({ orgId: survey.orgId, id: survey.id })
    .from(survey)
    .where(
      and(
        eq(survey.status, "published"),
        sql`cardinality(${survey.reminderDays}) > 0`,
        or(isNull(survey.closesAt), gt(survey.closesAt, now)),
        sql`exists (select 1 from ${surveyContact} where ${surveyContact.orgId} = ${survey.orgId}
          and ${surveyContact.surveyId} = ${survey.id} and ${surveyContact.status} = 'invited')`,
      ),
    );
  let queued = 0;
  for (const { orgId, id } of candidates) {
    queued += await db.transaction(async (tx) => {
      const [s] = await findMailSurveys(tx, { orgId, surveyId: id }, true);
      if (!s || availability(s, now) !== "open") return 0;
      let count = 0;
      for (const [n, days] of s.reminderDays.entries()) {
        const gapDays = days - (s.reminderDays[n - 1] ?? 0);
        const claimed = await tx
          .update(surveyContact)
          .set({ remindersSent: n + 1, lastRemindedAt: now })
          .where(
            and(
              eq(surveyContact.orgId, orgId),
              eq(surveyContact.surveyId, id),
              eq(surveyContact.status, "invited"),
              eq(surveyContact.remindersSent, n),
              sql`coalesce(${surveyContact.lastRemindedAt}, ${surveyContact.invitedAt})
                <= ${new Date(now.getTime() - gapDays * DAY_MS).toISOString()}::timestamptz`,
            ),
          )
          .returning(claimedColumns);
        if (claimed.length === 0) continue;
        await enqueueMails(tx, await composeSurveyMails(tx, services, s, "surveyReminder", claimed));
        count += claimed.length;
      }
      if (count > 0) {
        await recordAudit(tx, systemActor(orgId), {
          action: "survey.reminders_sent",
          targetType: "survey",
          targetId: id,
          after: { count },
        });
      }
      return count;
    });
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
      return deleteSurveyContacts(tx, systemActor(orgId), id, still.status === "closed" ? "closed" : "closingDate");
    });
  }
  return deleted;
}

export const invitationJobs: PeriodicJob[] = [
  { name: "survey-reminders", everyMs: 15 * 60 * 1000, run: (services, now) => sendDueReminders(services, now) },
  {
    name: "survey-contact-deletion",
    everyMs: 60 * 60 * 1000,
    run: (services, now) => deleteContactsOfClosedSurveys(services.db, now),
  },
];
