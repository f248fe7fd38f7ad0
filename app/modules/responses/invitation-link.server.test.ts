import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import { mailTo } from "#tests/support/mail.ts";
import { publishedSurvey, withNeighbours } from "#tests/support/surveys.ts";
import { importContacts, updateInvitationSettings } from "./contacts.server.ts";
import {
  findInvitation,
  findSubscription,
  startInvitedResponse,
  unsubscribeContact,
} from "./invitation-link.server.ts";
import { sendDueReminders, sendInvitations } from "./invitations.server.ts";
import { getResponseByToken, type RespondentSurvey, saveResponsePage } from "./respond.server.ts";
import { calendarDay } from "./anonymity.ts";
import { response, surveyContact } from "./schema.ts";

let s: Awaited<ReturnType<typeof seededServices>>;
let designer: TenantCtx;
const secret = () => s.settings.authSecret;

beforeAll(async () => {
  s = await seededServices();
  designer = await s.tenantCtx("designer@federal.example", "citizen-services-canada");
});

/** A published survey with invited contacts, and the token of each, read from the queued messages. */
async function invitedSurvey(title: string, addresses: string[], anonymous = true) {
  const live = await publishedSurvey(designer, title);
  if (!anonymous) await s.db.update(survey).set({ anonymous }).where(eq(survey.id, live.surveyId));
  const list = anonymous ? withNeighbours(addresses, live.surveyId) : addresses;
  const bytes = new TextEncoder().encode(`email\n${list.join("\n")}\n`);
  await importContacts(designer, s, live.surveyId, { bytes, defaultLang: "en" });
  await sendInvitations(designer, s, live.surveyId);
  const tokens = new Map<string, string>();
  for (const address of addresses) {
    const [mail] = await mailTo(s, address);
    const token = mail?.text.match(/\/s\/[0-9a-f]{12}\/i\/([\w-]{22})/)?.[1];
    if (!token) throw new Error(`no invitation link for ${address}`);
    tokens.set(address, token);
  }
  return { live: { ...live, anonymous }, tokens };
}

async function submit(live: RespondentSurvey, resumeToken: string) {
  const found = await getResponseByToken(s.db, s.keyring, live, resumeToken);
  if (!found) throw new Error("no response");
  const page = { key: "p1", answers: {}, cleared: [], done: true };
  return saveResponsePage(s.db, s.keyring, live, found, page, true);
}

const contactOf = async (surveyId: string, address: string) =>
  (
    await s.db
      .select()
      .from(surveyContact)
      .where(
        and(
          eq(surveyContact.surveyId, surveyId),
          eq(surveyContact.emailHash, s.keyring.blindIndex(designer.orgId, address)),
        ),
      )
  )[0];

