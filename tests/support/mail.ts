import { asc } from "drizzle-orm";
import { mailOutbox } from "#app/modules/mail/schema.ts";
import type { Keyring } from "#app/modules/privacy/keyring.server.ts";
import type { Db } from "#db/client.ts";

/** Every message in the outbox, oldest first, address and content opened as the worker opens them. */
export async function outboxMail(s: { db: Db; keyring: Keyring }) {
  const rows = await s.db.select().from(mailOutbox).orderBy(asc(mailOutbox.createdAt));
  return Promise.all(
    rows.map(async (row) => {
      const sealer = row.orgId ? await s.keyring.forOrg(s.db, row.orgId) : s.keyring.forPlatform();
      const content = JSON.parse(sealer.open(row.contentSealed)) as { subject: string; text: string; html: string };
      return { ...row, toAddress: sealer.open(row.toSealed), ...content };
    }),
  );
}

/** The messages to one address, oldest first. */
export async function mailTo(s: { db: Db; keyring: Keyring }, ...addresses: string[]) {
  return (await outboxMail(s)).filter((m) => addresses.includes(m.toAddress));
}
