// Survey invitations at the largest upload allowed: reads a CSV of N contacts,
// adds them, sends the invitations and one round of reminders on an in-memory
// PGlite, printing the time of each step.
//   node bench/invitations.ts
//   BENCH_CONTACTS=5000 node bench/invitations.ts
import { randomBytes } from "node:crypto";
import { prepareDatabase } from "#app/modules/platform/services.server.ts";
import { loadSettings } from "#app/modules/platform/settings.server.ts";
import { createKeyring } from "#app/modules/privacy/keyring.server.ts";
import { readContactFile } from "#app/modules/responses/contact-file.ts";
import { importContacts, updateInvitationSettings } from "#app/modules/responses/contacts.server.ts";
import { sendDueReminders, sendInvitations } from "#app/modules/responses/invitations.server.ts";
import { createDb } from "#db/client.ts";
import { benchDesigner, publishBenchSurvey } from "./support/bench-survey.ts";

const N = Number(process.env.BENCH_CONTACTS ?? 50_000);

const handle = createDb({ databaseUrl: "memory:" });
await handle.migrate();
await prepareDatabase(handle.db);
const settings = loadSettings({
  NODE_ENV: "test",
  DATABASE_URL: "memory:",
  AUTH_SECRET: randomBytes(32).toString("hex"),
  BASE_URL: "http://localhost:3000",
});
const services = { db: handle.db, settings, keyring: createKeyring(settings.encryptionKey) };
const ctx = await benchDesigner(handle.db);
const surveyId = await publishBenchSurvey(ctx);
await updateInvitationSettings(ctx, surveyId, { reminders: { interval: 7, max: 2 }, keepContacts: false });

const rows = Array.from({ length: N }, (_, i) => `person.${i}@example.ca,${i % 3 ? "en" : "fr"}`);
const bytes = new TextEncoder().encode(`email,language\n${rows.join("\n")}\n`);
console.log(`${N} contacts, ${(bytes.length / 1024 / 1024).toFixed(1)} MB of CSV`);

async function timed<T>(label: string, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.log(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

await timed("read the file", () => readContactFile(bytes, "en"));
await timed("read, seal and add", () => importContacts(ctx, services, surveyId, { bytes, defaultLang: "en" }));
await timed("send the invitations (queue every message)", () => sendInvitations(ctx, services, surveyId));
const reminded = await timed("first reminders, 8 days later", () =>
  sendDueReminders(services, new Date(Date.now() + 8 * 24 * 60 * 60 * 1000)),
);
console.log(`reminders queued: ${reminded}`);
await handle.close();
