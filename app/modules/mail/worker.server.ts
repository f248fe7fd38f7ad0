import nodemailer from "nodemailer";
import type { Keyring } from "#app/modules/privacy/keyring.server.ts";
import type { Db } from "#db/client.ts";
import { deliverDueMail, type MailTransport } from "./outbox.server.ts";

export function smtpTransport(smtpUrl: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      await transporter.sendMail({ from, ...mail });
    },
  };
}

/** Polls the outbox until stopped. Returns a function that stops it. */
export function startMailWorker(
  services: { db: Db; keyring: Keyring },
  transport: MailTransport | null,
  intervalMs = 1000,
): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = async () => {
    if (stopped) return;
    running = deliverDueMail(services.db, services.keyring, transport).catch((error: unknown) => {
      console.warn("mail worker:", error instanceof Error ? error.message : error);
    });
    await running;
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  let timer = setTimeout(tick, 0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
