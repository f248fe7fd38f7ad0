import { and, eq, isNotNull } from "drizzle-orm";
import { recordAudit } from "#app/modules/identity/audit.server.ts";
import { survey } from "#app/modules/measure/schema.ts";
import type { Db } from "#db/client.ts";
import { response, surveyContact } from "./schema.ts";

// Deleting a survey's contact list: by hand, when the survey closes, or when
// its closing date has passed. Kept apart from the rest of the invitations
// code so that closing a survey (measure module) can call it without a cycle.

type Actor = { orgId: string; userId: string | null; email: string | null };
export type DeletionReason = "byHand" | "closed" | "closingDate" | "keepContactsOff";

/**
 * Deletes every contact of a survey in the caller's transaction, and forgets
 * which unfinished response came from which contact. The audit records the
 * count only, never an address.
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
  await tx
    .update(response)
    .set({ contactId: null })
    .where(
      and(
        eq(response.orgId, actor.orgId),
        eq(response.surveyId, surveyId),
        eq(response.status, "partial"),
        isNotNull(response.contactId),
      ),
    );
  if (deleted.length > 0) {
    await recordAudit(tx, actor, {
      action: "survey.contacts_deleted",
      targetType: "survey",
      targetId: surveyId,
      after: { count: deleted.length, reason },
    });
  }
  return deleted.length;
}

/** At closing, unless the organization chose to keep the list (survey.keep_contacts). */
export async function deleteContactsAtClose(tx: Db, actor: Actor, surveyId: string): Promise<number> {
  const [row] = await tx
    .select({ keep: survey.keepContacts })
    .from(survey)
    .where(and(eq(survey.orgId, actor.orgId), eq(survey.id, surveyId)));
  return row && !row.keep ? deleteSurveyContacts(tx, actor, surveyId, "closed") : 0;
}
