import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { auditEvent } from "#app/modules/identity/schema.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { closeSurvey, createSurveyFromTemplate } from "#app/modules/measure/surveys.server.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import { mailTo as mailsTo } from "#tests/support/mail.ts";
import { publishedSurvey, withNeighbours } from "#tests/support/surveys.ts";
import { importContacts, updateInvitationSettings } from "./contacts.server.ts";
import { sendDueReminders, sendInvitations } from "./invitations.server.ts";
import type { RespondentSurvey } from "./respond.server.ts";
import { surveyContact } from "./schema.ts";

let s: Awaited<ReturnType<typeof seededServices>>;
let designer: TenantCtx;
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  s = await seededServices();
  designer = await s.tenantCtx("designer@federal.example", "citizen-services-canada");
});

/** A published (anonymous) survey whose list is `csv`, plus neighbours up to the five it must invite at once. */
async function surveyWith(title: string, csv: string) {
  const live = await publishedSurvey(designer, title);
  const [header = "", ...rows] = csv.trim().split("\n");
  const neighbours = withNeighbours(rows, live.surveyId).slice(rows.length);
  const withLang = header.includes("language");
  const bytes = new TextEncoder().encode(
    [header, ...rows, ...neighbours.map((a) => (withLang ? `${a},en` : a))].join("\n") + "\n",
  );
  expect(await importContacts(designer, s, live.surveyId, { bytes, defaultLang: "en" })).toMatchObject({ ok: true });
  return live;
}

const mailTo = (addresses: string[]) => mailsTo(s, ...addresses);

/** The link of a given path in a message's text. */
const linkIn = (text: string, pattern: RegExp) => text.match(pattern)?.[0];

