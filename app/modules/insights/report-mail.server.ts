// The report by e-mail after each wave. A wave ends when a newer version of
// the survey is published (the older version's wave, "v2") or when the
// survey closes (its latest version's, "closed"). A job finds ended waves of
// surveys with subscribers and claims each (survey, wave) once by inserting
// report_delivery in the transaction that queues the messages: a second run,
// or a second server, finds the row and sends nothing.
//
// The outbox holds text and HTML only, no attachments, so the message links
// to the report page and to each chosen format's download; the reader signs
// in, and the report is made for them then, with the results as they are.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { AppServices } from "#app/context.ts";
import { tFor } from "#app/i18n/i18n.ts";
import { type Lang, pathFor } from "#app/i18n/paths.ts";
import { recordAudit } from "#app/modules/identity/audit.server.ts";
import { can } from "#app/modules/identity/policy.ts";
import { membership, organization, user } from "#app/modules/identity/schema.ts";
import type { PeriodicJob } from "#app/modules/jobs/scheduler.server.ts";
import { enqueueMails, type OutgoingMail } from "#app/modules/mail/outbox.server.ts";
import { survey, surveyVersion } from "#app/modules/measure/schema.ts";
import { loadReportData, type ReportData } from "./report-data.server.ts";
import type { ReportFormat } from "./report-subscription.server.ts";
import { headlineSentence } from "./report-text.ts";
import { reportDelivery, reportSubscription } from "./schema.ts";

export interface Wave {
  /** "v2" when version 2 stopped collecting, "closed" when the survey closed. */
  id: string;
  version: number;
  endedAt: Date;
}

interface WaveSurvey {
  status: string;
  closesAt: Date | null;
  /** When the survey last changed: closing it is the last change it can have. */
  updatedAt: Date;
}

/** The waves that have ended by `now`, oldest first, from the versions (any order) and the survey's state. */
export function endedWaves(
  versions: readonly { version: number; publishedAt: Date }[],
  s: WaveSurvey,
  now: Date,
): Wave[] {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const waves: Wave[] = [];
  sorted.forEach((v, i) => {
    const next = sorted[i + 1];
    if (next) waves.push({ id: `v${v.version}`, version: v.version, endedAt: next.publishedAt });
  });
  const latest = sorted.at(-1);
  if (latest) {
    const closedAt =
      s.status === "closed" ? s.updatedAt : s.closesAt && s.closesAt.getTime() <= now.getTime() ? s.closesAt : null;
    if (closedAt) waves.push({ id: "closed", version: latest.version, endedAt: closedAt });
  }
  return waves;
}

interface Recipient {
  userId: string;
  name: string;
  email: string;
  lang: Lang;
  formats: ReportFormat[];
}

function reportUrl(baseUrl: string, orgSlug: string, surveyId: string, lang: Lang, query: Record<string, string>) {
  const path = pathFor("surveyReport", lang, { org: orgSlug, surveyId });
  return `${baseUrl}${path}?${new URLSearchParams(query).toString()}`;
}

function composeMail(
  baseUrl: string,
  orgSlug: string,
  report: ReportData,
  wave: Wave,
  r: Recipient,
): OutgoingMail<"surveyReport"> {
  const t = tFor(r.lang);
  const version = String(wave.version);
  const downloads = r.formats
    .map((format) =>
      t("reports.downloadLink", {
        format: t(`reports.formatNames.${format}`),
        url: reportUrl(baseUrl, orgSlug, report.survey.id, r.lang, { version, format, language: r.lang }),
      }),
    )
    .join(t("reports.downloadSeparator"));
  return {
    to: r.email,
    lang: r.lang,
    template: "surveyReport",
    values: {
      name: r.name,
      organization: report.organization[r.lang],
      title: report.survey.title[r.lang],
      wave: wave.id === "closed" ? t("reports.waves.closed") : t("reports.waves.version", { version }),
      headline: headlineSentence(report, r.lang),
      downloads,
      url: reportUrl(baseUrl, orgSlug, report.survey.id, r.lang, { version }),
      unsubscribeUrl: `${reportUrl(baseUrl, orgSlug, report.survey.id, r.lang, {})}#subscription`,
    },
  };
}