describe("an invitation link", () => {
  it("starts the contact's response once, resumes it, and then says it was answered", async () => {
    const { live, tokens } = await invitedSurvey("Link", ["ines@example.ca"]);
    const token = tokens.get("ines@example.ca") as string;
    expect(await findInvitation(s.db, secret(), live, "garbage")).toEqual({ kind: "unknown" });
    expect(await findInvitation(s.db, secret(), live, "A".repeat(22))).toEqual({ kind: "unknown" });
    expect(await findInvitation(s.db, secret(), live, token)).toEqual({ kind: "ready" });
    // Clicks in quick succession make one response. (On PostgreSQL, open the
    // pool's connections first, so that the starts really run side by side.)
    await Promise.all(Array.from({ length: 6 }, () => s.db.execute(sql`select pg_sleep(0.05)`)));
    const [first, ...others] = await Promise.all(
      Array.from({ length: 6 }, () => startInvitedResponse(s.db, secret(), live, token, "fr")),
    );
    expect(first).toMatchObject({ kind: "started" });
    for (const other of others) expect(other).toEqual(first);
    expect(await findInvitation(s.db, secret(), live, token)).toEqual(first);
    const rows = await s.db.select().from(response).where(eq(response.surveyId, live.surveyId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: "invitation", lang: "fr", status: "partial" });
    expect(rows[0]?.contactId).toBe((await contactOf(live.surveyId, "ines@example.ca"))?.id);

    const resume = first?.kind === "started" ? first.token : "";
    expect(await submit(live, resume)).toBe("submitted");
    expect(await findInvitation(s.db, secret(), live, token)).toEqual({ kind: "responded" });
    expect(await startInvitedResponse(s.db, secret(), live, token, "fr")).toEqual({ kind: "responded" });
    expect(await s.db.select().from(response).where(eq(response.surveyId, live.surveyId))).toHaveLength(1);
  });

  it("in an anonymous survey, keeps nothing that ties the submitted response to the contact", async () => {
    const { live, tokens } = await invitedSurvey("Anonymous", ["jo@example.ca"]);
    const started = await startInvitedResponse(s.db, secret(), live, tokens.get("jo@example.ca") as string, "en");
    if (started.kind !== "started") throw new Error("not started");
    const contact = await contactOf(live.surveyId, "jo@example.ca");
    await submit(live, started.token);
    const [row] = await s.db.select().from(response).where(eq(response.surveyId, live.surveyId));
    expect(row?.contactId).toBeNull();
    expect(JSON.stringify(row)).not.toContain(contact?.id as string);
    expect(await contactOf(live.surveyId, "jo@example.ca")).toMatchObject({ status: "responded", respondedAt: null });
    // Nor when, beyond the day (decision 0042).
    const day = `${calendarDay(new Date())}T12:00:00.000Z`;
    expect([row?.startedAt, row?.updatedAt, row?.submittedAt].map((d) => d?.toISOString())).toEqual([day, day, day]);
  });

  it("in a confidential survey, keeps who answered", async () => {
    const { live, tokens } = await invitedSurvey("Confidential", ["kim@example.ca"], false);
    const started = await startInvitedResponse(s.db, secret(), live, tokens.get("kim@example.ca") as string, "en");
    if (started.kind !== "started") throw new Error("not started");
    await submit(live, started.token);
    const contact = await contactOf(live.surveyId, "kim@example.ca");
    const [row] = await s.db.select().from(response).where(eq(response.surveyId, live.surveyId));
    expect(row?.contactId).toBe(contact?.id);
    expect(contact?.status).toBe("responded");
    expect(contact?.respondedAt).toBeInstanceOf(Date);
  });

  it("opens only its own survey", async () => {
    const { tokens } = await invitedSurvey("Own survey", ["lou@example.ca"]);
    const other = await publishedSurvey(designer, "Another survey");
    const token = tokens.get("lou@example.ca") as string;
    expect(await findInvitation(s.db, secret(), other, token)).toEqual({ kind: "unknown" });
    expect(await startInvitedResponse(s.db, secret(), other, token, "en")).toEqual({ kind: "unknown" });
    expect(await findSubscription(s.db, other, token)).toBe("unknown");
  });
});

describe("unsubscribing", () => {
  it("stops reminders, only on the button's post, and twice is the same as once", async () => {
    const { live, tokens } = await invitedSurvey("Unsubscribe", ["max@example.ca"]);
    await updateInvitationSettings(designer, live.surveyId, {
      reminders: { interval: 1, max: 1 },
      keepContacts: false,
    });
    const token = tokens.get("max@example.ca") as string;
    expect(await findSubscription(s.db, live, token)).toBe("subscribed");
    expect(await findSubscription(s.db, live, token)).toBe("subscribed");
    expect(await unsubscribeContact(s.db, live, token)).toBe("unsubscribed");
    expect(await unsubscribeContact(s.db, live, token)).toBe("unsubscribed");
    expect(await unsubscribeContact(s.db, live, "not-a-token")).toBe("unknown");
    expect((await contactOf(live.surveyId, "max@example.ca"))?.status).toBe("unsubscribed");
    await sendDueReminders(s, new Date(Date.now() + 3 * 24 * 60 * 60 * 1000));
    const mails = await mailTo(s, "max@example.ca");
    expect(mails.map((m) => m.template)).toEqual(["surveyInvitation"]);
  });

  it("leaves a response already given counted", async () => {
    const { live, tokens } = await invitedSurvey("Answered then unsubscribed", ["noa@example.ca"]);
    const token = tokens.get("noa@example.ca") as string;
    const started = await startInvitedResponse(s.db, secret(), live, token, "en");
    if (started.kind !== "started") throw new Error("not started");
    await submit(live, started.token);
    expect(await unsubscribeContact(s.db, live, token)).toBe("unsubscribed");
    expect((await contactOf(live.surveyId, "noa@example.ca"))?.status).toBe("responded");
  });
});
