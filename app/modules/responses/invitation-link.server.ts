import { randomBytes } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Lang } from "#app/i18n/paths.ts";
import type { Db } from "#db/client.ts";
import { invitationTokenHash, isInvitationToken } from "./invitation-token.server.ts";
import { type RespondentSurvey, startResponse, tokenFor } from "./respond.server.ts";
import { response, surveyContact } from "./schema.ts";

// The respondent's side of an e-mailed invitation: its private link starts
// (or resumes) that person's response, once; its unsubscribe page stops the
// reminders. The link only ever opens its own survey.

export type Invitation =
  { kind: "unknown" } | { kind: "responded" } | { kind: "ready" } | { kind: "started"; token: string };

async function lookup(db: Db, secret: string, s: RespondentSurvey, token: string, lock: boolean) {
  if (!isInvitationToken(token)) return { found: { kind: "unknown" } as Invitation };
  const query = db
    .select({ id: surveyContact.id, status: surveyContact.status })
    .from(surveyContact)
    .where(
      and(
        eq(surveyContact.orgId, s.orgId),
        eq(surveyContact.surveyId, s.surveyId),
        eq(surveyContact.tokenHash, invitationTokenHash(token)),
      ),
    );
  const [contact] = await (lock ? query.for("update") : query);
  if (!contact) return { found: { kind: "unknown" } as Invitation };
  if (contact.status === "responded") return { found: { kind: "responded" } as Invitation };
  // The response this person started, still linked to them until they submit.
  const [started] = await db
    .select({ startKey: response.startKey })
    .from(response)
    .where(
      and(
        eq(response.orgId, s.orgId),
        eq(response.surveyId, s.surveyId),
        eq(response.contactId, contact.id),
        eq(response.status, "partial"),
      ),
    )
    .limit(1);
  const found: Invitation = started?.startKey
    ? { kind: "started", token: tokenFor(secret, s.surveyId, started.startKey) }
    : { kind: "ready" };
  return { found, contactId: contact.id };
}

/** Where an invitation link leads, changing nothing: mail scanners follow links too. */
export async function findInvitation(db: Db, secret: string, s: RespondentSurvey, token: string) {
  return (await lookup(db, secret, s, token, false)).found;
}

/**
 * Starts the invited person's response on the invitation channel, or finds
 * the one they started: under the contact's row lock, so a doubled click
 * makes one response. Its start key is random, not derived from the
 * contact, so once an anonymous survey's response forgets its contact
 * nothing else ties them.
 */
export async function startInvitedResponse(
  db: Db,
  secret: string,
  s: RespondentSurvey,
  token: string,
  lang: Lang,
): Promise<Invitation> {
  return db.transaction(async (tx) => {
    const { found, contactId } = await lookup(tx, secret, s, token, true);
    if (found.kind !== "ready" || !contactId) return found;
    const resume = await startResponse(tx, secret, s, {
      lang,
      startKey: `invitation:${randomBytes(18).toString("base64url")}`,
      channel: "invitation",
      contactId,
    });
    return { kind: "started", token: resume };
  });
}

export type Subscription = "unknown" | "subscribed" | "unsubscribed";

/** Whether a link's owner still receives reminders. Someone who answered gets none either. */
export async function findSubscription(db: Db, s: RespondentSurvey, token: string): Promise<Subscription> {
  if (!isInvitationToken(token)) return "unknown";
  const [contact] = await db
    .select({ status: surveyContact.status })
    .from(surveyContact)
    .where(
      and(
        eq(surveyContact.orgId, s.orgId),
        eq(surveyContact.surveyId, s.surveyId),
        eq(surveyContact.tokenHash, invitationTokenHash(token)),
      ),
    );
  if (!contact) return "unknown";
  return contact.status === "pending" || contact.status === "invited" ? "subscribed" : "unsubscribed";
}

/** No more messages for this link's owner. Idempotent; a response already given stays counted. */
export async function unsubscribeContact(db: Db, s: RespondentSurvey, token: string): Promise<Subscription> {
  if (!isInvitationToken(token)) return "unknown";
  await db
    .update(surveyContact)
    .set({ status: "unsubscribed" })
    .where(
      and(
        eq(surveyContact.orgId, s.orgId),
        eq(surveyContact.surveyId, s.surveyId),
        eq(surveyContact.tokenHash, invitationTokenHash(token)),
        inArray(surveyContact.status, ["pending", "invited"]),
      ),
    );
  return findSubscription(db, s, token);
}
