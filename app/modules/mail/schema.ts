import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organization } from "#app/modules/identity/schema.ts";

// The outbox: a message is written in the same transaction as the change that
// causes it, and a worker delivers it. Rendered at enqueue time so the worker
// needs nothing but the row and the keyring. The address and the rendered
// message are sealed (decision 0041): with the organization's data key when
// the message is the organization's, with the platform's key otherwise
// (sign-up and password messages). Delivered messages are deleted after a
// short retention.
export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Whose key sealed the message; null: the platform's. */
    orgId: uuid("org_id").references(() => organization.id, { onDelete: "cascade" }),
    /** The survey an invitation or reminder is about: deleting its contacts deletes these. */
    surveyId: uuid("survey_id"),
    toSealed: text("to_sealed").notNull(),
    /** Sealed JSON of the subject, plain text and HTML. */
    contentSealed: text("content_sealed").notNull(),
    locale: text("locale").notNull(),
    template: text("template").notNull(),
    status: text("status", { enum: ["pending", "sent", "held", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("mail_outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("mail_outbox_survey_idx").on(t.orgId, t.surveyId),
    index("mail_outbox_created_idx").on(t.createdAt),
  ],
);
