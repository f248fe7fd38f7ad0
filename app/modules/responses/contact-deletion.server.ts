import { and, eq, isNotNull } from "drizzle-orm";
import { recordAudit } from "#app/modules/identity/audit.server.ts";
import { deleteSurveyMail } from "#app/modules/mail/outbox.server.ts";
import { survey } from "#app/modules/measure/schema.ts";
import type { Db } from "#db/client.ts";
import { response, surveyContact } from "./schema.ts";

// Deleting a survey's contact list: by hand, when the survey closes, or when
// its closing date has passed. Kept apart from the rest of the invitations
// code so that closing a survey (measure module) can call it without a cycle.

type Actor = { orgId: string; userId: string | null; email: string | null };
export type DeletionReason = "byHand" | "closed" | "closingDate" | "keepContactsOff";

/**
 * Deletes every contact of a survey in the caller's transaction, the messages
 * sent or queued to them, and forgets which unfinished response came from
 * which contact. The audit records counts only, never an address.
 */
export async function deleteSurveyContacts(
  tx: Db,
  actor: Actor,
  surveyId: string,
  reason: DeletionReason,
): Promise<number> {
  const deleted = await tx
    .delete(surveyContact)
    .where(and(eq(surveyContact.orgId, actor.orgId), eq(surveyContact.surveyId, surveyId)))
    .returning({ id: surveyContact.id });
  await forgetPartialContacts(tx, actor.orgId, surveyId);
  const messages = await deleteSurveyMail(tx, actor.orgId, surveyId);
  if (deleted.length > 0 || messages > 0) {
    await recordAudit(tx, actor, {
      action: "survey.contacts_deleted",
      targetType: "survey",
      targetId: surveyId,
      after: { count: deleted.length, messages, reason },
    });
  }
  return deleted.length;
}

/**
 * Unfinished responses forget the contact they were started from. Their link
 * serves only to resume them from the invitation and to mark the invitation
 * used on submitting (decision 0041): once the survey is closed it serves
 * nothing, even when the list is kept. Returns how many.
 */
export async function forgetPartialContacts(tx: Db, orgId: string, surveyId: string): Promise<number> {
  const forgotten = await tx
    .update(response)
    .set({ contactId: null })
    .where(
      and(
        eq(response.orgId, orgId),
        eq(response.surveyId, surveyId),
        eq(response.status, "partial"),
        isNotNull(response.contactId),
      ),
    )
    .returning({ id: response.id });
  return forgotten.length;
}

/** At closing: the list goes unless the organization chose to keep it (survey.keep_contacts); partial responses' links go in any case. */
export async function deleteContactsAtClose(tx: Db, actor: Actor, surveyId: string): Promise<number> {
  const [row] = await tx
    .select({ keep: survey.keepContacts })
    .from(survey)
    .where(and(eq(survey.orgId, actor.orgId), eq(survey.id, surveyId)));
  if (!row) return 0;
  if (!row.keep) return deleteSurveyContacts(tx, actor, surveyId, "closed");
  await forgetPartialContacts(tx, actor.orgId, surveyId);
  return 0;
}
