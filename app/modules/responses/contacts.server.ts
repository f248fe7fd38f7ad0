import { ANONYMOUS_MIN_CONTACTS } from "./anonymity.ts";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Lang } from "#app/i18n/paths.ts";
import { auditActor, recordAudit } from "#app/modules/identity/audit.server.ts";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { getSurvey } from "#app/modules/measure/surveys.server.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import type { Db } from "#db/client.ts";
import { deleteSurveyContacts } from "./contact-deletion.server.ts";
import { type ContactFile, type ContactRow, readContactFile } from "./contact-file.ts";
import type { MailServices } from "./invitation-mail.server.ts";
import { invitationToken, invitationTokenHash } from "./invitation-token.server.ts";
import { availability } from "./respond.server.ts";
import { surveyContact } from "./schema.ts";

// A survey's list of people to invite by e-mail, as its designers manage it.
// Addresses are sealed with the organization's key; a keyed hash of each
// finds duplicates without reading them.

/** The reminders a survey sends: every `interval` days, at most `max` times. */
export interface ReminderSettings {
  interval: number;
  max: number;
}

/** Reminders every `interval` days, `max` times, as days after the invitation: 7 × 2 → [7, 14]. */
export const reminderDays = ({ interval, max }: ReminderSettings) =>
  interval === 0 ? [] : Array.from({ length: max }, (_, i) => interval * (i + 1));

/** What the form proposes while reminders are off. */
const DEFAULT_MAX_REMINDERS = 2;

export async function getInvitationOverview(ctx: TenantCtx, surveyId: string) {
  assertCan(ctx, "surveys.design");
  const s = await getSurvey(ctx, surveyId);
  const counts = await ctx.db
    .select({
      status: surveyContact.status,
      n: sql<number>`count(*)::int`,
      invited: sql<number>`count(${surveyContact.invitedAt})::int`,
    })
    .from(surveyContact)
    .where(and(eq(surveyContact.orgId, ctx.orgId), eq(surveyContact.surveyId, surveyId)))
    .groupBy(surveyContact.status);
  const count = (status: string) => counts.find((c) => c.status === status)?.n ?? 0;
  const days = s.reminderDays;
  return {
    survey: {
      id: s.id,
      titleEn: s.titleEn,
      titleFr: s.titleFr,
      status: s.status,
      availability: s.publishedVersion ? availability(s) : ("notPublished" as const),
      keepContacts: s.keepContacts,
      reminders:
        days.length === 0
          ? { interval: 0, max: DEFAULT_MAX_REMINDERS }
          : { interval: days[0] as number, max: days.length },
    },
    counts: invitationCounts(s.anonymous, {
      pending: count("pending"),
      invited: count("invited"),
      responded: count("responded"),
      unsubscribed: count("unsubscribed"),
      // Everyone who was sent an invitation, whatever they did since.
      everInvited: counts.reduce((n, c) => n + c.invited, 0),
    }),
  };
}

/**
 * What staff see of who answered. An anonymous survey (decision 0042) tells
 * no one apart: the invited are one count whether they answered or not, and
 * how many answered shows only once ANONYMOUS_MIN_CONTACTS have.
 */
function invitationCounts(
  anonymous: boolean,
  c: { pending: number; invited: number; responded: number; unsubscribed: number; everInvited: number },
) {
  const total = c.pending + c.invited + c.responded + c.unsubscribed;
  if (!anonymous) return { ...c, anonymous, total };
  return {
    ...c,
    anonymous,
    total,
    invited: c.invited + c.responded,
    responded: c.responded >= ANONYMOUS_MIN_CONTACTS ? c.responded : null,
  };
}

export type ContactImport = Exclude<ContactFile, { ok: true }> | { ok: true; added: number; skipped: number };

/** Reads a contact file and adds its contacts, or says what to fix and adds none. */
export async function importContacts(
  ctx: TenantCtx,
  services: MailServices,
  surveyId: string,
  file: { bytes: Uint8Array; defaultLang: Lang },
): Promise<ContactImport> {
  assertCan(ctx, "surveys.design");
  const read = readContactFile(file.bytes, file.defaultLang);
  if (!read.ok) return read;
  return { ok: true, ...(await addContacts(ctx, services, surveyId, read.contacts)) };
}

