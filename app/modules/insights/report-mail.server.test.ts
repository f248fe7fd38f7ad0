import { and, desc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { auditEvent } from "#app/modules/identity/schema.ts";
import { deliverDueMail } from "#app/modules/mail/outbox.server.ts";
import { mailOutbox } from "#app/modules/mail/schema.ts";
import { smtpTransport } from "#app/modules/mail/worker.server.ts";
import { survey, surveyVersion } from "#app/modules/measure/schema.ts";
import { closeSurvey } from "#app/modules/measure/surveys.server.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import { outboxMail } from "#tests/support/mail.ts";
import { startSmtpSink } from "#tests/support/smtp-sink.ts";
import { endedWaves, sendWaveReports } from "./report-mail.server.ts";
import {
  deleteReportSubscription,
  getReportSubscription,
  saveReportSubscription,
} from "./report-subscription.server.ts";
import { reportDelivery } from "./schema.ts";

let s: Awaited<ReturnType<typeof seededServices>>;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let analyst: TenantCtx;
let designer: TenantCtx;
let ontario: TenantCtx;
let passports: string;

beforeAll(async () => {
  s = await seededServices();
  sink = await startSmtpSink();
  analyst = await s.tenantCtx("analyst@federal.example", "citizen-services-canada");
  designer = await s.tenantCtx("designer@federal.example", "citizen-services-canada");
  ontario = await s.tenantCtx("admin@ontario.example", "ontario-service-delivery");
  const [row] = await s.db
    .select({ id: survey.id })
    .from(survey)
    .where(and(eq(survey.orgId, analyst.orgId), eq(survey.titleEn, "Passport services – in person")));
  passports = row?.id ?? "";
});
afterAll(() => sink.close());

const reportMails = async () =>
  (await outboxMail(s))
    .filter((m) => m.template === "surveyReport")
    .sort((a, b) => a.toAddress.localeCompare(b.toAddress) || a.createdAt.getTime() - b.createdAt.getTime());

/** Publishes the survey's current definition again as its next version: the previous version's wave ends. */
async function publishNextVersion(publishedAt: Date) {
  const [latest] = await s.db
    .select()
    .from(surveyVersion)
    .where(and(eq(surveyVersion.orgId, analyst.orgId), eq(surveyVersion.surveyId, passports)))
    .orderBy(desc(surveyVersion.version))
    .limit(1);
  if (!latest) throw new Error("no version");
  await s.db.insert(surveyVersion).values({ ...latest, version: latest.version + 1, publishedAt });
  return latest.version;
}

describe("the waves of a survey", () => {
  const at = (day: number) => new Date(Date.UTC(2026, 0, day));
  const open = { status: "published", closesAt: null, updatedAt: at(1) };
  it("end when a newer version is published, and when the survey closes", () => {
    const versions = [
      { version: 2, publishedAt: at(10) },
      { version: 1, publishedAt: at(1) },
    ];
    expect(endedWaves(versions, open, at(20))).toEqual([{ id: "v1", version: 1, endedAt: at(10) }]);
    expect(endedWaves(versions, { ...open, status: "closed", updatedAt: at(15) }, at(20))).toEqual([
      { id: "v1", version: 1, endedAt: at(10) },
      { id: "closed", version: 2, endedAt: at(15) },
    ]);
    expect(endedWaves(versions, { ...open, closesAt: at(25) }, at(20))).toHaveLength(1);
    expect(endedWaves(versions, { ...open, closesAt: at(18) }, at(20)).at(-1)).toEqual({
      id: "closed",
      version: 2,
      endedAt: at(18),
    });
    expect(endedWaves([], open, at(20))).toEqual([]);
  });
});

describe("report subscriptions and the wave job", () => {
  it("lets a member subscribe in a language and formats, audited, and not to another organization's survey", async () => {
    await saveReportSubscription(analyst, passports, { lang: "fr", formats: ["csv", "pdf"] });
    expect(await getReportSubscription(analyst, passports)).toEqual({ lang: "fr", formats: ["pdf", "csv"] });
    await saveReportSubscription(designer, passports, { lang: "en", formats: ["xlsx"] });
    await expect(saveReportSubscription(analyst, passports, { lang: "en", formats: [] })).rejects.toMatchObject({
      code: "Invalid",
    });
    await expect(saveReportSubscription(ontario, passports, { lang: "en", formats: ["pdf"] })).rejects.toMatchObject({
      code: "NotFound",
    });
    const events = await s.db
      .select({ action: auditEvent.action, actor: auditEvent.actorEmail })
      .from(auditEvent)
      .where(and(eq(auditEvent.targetId, passports), eq(auditEvent.action, "report.subscribed")));
    expect(events.map((e) => e.actor).sort()).toEqual(["analyst@federal.example", "designer@federal.example"]);
  });

  it("sends nothing for a wave that ended before anyone subscribed", async () => {
    // The demo's version 1 ended when version 2 was published, at seeding.
    expect(await sendWaveReports(s, new Date())).toBe(0);
    expect(await reportMails()).toEqual([]);
  });

  it("sends a wave's report once to each subscriber, in their language, over SMTP", async () => {
    const ended = await publishNextVersion(new Date(Date.now() + 1000));
    const now = new Date(Date.now() + 2000);
    expect(await sendWaveReports(s, now)).toBe(2);
    expect(await sendWaveReports(s, now)).toBe(0);
    const [delivery] = await s.db
      .select()
      .from(reportDelivery)
      .where(and(eq(reportDelivery.surveyId, passports), eq(reportDelivery.wave, `v${ended}`)));
    expect(delivery?.recipients).toBe(2);
    const mails = await reportMails();
    expect(mails.map((m) => [m.toAddress, m.locale])).toEqual([
      ["analyst@federal.example", "fr"],
      ["designer@federal.example", "en"],
    ]);
    const [fr, en] = mails;
    expect(fr?.subject).toBe("Rapport prêt\u00a0: Services de passeport – en personne");
    expect(fr?.text).toContain(`la version ${ended}`);
    expect(fr?.text).toContain("Note de satisfaction globale");
    expect(fr?.text).toContain(
      `/fr/organisations/citizen-services-canada/sondages/${passports}/resultats/rapport?version=${ended}`,
    );
    expect(fr?.text).toContain(`PDF\u00a0: http://localhost:3000/fr/`);
    expect(fr?.text).toContain(`version=${ended}&format=pdf&language=fr`);
    expect(fr?.text).toContain(`version=${ended}&format=csv&language=fr`);
    expect(fr?.text).not.toContain("format=xlsx");
    expect(en?.subject).toBe("Report ready: Passport services – in person");
    expect(en?.text).toContain("Overall satisfaction score");
    expect(en?.text).toContain(`version=${ended}&format=xlsx&language=en`);
    expect(en?.html).toContain('<html lang="en">');

    const transport = smtpTransport(sink.url, "Outside-In <no-reply@example.ca>");
    await deliverDueMail(s.db, s.keyring, transport);
    const received = sink.received.filter((m) => m.raw.includes("rapport") || m.raw.includes("report"));
    expect(received.map((m) => m.to[0]).sort()).toEqual(["analyst@federal.example", "designer@federal.example"]);
    const sent = await s.db
      .select({ status: mailOutbox.status })
      .from(mailOutbox)
      .where(
        inArray(
          mailOutbox.id,
          mails.map((m) => m.id),
        ),
      );
    expect(sent.every((m) => m.status === "sent")).toBe(true);
  });

  it("sends the last wave when the survey closes, only to members still subscribed", async () => {
    await deleteReportSubscription(designer, passports);
    expect(await getReportSubscription(designer, passports)).toBeNull();
    await closeSurvey(designer, passports);
    const before = new Set((await reportMails()).map((m) => m.id));
    // Two runs at once (two servers): the wave is claimed once.
    const runs = await Promise.all([sendWaveReports(s, new Date()), sendWaveReports(s, new Date())]);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
    const mails = (await reportMails()).filter((m) => !before.has(m.id));
    expect(mails.map((m) => m.toAddress)).toEqual(["analyst@federal.example"]);
    expect(mails[0]?.text).toContain("la fermeture du sondage");
    const events = await s.db
      .select({ after: auditEvent.after })
      .from(auditEvent)
      .where(and(eq(auditEvent.targetId, passports), eq(auditEvent.action, "report.sent")));
    expect(events.map((e) => (e.after as { wave: string }).wave)).toContain("closed");
  });
});
