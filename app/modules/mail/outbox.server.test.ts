import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organization } from "#app/modules/identity/schema.ts";
import { createKeyring } from "#app/modules/privacy/keyring.server.ts";
import { mailTo, outboxMail } from "#tests/support/mail.ts";
import { startSmtpSink } from "#tests/support/smtp-sink.ts";
import { createTestServices } from "#tests/support/test-db.ts";
import { backgroundJobs } from "#app/modules/jobs/registry.server.ts";
import { deliverDueMail, enqueueMail, expireMail, findRecentMail, mailRetentionJob } from "./outbox.server.ts";
import { mailOutbox } from "./schema.ts";
import { smtpTransport } from "./worker.server.ts";

let s: Awaited<ReturnType<typeof createTestServices>>;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let orgId: string;
beforeAll(async () => {
  s = await createTestServices();
  sink = await startSmtpSink();
  const [org] = await s.db.select({ id: organization.id }).from(organization).limit(1);
  if (!org) throw new Error("no organization");
  orgId = org.id;
});
afterAll(() => sink.close());

const values = { name: "Léa", url: "http://localhost:3000/fr/verifier-courriel?token=abc" };
const DAY = 24 * 60 * 60 * 1000;

/** Every stored column of every row, as the database (and its WAL and backups) holds them. */
const rawOutbox = async () =>
  (await s.db.select({ row: sql<string>`row_to_json(${mailOutbox})::text` }).from(mailOutbox))
    .map((r) => r.row)
    .join("\n");

describe("mail outbox", () => {
  it("keeps no address and no part of a message in plain text", async () => {
    await enqueueMail(s.db, s.keyring, { to: "sealed.lea@example.ca", lang: "fr", template: "verifyEmail", values });
    await enqueueMail(s.db, s.keyring, {
      orgId,
      to: "sealed.max@example.ca",
      lang: "en",
      template: "invitation",
      values: { inviter: "Alex Martin", organization: "Citizen Services", url: "http://x/inv/tok", expires: "May 1" },
    });
    const raw = await rawOutbox();
    for (const secret of ["sealed.lea", "sealed.max", "example.ca", "Confirmez", "verifier-courriel", "Alex Martin"]) {
      expect(raw).not.toContain(secret);
    }
    const [lea] = await mailTo(s, "sealed.lea@example.ca");
    expect(lea).toMatchObject({ orgId: null, subject: "Confirmez votre adresse courriel pour Outside-In" });
    const [max] = await mailTo(s, "sealed.max@example.ca");
    expect(max?.orgId).toBe(orgId);
    expect(max?.text).toContain("Alex Martin");
    // Another master key opens neither: the platform's key is derived from the master key too.
    const stranger = createKeyring(randomBytes(32));
    await expect(findRecentMail(s.db, stranger)).rejects.toThrow();
    const recent = await findRecentMail(s.db, s.keyring);
    expect(recent.find((m) => m.toAddress === "sealed.max@example.ca")?.subject).toContain("Alex Martin");
  });

  it("opens and delivers queued messages over SMTP in the recipient's language", async () => {
    await enqueueMail(s.db, s.keyring, { to: "lea@example.ca", lang: "fr", template: "verifyEmail", values });
    const transport = smtpTransport(sink.url, "Outside-In <no-reply@example.ca>");
    expect(await deliverDueMail(s.db, s.keyring, transport)).toBeGreaterThanOrEqual(1);
    const mail = sink.received.find((m) => m.to.includes("lea@example.ca"));
    expect(mail?.to).toEqual(["lea@example.ca"]);
    expect(mail?.raw).toContain("Subject: Confirmez votre adresse courriel pour Outside-In");
    expect(mail?.raw).toContain("verifier-courriel?token=3Dabc");
    const [row] = await mailTo(s, "lea@example.ca");
    expect(row).toMatchObject({ status: "sent", attempts: 1 });
    expect(await deliverDueMail(s.db, s.keyring, transport)).toBe(0);
  });

  it("keeps nothing when the change that queued a message rolls back", async () => {
    await expect(
      s.db.transaction(async (tx) => {
        await enqueueMail(tx, s.keyring, { to: "ghost@example.ca", lang: "en", template: "verifyEmail", values });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await mailTo(s, "ghost@example.ca")).toEqual([]);
  });

  it("retries later when the mail server refuses, without losing the message", async () => {
    await enqueueMail(s.db, s.keyring, { to: "retry@example.ca", lang: "en", template: "resetPassword", values });
    sink.failNext(1);
    const transport = smtpTransport(sink.url, "Outside-In <no-reply@example.ca>");
    await deliverDueMail(s.db, s.keyring, transport);
    const [failed] = await mailTo(s, "retry@example.ca");
    expect(failed).toMatchObject({ status: "pending", attempts: 1 });
    expect(failed?.lastError).toMatch(/451/);
    expect(failed?.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    await s.db
      .update(mailOutbox)
      .set({ nextAttemptAt: new Date(0) })
      .where(eq(mailOutbox.id, failed?.id ?? ""));
    await deliverDueMail(s.db, s.keyring, transport);
    expect(sink.received.some((m) => m.to.includes("retry@example.ca"))).toBe(true);
  });

  it("holds messages when no mail server is configured, for the development mailbox", async () => {
    await enqueueMail(s.db, s.keyring, { to: "held@example.ca", lang: "en", template: "verifyEmail", values });
    await deliverDueMail(s.db, s.keyring, null);
    const recent = await findRecentMail(s.db, s.keyring);
    expect(recent.find((m) => m.toAddress === "held@example.ca")?.status).toBe("held");
  });

  it("deletes delivered messages after 7 days and failed ones after 30, from the periodic job", async () => {
    const now = Date.now();
    const message = (to: string) => ({ to, lang: "en" as const, template: "verifyEmail" as const, values });
    for (const to of ["old-sent@x.ca", "new-sent@x.ca", "old-held@x.ca", "old-failed@x.ca", "new-failed@x.ca"]) {
      await enqueueMail(s.db, s.keyring, message(to));
    }
    await enqueueMail(s.db, s.keyring, message("pending@x.ca"));
    const ids = new Map((await outboxMail(s)).map((m) => [m.toAddress, m.id]));
    const set = (to: string, values: Partial<typeof mailOutbox.$inferInsert>) =>
      s.db
        .update(mailOutbox)
        .set(values)
        .where(eq(mailOutbox.id, ids.get(to) ?? ""));
    await set("old-sent@x.ca", { status: "sent", sentAt: new Date(now - 8 * DAY) });
    await set("new-sent@x.ca", { status: "sent", sentAt: new Date(now - 6 * DAY) });
    await set("old-held@x.ca", { status: "held", createdAt: new Date(now - 8 * DAY) });
    await set("old-failed@x.ca", { status: "failed", createdAt: new Date(now - 31 * DAY) });
    await set("new-failed@x.ca", { status: "failed", createdAt: new Date(now - 20 * DAY) });
    await set("pending@x.ca", { createdAt: new Date(now - 60 * DAY), nextAttemptAt: new Date(now + DAY) });

    expect(backgroundJobs).toContain(mailRetentionJob);
    expect(await mailRetentionJob.run(s, new Date(now))).toBe(3);
    const left = (await outboxMail(s)).map((m) => m.toAddress).filter((a) => a.endsWith("@x.ca"));
    expect(left.sort()).toEqual(["new-failed@x.ca", "new-sent@x.ca", "pending@x.ca"]);
    expect(await expireMail(s.db, new Date(now))).toBe(0);
  });
});