describe("sending invitations", () => {
  it("queues one message per waiting contact, in their language, with their own links", async () => {
    const live = await surveyWith("Invitations", "email,language\nanne@example.ca,en\nbenoit@example.ca,fr\n");
    expect(await sendInvitations(designer, s, live.surveyId)).toBe(5);
    const [anne, benoit] = [(await mailTo(["anne@example.ca"]))[0], (await mailTo(["benoit@example.ca"]))[0]];
    expect(anne).toMatchObject({
      locale: "en",
      template: "surveyInvitation",
      subject: "Your opinion counts: Invitations",
    });
    expect(benoit).toMatchObject({ locale: "fr", subject: "Votre avis compte\u00a0: Invitations (FR)" });
    expect(anne?.text).toContain("about your experience with Passport renewal");
    expect(benoit?.text).toContain("du service «\u00a0Renouvellement de passeport\u00a0»");
    expect(benoit?.text).toContain("Ce sondage est anonyme");
    const key = live.publicKey;
    const anneLink = linkIn(anne?.text ?? "", new RegExp(`http://localhost:3000/en/s/${key}/i/[\\w-]{22}`));
    const benoitLink = linkIn(benoit?.text ?? "", new RegExp(`http://localhost:3000/fr/s/${key}/i/[\\w-]{22}`));
    expect(anneLink).toBeDefined();
    expect(benoitLink).toBeDefined();
    expect(anneLink).not.toBe(benoitLink);
    expect(anne?.text).toContain(`${anneLink}/unsubscribe`);
    expect(benoit?.text).toContain(`${benoitLink}/desabonnement`);
    expect(benoit?.html).toContain(`href="${benoitLink}/desabonnement"`);

    const contacts = await s.db.select().from(surveyContact).where(eq(surveyContact.surveyId, live.surveyId));
    expect(contacts.every((c) => c.status === "invited" && c.invitedAt)).toBe(true);
    const [audit] = await s.db
      .select({ after: auditEvent.after })
      .from(auditEvent)
      .where(and(eq(auditEvent.targetId, live.surveyId), eq(auditEvent.action, "survey.invitations_sent")));
    expect(audit?.after).toEqual({ count: 5 });
    // Nobody is invited twice.
    await expect(sendInvitations(designer, s, live.surveyId)).rejects.toMatchObject({
      key: "surveyInvitations.errors.nonePending",
    });
    expect(await mailTo(["anne@example.ca", "benoit@example.ca"])).toHaveLength(2);
  });

  it("sends a long list in batches, each audited with its count", async () => {
    const addresses = Array.from({ length: 2100 }, (_, i) => `batch.${i}@example.ca`);
    const live = await surveyWith("Long list", `email\n${addresses.join("\n")}\n`);
    expect(await sendInvitations(designer, s, live.surveyId)).toBe(2100);
    const audits = await s.db
      .select({ after: auditEvent.after })
      .from(auditEvent)
      .where(and(eq(auditEvent.targetId, live.surveyId), eq(auditEvent.action, "survey.invitations_sent")))
      .orderBy(auditEvent.at);
    expect(audits.map((a) => a.after)).toEqual([{ count: 2000 }, { count: 100 }]);
    expect(await mailTo(addresses)).toHaveLength(2100);
  });

  it("escapes what the organization wrote, and says when the survey closes", async () => {
    const live = await surveyWith("<b>Bold</b> & co", "email\nchloe@example.ca\n");
    await s.db
      .update(survey)
      .set({ closesAt: new Date("2099-03-31T00:00:00Z"), privacyNoticeEn: "<script>x</script>" })
      .where(eq(survey.id, live.surveyId));
    await sendInvitations(designer, s, live.surveyId);
    const [mail] = await mailTo(["chloe@example.ca"]);
    expect(mail?.text).toContain("The survey closes on March 31, 2099.");
    expect(mail?.html).toContain("&#60;b&#62;Bold&#60;/b&#62; &#38; co");
    expect(mail?.html).toContain("&#60;script&#62;x&#60;/script&#62;");
    expect(mail?.html).not.toContain("<script>");
  });

  it("sends only while the survey is published and open", async () => {
    const draft = await createSurveyFromTemplate(designer, {
      titleEn: "Draft",
      titleFr: "Ébauche",
      serviceEn: "x",
      serviceFr: "x",
      channels: ["online"],
      variant: "citizen",
    });
    const bytes = new TextEncoder().encode("email\ndraft@example.ca\n");
    await importContacts(designer, s, draft, { bytes, defaultLang: "en" });
    await expect(sendInvitations(designer, s, draft)).rejects.toMatchObject({
      key: "surveyInvitations.errors.notOpen",
    });
    expect(await mailTo(["draft@example.ca"])).toEqual([]);
  });
});

describe("an anonymous survey's invitations", () => {
  it("go to five people at a time or more: fewer is refused and sends nothing, a confidential survey sends to one", async () => {
    const live = await publishedSurvey(designer, "Too few to be anonymous");
    const four = ["p1", "p2", "p3", "p4"].map((p) => `${p}@example.ca`);
    const bytes = new TextEncoder().encode(`email\n${four.join("\n")}\n`);
    await importContacts(designer, s, live.surveyId, { bytes, defaultLang: "en" });
    await expect(sendInvitations(designer, s, live.surveyId)).rejects.toMatchObject({
      key: "surveyInvitations.errors.tooFewForAnonymity",
    });
    expect(await mailTo(four)).toEqual([]);
    const statuses = await s.db
      .select({ status: surveyContact.status })
      .from(surveyContact)
      .where(eq(surveyContact.surveyId, live.surveyId));
    expect(statuses.map((c) => c.status)).toEqual(["pending", "pending", "pending", "pending"]);
    // A fifth makes a sending that points to no one.
    await importContacts(designer, s, live.surveyId, {
      bytes: new TextEncoder().encode("email\np5@example.ca\n"),
      defaultLang: "en",
    });
    expect(await sendInvitations(designer, s, live.surveyId)).toBe(5);
    // One more later is one person alone: refused again.
    await importContacts(designer, s, live.surveyId, {
      bytes: new TextEncoder().encode("email\nlate@example.ca\n"),
      defaultLang: "en",
    });
    await expect(sendInvitations(designer, s, live.surveyId)).rejects.toMatchObject({
      key: "surveyInvitations.errors.tooFewForAnonymity",
    });

    const confidential = await publishedSurvey(designer, "Confidential, one person");
    await s.db.update(survey).set({ anonymous: false }).where(eq(survey.id, confidential.surveyId));
    await importContacts(designer, s, confidential.surveyId, {
      bytes: new TextEncoder().encode("email\nsolo@example.ca\n"),
      defaultLang: "en",
    });
    expect(await sendInvitations(designer, s, confidential.surveyId)).toBe(1);
  });
});

