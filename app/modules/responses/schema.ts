import { sql } from "drizzle-orm";
import {
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { organization } from "#app/modules/identity/schema.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { responseChannels, responseStatuses } from "./statuses.ts";

/** A stored answer: a scale point or code, several codes, a number, or sealed free text. */
export type StoredAnswer = number | string | string[] | { sealed: string };
export type StoredAnswers = Record<string, StoredAnswer>;

// One response to one version of a survey. While partial, each page's answers
// are saved as the respondent moves on; once complete it never changes again
// (a trigger in the migration enforces it) except once, to be anonymized at
// the end of the survey's retention period.
export const response = pgTable(
  "response",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    surveyId: uuid("survey_id").notNull(),
    version: integer("version").notNull(),
    status: text("status", { enum: responseStatuses }).notNull(),
    channel: text("channel", { enum: responseChannels }).notNull(),
    lang: text("lang", { enum: ["en", "fr"] }).notNull(),
    /** SHA-256 of the resume token; the token itself is only ever in the respondent's hands. */
    resumeHash: text("resume_hash"),
    /** Makes "start" idempotent: the start form carries a one-off key. */
    startKey: text("start_key"),
    /** For imports and the API: a retried batch finds its rows instead of adding them again. */
    idempotencyKey: text("idempotency_key"),
    /** Pages the respondent has completed, by key, in order. */
    pagesDone: text("pages_done")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    answers: jsonb("answers").$type<StoredAnswers>().notNull().default({}),
    /** Cleared on submit when the survey is anonymous, and at the end of retention. */
    contactId: uuid("contact_id"),
    /** The staff member keying in a paper or telephone response; cleared like contact_id. */
    enteredBy: text("entered_by"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    anonymizedAt: timestamp("anonymized_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.surveyId], foreignColumns: [survey.orgId, survey.id] }).onDelete("cascade"),
    index("response_survey_idx").on(t.orgId, t.surveyId, t.status),
    // Exports and analysis read a survey's responses in id order, in batches.
    index("response_survey_order_idx").on(t.orgId, t.surveyId, t.id),
    uniqueIndex("response_resume_idx").on(t.resumeHash),
    uniqueIndex("response_start_idx").on(t.orgId, t.surveyId, t.startKey),
    uniqueIndex("response_idempotency_idx").on(t.orgId, t.surveyId, t.idempotencyKey),
  ],
);

// A person invited by e-mail. Kept apart from answers: the address is sealed
// with the organization's data key, and an anonymous survey forgets which
// contact gave which response as soon as it is submitted.
export const surveyContact = pgTable(
  "survey_contact",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    surveyId: uuid("survey_id").notNull(),
    emailSealed: text("email_sealed").notNull(),
    /** Keyed hash of the address, to refuse duplicates without reading it. */
    emailHash: text("email_hash").notNull(),
    lang: text("lang", { enum: ["en", "fr"] }).notNull(),
    tokenHash: text("token_hash").notNull(),
    status: text("status", { enum: ["pending", "invited", "responded", "unsubscribed"] })
      .notNull()
      .default("pending"),
    invitedAt: timestamp("invited_at", { withTimezone: true }),
    remindersSent: integer("reminders_sent").notNull().default(0),
    lastRemindedAt: timestamp("last_reminded_at", { withTimezone: true }),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.surveyId], foreignColumns: [survey.orgId, survey.id] }).onDelete("cascade"),
    uniqueIndex("survey_contact_email_idx").on(t.orgId, t.surveyId, t.emailHash),
    uniqueIndex("survey_contact_token_idx").on(t.tokenHash),
  ],
);

// A token for the ingestion API, shown once; only its hash is kept.
export const apiToken = pgTable(
  "api_token",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), uniqueIndex("api_token_hash_idx").on(t.tokenHash)],
);