/** Subscribers on the wave's last day who may still read the survey's results. */
async function recipientsOf(db: AppServices["db"], orgId: string, surveyId: string, wave: Wave) {
  const rows = await db
    .select({
      userId: reportSubscription.userId,
      lang: reportSubscription.lang,
      formats: reportSubscription.formats,
      name: user.name,
      email: user.email,
      roles: membership.roles,
    })
    .from(reportSubscription)
    .innerJoin(user, eq(user.id, reportSubscription.userId))
    .innerJoin(
      membership,
      and(eq(membership.orgId, reportSubscription.orgId), eq(membership.userId, reportSubscription.userId)),
    )
    .where(
      and(
        eq(reportSubscription.orgId, orgId),
        eq(reportSubscription.surveyId, surveyId),
        sql`${reportSubscription.createdAt} <= ${wave.endedAt.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(user.email));
  return rows
    .filter((r) => can(r.roles, "results.view"))
    .map((r): Recipient => ({ ...r, formats: r.formats as ReportFormat[] }));
}

/** Queues each ended wave's report for its subscribers, once. Returns the number of messages queued. */
export async function sendWaveReports(
  services: Pick<AppServices, "db" | "settings" | "keyring">,
  now: Date,
): Promise<number> {
  const { db } = services;
  const surveys = await db
    .selectDistinct({
      orgId: survey.orgId,
      id: survey.id,
      status: survey.status,
      closesAt: survey.closesAt,
      updatedAt: survey.updatedAt,
      orgSlug: organization.slug,
    })
    .from(survey)
    .innerJoin(organization, eq(organization.id, survey.orgId))
    .innerJoin(
      reportSubscription,
      and(eq(reportSubscription.orgId, survey.orgId), eq(reportSubscription.surveyId, survey.id)),
    );
  let queued = 0;
  for (const s of surveys) {
    const versions = await db
      .select({ version: surveyVersion.version, publishedAt: surveyVersion.publishedAt })
      .from(surveyVersion)
      .where(and(eq(surveyVersion.orgId, s.orgId), eq(surveyVersion.surveyId, s.id)));
    const waves = endedWaves(versions, s, now);
    if (waves.length === 0) continue;
    const done = await db
      .select({ wave: reportDelivery.wave })
      .from(reportDelivery)
      .where(
        and(
          eq(reportDelivery.orgId, s.orgId),
          eq(reportDelivery.surveyId, s.id),
          inArray(
            reportDelivery.wave,
            waves.map((w) => w.id),
          ),
        ),
      );
    for (const wave of waves.filter((w) => !done.some((d) => d.wave === w.id))) {
      queued += await sendWave(services, { orgId: s.orgId, orgSlug: s.orgSlug, surveyId: s.id }, wave, now);
    }
  }
  return queued;
}

async function sendWave(
  services: Pick<AppServices, "db" | "settings" | "keyring">,
  where: { orgId: string; orgSlug: string; surveyId: string },
  wave: Wave,
  now: Date,
): Promise<number> {
  const { db } = services;
  const recipients = await recipientsOf(db, where.orgId, where.surveyId, wave);
  if (recipients.length === 0) return 0;
  const report = await loadReportData({ db, orgId: where.orgId }, where.surveyId, { version: wave.version }, now);
  return db.transaction(async (tx) => {
    const claimed = await tx
      .insert(reportDelivery)
      .values({ orgId: where.orgId, surveyId: where.surveyId, wave: wave.id, recipients: recipients.length })
      .onConflictDoNothing()
      .returning({ wave: reportDelivery.wave });
    if (claimed.length === 0) return 0;
    await enqueueMails(
      tx,
      services.keyring,
      recipients.map((r) => ({
        ...composeMail(services.settings.baseUrl, where.orgSlug, report, wave, r),
        orgId: where.orgId,
      })),
    );
    await recordAudit(
      tx,
      { orgId: where.orgId, userId: null, email: null },
      {
        action: "report.sent",
        targetType: "survey",
        targetId: where.surveyId,
        after: { wave: wave.id, recipients: recipients.length },
      },
    );
    return recipients.length;
  });
}

export const reportJobs: PeriodicJob[] = [
  { name: "wave-reports", everyMs: 15 * 60 * 1000, run: (services, now) => sendWaveReports(services, now) },
];
