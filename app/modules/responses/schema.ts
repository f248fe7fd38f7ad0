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
    // No foreign key of its own to the organization: the one to the survey
    // (which has it) says as much, and each costs a lookup per inserted row.
    orgId: uuid("org_id").notNull(),
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
    // Each key is set on some responses only (web, staff, import or API): the
    // indexes leave out the rest, which keeps them small and bulk inserts cheaper.
    uniqueIndex("response_resume_idx")
      .on(t.resumeHash)
      .where(sql`resume_hash IS NOT NULL`),
    uniqueIndex("response_start_idx")
      .on(t.orgId, t.surveyId, t.startKey)
      .where(sql`start_key IS NOT NULL`),
    uniqueIndex("response_idempotency_idx")
      .on(t.orgId, t.surveyId, t.idempotencyKey)
      .where(sql`idempotency_key IS NOT NULL`),
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

// A token for the API, shown once; only its hash is kept. It reaches only the
// endpoints of its scopes, until it expires, and only while its creator is
// still a member who could make it.
export const apiToken = pgTable(
  "api_token",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    scopes: text("scopes").array().notNull(),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), uniqueIndex("api_token_hash_idx").on(t.tokenHash)],
);

// A file being imported, parsed once and staged until it is committed or
// expires. What came from the file (rows, the values found in each column,
// the recoding of those values, the dry run's report) is sealed with the
// organization's data key: it may hold free text, like the responses it
// becomes. The mapping of columns to questions is not personal and stays
// readable.
export const responseImport = pgTable(
  "response_import",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    surveyId: uuid("survey_id").notNull(),
    status: text("status", { enum: ["staged", "committed"] })
      .notNull()
      .default("staged"),
    format: text("format", { enum: ["csv", "xlsx"] }).notNull(),
    /** How the file was read: the text encoding and delimiter of a CSV. */
    encoding: text("encoding"),
    delimiter: text("delimiter"),
    header: text("header").array().notNull(),
    /** The spreadsheet row of the header: data rows follow it, blank ones included. */
    headerRow: integer("header_row").notNull(),
    /** Rows after the header, blank ones included, and those with something in them. */
    rowCount: integer("row_count").notNull(),
    filledRows: integer("filled_rows").notNull(),
    /** Sealed JSON: each column's distinct values and how often they occur. */
    profile: text("profile").notNull(),
    mapping: jsonb("mapping").$type<ImportMapping>(),
    /** Sealed JSON: question code → value found in the file → answer code ("" for missing). */
    recoding: text("recoding"),
    /** Sealed JSON: the dry run of the current file, mapping and recoding. */
    report: text("report"),
    errorCount: integer("error_count"),
    imported: integer("imported"),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    committedAt: timestamp("committed_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.surveyId], foreignColumns: [survey.orgId, survey.id] }).onDelete("cascade"),
    index("response_import_survey_idx").on(t.orgId, t.surveyId, t.createdAt),
    index("response_import_expiry_idx").on(t.expiresAt),
  ],
);

/** Which question (or response attribute) each column of an import feeds. */
export interface ImportMapping {
  version: number;
  /** One target per column: "ignore", "lang", "submittedAt" or "q:<question code>". */
  columns: string[];
  /** The language of responses whose row names none. */
  defaultLang: "en" | "fr";
}

// A staged file's rows, a thousand to a chunk, each chunk one sealed JSON
// array of rows (arrays of cell texts): rows are only ever read in order, as
// a whole, so one row per database row would only cost time.
export const responseImportChunk = pgTable(
  "response_import_chunk",
  {
    orgId: uuid("org_id").notNull(),
    importId: uuid("import_id").notNull(),
    chunk: integer("chunk").notNull(),
    rows: text("rows").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.importId, t.chunk] }),
    foreignKey({
      columns: [t.orgId, t.importId],
      foreignColumns: [responseImport.orgId, responseImport.id],
    }).onDelete("cascade"),
  ],
);

// What an API request with an Idempotency-Key did, so that a retry gets the
// same answer and the same key with another body is refused.
export const apiIdempotency = pgTable(
  "api_idempotency",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    /** SHA-256 of the survey and the request body. */
    requestHash: text("request_hash").notNull(),
    status: integer("status").notNull(),
    body: jsonb("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.key] }), index("api_idempotency_created_idx").on(t.createdAt)],
);
