import { and, eq } from "drizzle-orm";
import type { AppServices } from "#app/context.ts";
import { formatDate, tFor } from "#app/i18n/i18n.ts";
import { type Lang, pathFor } from "#app/i18n/paths.ts";
import { organization } from "#app/modules/identity/schema.ts";
import type { OutgoingMail } from "#app/modules/mail/outbox.server.ts";
import { survey } from "#app/modules/measure/schema.ts";
import type { Db } from "#db/client.ts";
import { invitationToken, invitationTokenHash } from "./invitation-token.server.ts";
import { surveyContact } from "./schema.ts";

// What an invitation or a reminder says, in the contact's language, with the
// contact's private links in that language.

export type MailServices = Pick<AppServices, "keyring" | "settings">;

/** A contact just claimed for a message (by a conditional UPDATE … RETURNING). */
export interface ClaimedContact {
  id: string;
  emailSealed: string;
  lang: Lang;
  tokenHash: string;
}

export const claimedColumns = {
  id: surveyContact.id,
  emailSealed: surveyContact.emailSealed,
  lang: surveyContact.lang,
  tokenHash: surveyContact.tokenHash,
};

const mailSurveyColumns = {
  orgId: survey.orgId,
  id: survey.id,
  status: survey.status,
  opensAt: survey.opensAt,
  closesAt: survey.closesAt,
  publicKey: survey.publicKey,
  titleEn: survey.titleEn,
  titleFr: survey.titleFr,
  serviceEn: survey.serviceEn,
  serviceFr: survey.serviceFr,
  anonymous: survey.anonymous,
  privacyNoticeEn: survey.privacyNoticeEn,
  privacyNoticeFr: survey.privacyNoticeFr,
  orgNameEn: organization.nameEn,
  orgNameFr: organization.nameFr,
};

export type MailSurvey = Awaited<ReturnType<typeof lockMailSurvey>>[number];

/**
 * A survey with what its messages need, its row locked for share: closing it
 * (which deletes its contacts) waits for the messages being written, and the
 * reverse.
 */
export function lockMailSurvey(db: Db, where: { orgId: string; surveyId: string }) {
  return db
    .select(mailSurveyColumns)
    .from(survey)
    .innerJoin(organization, eq(organization.id, survey.orgId))
    .where(and(eq(survey.orgId, where.orgId), eq(survey.id, where.surveyId)))
    .for("share", { of: survey });
}

export function invitationLinks(baseUrl: string, publicKey: string, lang: Lang, token: string) {
  return {
    url: `${baseUrl}${pathFor("respondInvitation", lang, { key: publicKey, token })}`,
    unsubscribeUrl: `${baseUrl}${pathFor("respondUnsubscribe", lang, { key: publicKey, token })}`,
  };
}

/**
 * One message per claimed contact. A contact whose stored token hash no
 * longer matches (the server's secret was changed since the upload) gets its
 * hash renewed, so the link in this message works.
 */
export async function composeSurveyMails(
  tx: Db,
  services: MailServices,
  s: MailSurvey,
  template: "surveyInvitation" | "surveyReminder",
  contacts: ClaimedContact[],
): Promise<OutgoingMail<typeof template>[]> {
  const sealer = await services.keyring.forOrg(tx, s.orgId);
  const mails: OutgoingMail<typeof template>[] = [];
  for (const c of contacts) {
    const token = invitationToken(services.settings.authSecret, c.id);
    const hash = invitationTokenHash(token);
    if (hash !== c.tokenHash) {
      await tx
        .update(surveyContact)
        .set({ tokenHash: hash })
        .where(and(eq(surveyContact.orgId, s.orgId), eq(surveyContact.id, c.id)));
    }
    const fr = c.lang === "fr";
    mails.push({
      orgId: s.orgId,
      surveyId: s.id,
      to: sealer.open(c.emailSealed),
      lang: c.lang,
      template,
      values: {
        organization: fr ? s.orgNameFr : s.orgNameEn,
        title: fr ? s.titleFr : s.titleEn,
        service: fr ? s.serviceFr : s.serviceEn,
        closes: s.closesAt ? formatDate(c.lang, s.closesAt) : "",
        privacy: tFor(c.lang)(s.anonymous ? "respondent.start.anonymous" : "respondent.start.confidential"),
        notice: (fr ? s.privacyNoticeFr : s.privacyNoticeEn) ?? "",
        ...invitationLinks(services.settings.baseUrl, s.publicKey, c.lang, token),
      },
    });
  }
  return mails;
}