/**
 * Adds the contacts of a checked file, all or none. Addresses already on the
 * list are skipped, not errors. Each contact's token is derived from its id,
 * chosen here, so only its hash is stored.
 */
export async function addContacts(
  ctx: TenantCtx,
  services: MailServices,
  surveyId: string,
  contacts: ContactRow[],
): Promise<{ added: number; skipped: number }> {
  assertCan(ctx, "surveys.design");
  await getSurvey(ctx, surveyId);
  const sealer = await services.keyring.forOrg(ctx.db, ctx.orgId);
  const rows = contacts.map((c) => {
    const id = randomUUID();
    return {
      orgId: ctx.orgId,
      id,
      surveyId,
      emailSealed: sealer.seal(c.email),
      emailHash: services.keyring.blindIndex(ctx.orgId, c.email),
      lang: c.lang,
      tokenHash: invitationTokenHash(invitationToken(services.settings.authSecret, id)),
    };
  });
  return ctx.db.transaction(async (tx) => {
    // Under the survey's lock: closing it deletes the list, and must not miss these.
    const [current] = await lockSurvey(tx, ctx, surveyId);
    if (current?.status === "closed") throw new AppError("Conflict", "surveyInvitations.errors.closed");
    let added = 0;
    for (let i = 0; i < rows.length; i += 1000) {
      const inserted = await tx
        .insert(surveyContact)
        .values(rows.slice(i, i + 1000))
        .onConflictDoNothing({ target: [surveyContact.orgId, surveyContact.surveyId, surveyContact.emailHash] })
        .returning({ id: surveyContact.id });
      added += inserted.length;
    }
    const result = { added, skipped: rows.length - added };
    await recordAudit(tx, auditActor(ctx), {
      action: "survey.contacts_added",
      targetType: "survey",
      targetId: surveyId,
      after: result,
    });
    return result;
  });
}

/** Reminders and whether the list outlives the survey. Turning keeping off on a closed survey deletes the list now. */
export async function updateInvitationSettings(
  ctx: TenantCtx,
  surveyId: string,
  input: { reminders: ReminderSettings; keepContacts: boolean },
) {
  assertCan(ctx, "surveys.design");
  await getSurvey(ctx, surveyId);
  await ctx.db.transaction(async (tx) => {
    const [before] = await lockSurvey(tx, ctx, surveyId);
    if (!before) throw new AppError("NotFound");
    const after = { reminderDays: reminderDays(input.reminders), keepContacts: input.keepContacts };
    await tx
      .update(survey)
      .set({ ...after, updatedAt: new Date() })
      .where(and(eq(survey.orgId, ctx.orgId), eq(survey.id, surveyId)));
    await recordAudit(tx, auditActor(ctx), {
      action: "survey.updated",
      targetType: "survey",
      targetId: surveyId,
      before: { reminderDays: before.reminderDays, keepContacts: before.keepContacts },
      after,
    });
    if (before.status === "closed" && !input.keepContacts) {
      await deleteSurveyContacts(tx, auditActor(ctx), surveyId, "keepContactsOff");
    }
  });
}

/** The designer deletes the whole list (confirmed on the page). Returns how many went. */
export async function deleteContacts(ctx: TenantCtx, surveyId: string): Promise<number> {
  assertCan(ctx, "surveys.design");
  await getSurvey(ctx, surveyId);
  return ctx.db.transaction(async (tx) => {
    await lockSurvey(tx, ctx, surveyId);
    return deleteSurveyContacts(tx, auditActor(ctx), surveyId, "byHand");
  });
}

function lockSurvey(tx: Db, ctx: TenantCtx, surveyId: string) {
  return tx
    .select({ status: survey.status, reminderDays: survey.reminderDays, keepContacts: survey.keepContacts })
    .from(survey)
    .where(and(eq(survey.orgId, ctx.orgId), eq(survey.id, surveyId)))
    .for("update");
}
