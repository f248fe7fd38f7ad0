import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "#db/client.ts";
import { startSmtpSink } from "#tests/support/smtp-sink.ts";
import { createTestDb } from "#tests/support/test-db.ts";
import { deliverDueMail, enqueueMail, findRecentMail } from "./outbox.server.ts";
import { mailOutbox } from "./schema.ts";
import { smtpTransport } from "./worker.server.ts";

let handle: DbHandle;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
beforeAll(async () => {
  handle = await createTestDb();
  sink = await startSmtpSink();
});
afterAll(() => sink.close());

const values = { name: "Léa", url: "http://localhost:3000/fr/verifier-courriel?token=abc" };

describe("mail outbox", () => {
  it("delivers queued messages over SMTP in the recipient's language", async () => {
    await enqueueMail(handle.db, { to: "lea@example.ca", lang: "fr", template: "verifyEmail", values });
    const transport = smtpTransport(sink.url, "Outside-In <no-reply@example.ca>");
    expect(await deliverDueMail(handle.db, transport)).toBe(1);
    const mail = sink.received.at(-1);
    expect(mail?.to).toEqual(["lea@example.ca"]);
    expect(mail?.raw).toContain("Subject: Confirmez votre adresse courriel pour Outside-In");
    expect(mail?.raw).toContain("verifier-courriel?token=3Dabc");
    const [row] = await handle.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, "lea@example.ca"));
    expect(row).toMatchObject({ status: "sent", attempts: 1 });
    expect(await deliverDueMail(handle.db, transport)).toBe(0);
  });

  it("keeps nothing when the change that queued a message rolls back", async () => {
    await expect(
      handle.db.transaction(async (tx) => {
        await enqueueMail(tx, { to: "ghost@example.ca", lang: "en", template: "verifyEmail", values });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    const rows = await handle.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, "ghost@example.ca"));
    expect(rows).toEqual([]);
  });

  it("retries later when the mail server refuses, without losing the message", async () => {
    await enqueueMail(handle.db, { to: "retry@example.ca", lang: "en", template: "resetPassword", values });
    sink.failNext(1);
    const transport = smtpTransport(sink.url, "Outside-In <no-reply@example.ca>");
    await deliverDueMail(handle.db, transport);
    const [failed] = await handle.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, "retry@example.ca"));
    expect(failed).toMatchObject({ status: "pending", attempts: 1 });
    expect(failed?.lastError).toMatch(/451/);
    expect(failed?.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    await handle.db
      .update(mailOutbox)
      .set({ nextAttemptAt: new Date(0) })
      .where(eq(mailOutbox.toAddress, "retry@example.ca"));
    await deliverDueMail(handle.db, transport);
    expect(sink.received.some((m) => m.to.includes("retry@example.ca"))).toBe(true);
  });

  it("holds messages when no mail server is configured, for the development mailbox", async () => {
    await enqueueMail(handle.db, { to: "held@example.ca", lang: "en", template: "verifyEmail", values });
    await deliverDueMail(handle.db, null);
    const recent = await findRecentMail(handle.db);
    expect(recent.find((m) => m.toAddress === "held@example.ca")?.status).toBe("held");
  });
});
