import { sql } from "drizzle-orm";
import {
  boolean,
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
import type { PublishedDefinition, SurveyDefinition } from "./definition.ts";

// The question bank. Public CMT questions belong to the platform operator (the
// Institute) and are shared with everyone; an organization's own questions are
// private to it. A code never changes or gets reused, so results stay
// comparable across organizations and years.
export const bankQuestion = pgTable(
  "bank_question",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    code: text("code").notNull(),
    visibility: text("visibility", { enum: ["public", "private"] }).notNull(),
    status: text("status", { enum: ["active", "retired"] })
      .notNull()
      .default("active"),
    module: text("module").notNull(),
    core: boolean("core").notNull().default(false),
    type: text("type").notNull(),
    scale: text("scale"),
    options: jsonb("options").$type<{ code: string; en: string; fr: string }[]>(),
    min: integer("min"),
    max: integer("max"),
    textEn: text("text_en").notNull(),
    textFr: text("text_fr").notNull(),
    helpEn: text("help_en"),
    helpFr: text("help_fr"),
    channels: text("channels").array().notNull(),
    dimension: text("dimension"),
    driver: text("driver"),
    element: text("element").notNull(),
    variant: text("variant", { enum: ["citizen", "business", "both"] }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("bank_question_code_idx").on(t.code),
    index("bank_question_public_idx")
      .on(t.visibility, t.status)
      .where(sql`visibility = 'public'`),
  ],
);

// A survey. While a draft, its structure lives in `draft` and changes freely;
// publishing freezes a copy, with the questions' full wording, as the next
// survey_version, and every response will say which version it answered.
export const survey = pgTable(
  "survey",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    titleEn: text("title_en").notNull(),
    titleFr: text("title_fr").notNull(),
    serviceEn: text("service_en").notNull(),
    serviceFr: text("service_fr").notNull(),
    channels: text("channels").array().notNull(),
    variant: text("variant", { enum: ["citizen", "business"] }).notNull(),
    status: text("status", { enum: ["draft", "published", "closed"] })
      .notNull()
      .default("draft"),
    draft: jsonb("draft").$type<SurveyDefinition>().notNull(),
    draftChanged: boolean("draft_changed").notNull().default(true),
    publishedVersion: integer("published_version"),
    opensAt: timestamp("opens_at", { withTimezone: true }),
    closesAt: timestamp("closes_at", { withTimezone: true }),
    responseTarget: integer("response_target"),
    closingMessageEn: text("closing_message_en"),
    closingMessageFr: text("closing_message_fr"),
    /** The short key in the public link and QR code: /en/s/{publicKey}. */
    publicKey: text("public_key")
      .notNull()
      .default(sql`substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)`),
    /** Anonymous surveys never keep which invitation gave which response. */
    anonymous: boolean("anonymous").notNull().default(true),
    privacyNoticeEn: text("privacy_notice_en"),
    privacyNoticeFr: text("privacy_notice_fr"),
    /**
     * Months a response is kept as given: a complete one is then anonymized
     * (counted from its submission), a partial one deleted (from its start).
     */
    retentionMonths: integer("retention_months").notNull().default(24),
    /** Contact lists are deleted at closing unless the organization keeps them on purpose. */
    keepContacts: boolean("keep_contacts").notNull().default(false),
    /** Days after the invitation when non-respondents get a reminder; empty for none. */
    reminderDays: integer("reminder_days")
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("survey_org_status_idx").on(t.orgId, t.status),
    uniqueIndex("survey_public_key_idx").on(t.publicKey),
  ],
);

export const surveyVersion = pgTable(
  "survey_version",
  {
    orgId: uuid("org_id").notNull(),
    surveyId: uuid("survey_id").notNull(),
    version: integer("version").notNull(),
    definition: jsonb("definition").$type<PublishedDefinition>().notNull(),
    publishedBy: text("published_by"),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.surveyId, t.version] })],
);
