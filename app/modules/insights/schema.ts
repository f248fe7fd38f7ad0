import {
  bigint,
  date,
  foreignKey,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { organization } from "#app/modules/identity/schema.ts";
import { survey } from "#app/modules/measure/schema.ts";
import type { Margins } from "#app/stats/rake.ts";

// How a survey's results are weighted: population margins per variable
// (a question code, or "lang" / "channel"), each category's share of the
// population. Results rake the complete responses to them; no row means
// unweighted results.
export const surveyWeighting = pgTable(
  "survey_weighting",
  {
    orgId: uuid("org_id").notNull(),
    surveyId: uuid("survey_id").notNull(),
    margins: jsonb("margins").$type<Margins>().notNull(),
    updatedBy: text("updated_by"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.surveyId] }),
    foreignKey({ columns: [t.orgId, t.surveyId], foreignColumns: [survey.orgId, survey.id] }).onDelete("cascade"),
  ],
);

// An organization that shares its aggregates with peers, and so may see
// where it stands among them. No row: it neither shares nor sees.
export const benchmarkParticipation = pgTable("benchmark_participation", {
  orgId: uuid("org_id")
    .primaryKey()
    .references(() => organization.id, { onDelete: "cascade" }),
  optedInBy: text("opted_in_by"),
  optedInAt: timestamp("opted_in_at", { withTimezone: true }).notNull().defaultNow(),
});

// A survey's place in benchmarking: the kind of service it measures (peers
// are surveys of the same order of government, service type and channel).
export const surveyBenchmark = pgTable(
  "survey_benchmark",
  {
    orgId: uuid("org_id").notNull(),
    surveyId: uuid("survey_id").notNull(),
    serviceType: text("service_type").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.surveyId] }),
    foreignKey({ columns: [t.orgId, t.surveyId], foreignColumns: [survey.orgId, survey.id] }).onDelete("cascade"),
  ],
);

// The peer-set register: every peer set already shown to an organization for
// a question, so that no new one lets it isolate a group under 5 by
// differencing (app/stats/peer-sets.ts). Members are organization ids; they
// never leave the server.
export const benchmarkDisclosure = pgTable(
  "benchmark_disclosure",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    questionCode: text("question_code").notNull(),
    /** SHA-256 of the sorted member ids: the same set is registered once. */
    setHash: text("set_hash").notNull(),
    members: uuid("members").array().notNull(),
    shownAt: timestamp("shown_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.questionCode, t.setHash] })],
);

// A revocable read-only link to a survey's results. Only the token's hash is
// kept; the questions listed in `excluded` (e.g. free text) never show.
export const resultsShareLink = pgTable(
  "results_share_link",
  {
    orgId: uuid("org_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    surveyId: uuid("survey_id").notNull(),
    label: text("label").notNull(),
    tokenHash: text("token_hash").notNull(),
    excluded: text("excluded").array().notNull(),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastViewedAt: timestamp("last_viewed_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.surveyId], foreignColumns: [survey.orgId, survey.id] }).onDelete("cascade"),
    uniqueIndex("results_share_link_token_idx").on(t.tokenHash),
  ],
);

// A member who gets the survey's report by e-mail after each wave, in their
// language and the formats they chose.
export const reportSubscription = pgTable(
  "report_subscription",
  {
    orgId: uuid("org_id").notNull(),
    surveyId: uuid("survey_id").notNull(),
    userId: text("user_id").notNull(),
    lang: text("lang", { enum: ["en", "fr"] }).notNull(),
    formats: text("formats").array().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.surveyId, t.userId] }),
    foreignKey({ columns: [t.orgId, t.surveyId], foreignColumns: [survey.orgId, survey.id] }).onDelete("cascade"),
  ],
);

// Each wave's report is sent once: the job claims (survey, wave) by inserting
// this row in the transaction that queues the messages.
export const reportDelivery = pgTable(
  "report_delivery",
  {
    orgId: uuid("org_id").notNull(),
    surveyId: uuid("survey_id").notNull(),
    /** The wave: e.g. "v3" when version 3 stopped collecting, "closed" when the survey closed. */
    wave: text("wave").notNull(),
    recipients: integer("recipients").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.surveyId, t.wave] }),
    foreignKey({ columns: [t.orgId, t.surveyId], foreignColumns: [survey.orgId, survey.id] }).onDelete("cascade"),
  ],
);

// Pre-aggregated results (decision 0015): per survey × version × month ×
// channel × language, the count of each rating 1–5 per question, and the
// moments of the driver model. Triggers on `response` keep them in step in the
// transaction that submits, imports or deletes a response (migration 0004), so
// they are never stale and survive the raw responses' retention.
const cellKey = {
  orgId: uuid("org_id").notNull(),
  surveyId: uuid("survey_id").notNull(),
  version: integer("version").notNull(),
  /** First day of the month of submission, UTC. */
  month: date("month").notNull(),
  channel: text("channel").notNull(),
  lang: text("lang").notNull(),
};

/** Complete responses giving `rating` to question `code`; code "*" with rating 0 counts every complete response. */
export const insightRatingCell = pgTable(
  "insight_rating_cell",
  { ...cellKey, code: text("code").notNull(), rating: smallint("rating").notNull(), n: integer("n").notNull() },
  (t) => [
    primaryKey({
      name: "insight_rating_cell_pk",
      columns: [t.orgId, t.surveyId, t.version, t.month, t.channel, t.lang, t.code, t.rating],
    }),
    foreignKey({ columns: [t.orgId, t.surveyId], foreignColumns: [survey.orgId, survey.id] }).onDelete("cascade"),
  ],
);

/**
 * Σ x_j·x_k over the complete responses that rated overall satisfaction and
 * every CMT core driver, x_0 = 1 and x_1… the ratings in the order of
 * `CELL_MODEL` (cells.ts):
 * (0,0) is the count, (j,0) the sums, the rest the cross-products (k ≤ j).
 */
export const insightMomentCell = pgTable(
  "insight_moment_cell",
  { ...cellKey, j: smallint("j").notNull(), k: smallint("k").notNull(), s: bigint("s", { mode: "number" }).notNull() },
  (t) => [
    primaryKey({
      name: "insight_moment_cell_pk",
      columns: [t.orgId, t.surveyId, t.version, t.month, t.channel, t.lang, t.j, t.k],
    }),
    foreignKey({ columns: [t.orgId, t.surveyId], foreignColumns: [survey.orgId, survey.id] }).onDelete("cascade"),
  ],
);