describe("the reminder job", () => {
  let live: RespondentSurvey;
  let sentAt: Date;
  const everyone = ["due1@example.ca", "due2@example.ca", "gone@example.ca", "done@example.ca", "later@example.ca"];
  const reminders = async () => (await mailTo(everyone)).filter((m) => m.template === "surveyReminder");

  beforeAll(async () => {
    live = await surveyWith("Reminders", `email,language\n${everyone.slice(0, 4).join(",fr\n")},fr\n`);
    await updateInvitationSettings(designer, live.surveyId, {
      reminders: { interval: 7, max: 2 },
      keepContacts: false,
    });
    await sendInvitations(designer, s, live.surveyId);
    sentAt = new Date();
    // One unsubscribed, one answered, one added after the invitations and never invited.
    const byAddress = (address: string) => eq(surveyContact.emailHash, s.keyring.blindIndex(designer.orgId, address));
    await s.db.update(surveyContact).set({ status: "unsubscribed" }).where(byAddress("gone@example.ca"));
    await s.db.update(surveyContact).set({ status: "responded" }).where(byAddress("done@example.ca"));
    const bytes = new TextEncoder().encode("email\nlater@example.ca\n");
    await importContacts(designer, s, live.surveyId, { bytes, defaultLang: "en" });
  });

  it("reminds invited people who neither answered nor unsubscribed, once the interval has passed", async () => {
    expect(await sendDueReminders(s, new Date(sentAt.getTime() + 6 * DAY))).toBe(0);
    // Two instances of the server run the job at once: each person is reminded
    // once. (On PostgreSQL, the pool's connections are opened first so the runs overlap.)
    await Promise.all([1, 2, 3].map(() => s.db.execute(sql`select pg_sleep(0.05)`)));
    const at = new Date(sentAt.getTime() + 7 * DAY + 1000);
    const runs = await Promise.all([sendDueReminders(s, at), sendDueReminders(s, at)]);
    // The two, and the neighbour who made the list five.
    expect(runs[0] + runs[1]).toBe(3);
    const first = await reminders();
    expect(first.map((m) => m.toAddress).sort()).toEqual(["due1@example.ca", "due2@example.ca"]);
    expect(first[0]).toMatchObject({ locale: "fr", subject: "Rappel\u00a0: Reminders (FR)" });
    expect(await sendDueReminders(s, new Date(at.getTime() + 6 * DAY))).toBe(0);
  });

  it("stops after the last reminder, and when the survey closes", async () => {
    expect(await sendDueReminders(s, new Date(sentAt.getTime() + 14 * DAY + 2000))).toBe(3);
    expect(await sendDueReminders(s, new Date(sentAt.getTime() + 60 * DAY))).toBe(0);
    expect(await reminders()).toHaveLength(4);
    const contacts = await s.db.select().from(surveyContact).where(eq(surveyContact.surveyId, live.surveyId));
    expect(contacts.map((c) => c.remindersSent).sort()).toEqual([0, 0, 0, 2, 2, 2]);

    const closing = await surveyWith("Closed reminders", "email\nclosed@example.ca\n");
    await updateInvitationSettings(designer, closing.surveyId, {
      reminders: { interval: 1, max: 3 },
      keepContacts: true,
    });
    await sendInvitations(designer, s, closing.surveyId);
    await closeSurvey(designer, closing.surveyId);
    expect(await sendDueReminders(s, new Date(Date.now() + 2 * DAY))).toBe(0);
    expect((await mailTo(["closed@example.ca"])).map((m) => m.template)).toEqual(["surveyInvitation"]);
  });
});
