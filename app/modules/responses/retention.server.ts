// The end of a survey's retention period (decision 0013). A complete
// response is anonymized once, `retention_months` after it was submitted:
// its free text and everything that could lead back to a person go, its
// coded answers stay for aggregates and trends. A partial response is
// deleted `retention_months` after it was started.
import { and, count, eq, gt, inArray, type SQL, sql } from "drizzle-orm";
import { recordAudit } from "#app/modules/identity/audit.server.ts";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import type { PeriodicJob } from "#app/modules/jobs/scheduler.server.ts";
import { survey } from "#app/modules/measure/schema.ts";
import type { Db } from "#db/client.ts";
import { response } from "./schema.ts";

/** Rows changed per transaction: short enough never to hold locks for long. */
export const RETENTION_BATCH_SIZE = 1000;

/** `at` minus a survey's retention period, computed by PostgreSQL's calendar (31 March − 1 month = 28 or 29 February). */
const monthsBefore = (at: Date, months: SQL | number) =>
  sql`(${at.toISOString()}::timestamptz - make_interval(months => ${months}::int))`;

const submittedBefore = (cutoff: SQL) =>
  sql`(${response.status} = 'complete' and ${response.anonymizedAt} is null and ${response.submittedAt} < ${cutoff})`;
const startedBefore = (cutoff: SQL) => sql`(${response.status} = 'partial' and ${response.startedAt} < ${cutoff})`;

/** Only the sealed answers (free text) are objects; every other answer is a code, codes or a number. */
const withoutFreeText = sql`(select coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb)
  from jsonb_each(${response.answers}) as e where jsonb_typeof(e.value) <> 'object')`;

interface DueSurvey {
  orgId: string;
  id: string;
  retentionMonths: number;
}

const systemActor = (orgId: string) => ({ orgId, userId: null, email: null });

/** The next batch of a survey's responses that `which` selects, in id order after `after`, skipping rows another run holds. */
const nextBatch = (tx: Db, s: DueSurvey, which: SQL, after: string | null, batchSize: number) =>
  tx
    .select({ id: response.id })
    .from(response)
    .where(
      and(eq(response.orgId, s.orgId), eq(response.surveyId, s.id), after ? gt(response.id, after) : undefined, which),
    )
    .orderBy(response.id)
    .limit(batchSize)
    .for("update", { skipLocked: true });

interface Step {
  which: (cutoff: SQL) => SQL;
  apply: (tx: Db, s: DueSurvey, due: ReturnType<typeof nextBatch>, now: Date) => Promise<{ id: string }[]>;
  action: "responses.anonymized" | "responses.partials_expired";
}

const anonymize: Step = {
  which: submittedBefore,
  apply: (tx, s, due, now) =>
    tx
      .update(response)
      .set({
        answers: withoutFreeText,
        contactId: null,
        enteredBy: null,
        resumeHash: null,
        startKey: null,
        idempotencyKey: null,
        anonymizedAt: now,
      })
      .where(and(eq(response.orgId, s.orgId), inArray(response.id, due)))
      .returning({ id: response.id }),
  action: "responses.anonymized",
};

const expire: Step = {
  which: startedBefore,
  apply: (tx, s, due) =>
    tx
      .delete(response)
      .where(and(eq(response.orgId, s.orgId), inArray(response.id, due)))
      .returning({ id: response.id }),
  action: "responses.partials_expired",
};

/**
 * Applies one step to a survey's due responses, one transaction per batch,
 * each audited with its count. Batches walk forward by id, so each reads
 * only rows it has not passed yet. Returns how many responses it changed.
 */
async function inBatches(db: Db, s: DueSurvey, step: Step, now: Date, batchSize: number): Promise<number> {
  const which = step.which(monthsBefore(now, s.retentionMonths));
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const from = after;
    const ids = await db.transaction(async (tx) => {
      const done = await step.apply(tx, s, nextBatch(tx, s, which, from, batchSize), now);
      if (done.length > 0) {
        await recordAudit(tx, systemActor(s.orgId), {
          action: step.action,
          targetType: "survey",
          targetId: s.id,
          after: { count: done.length, retentionMonths: s.retentionMonths },
        });
      }
      return done.map((r) => r.id);
    });
    total += ids.length;
    // A short batch means nothing is left, or another run holds the rest and will do it.
    if (ids.length < batchSize) return total;
    // Lowercase UUIDs sort as text the way PostgreSQL sorts them.
    after = ids.reduce((a, b) => (a > b ? a : b));
  }
}

/**
 * Applies every survey's retention period as of `now`. Safe to run again
 * (what is done is no longer due) and alongside another run (each batch
 * skips rows another transaction has locked).
 */
export async function applyRetention(db: Db, now: Date, batchSize = RETENTION_BATCH_SIZE) {
  const cutoff = monthsBefore(now, sql`${survey.retentionMonths}`);
  const due = await db
    .select({ orgId: survey.orgId, id: survey.id, retentionMonths: survey.retentionMonths })
    .from(survey)
    .where(
      sql`exists (select 1 from ${response} where ${response.orgId} = ${survey.orgId} and ${response.surveyId} = ${survey.id}
        and (${submittedBefore(cutoff)} or ${startedBefore(cutoff)}))`,
    );
  let anonymized = 0;
  let deleted = 0;
  for (const s of due) {
    anonymized += await inBatches(db, s, anonymize, now, batchSize);
    deleted += await inBatches(db, s, expire, now, batchSize);
  }
  return { anonymized, deleted };
}

export const retentionJob: PeriodicJob = {
  name: "retention",
  everyMs: 60 * 60 * 1000,
  async run(services, now) {
    const { anonymized, deleted } = await applyRetention(services.db, now);
    return anonymized + deleted;
  },
};

/** What retention has done to a survey and when it will act next, for its settings page. */
export async function getRetentionStatus(ctx: TenantCtx, s: { id: string; retentionMonths: number }) {
  assertCan(ctx, "results.view");
  const after = (column: SQL) => sql`(${column} + make_interval(months => ${s.retentionMonths}::int))`;
  const [row] = await ctx.db
    .select({
      anonymized: count(response.anonymizedAt),
      nextAnonymization:
        sql`min(${after(sql`${response.submittedAt}`)}) filter (where ${response.status} = 'complete' and ${response.anonymizedAt} is null)`.mapWith(
          response.submittedAt,
        ),
      nextPartialDeletion:
        sql`min(${after(sql`${response.startedAt}`)}) filter (where ${response.status} = 'partial')`.mapWith(
          response.startedAt,
        ),
    })
    .from(response)
    .where(and(eq(response.orgId, ctx.orgId), eq(response.surveyId, s.id)));
  return {
    anonymized: row?.anonymized ?? 0,
    nextAnonymization: (row?.nextAnonymization as Date | null) ?? null,
    nextPartialDeletion: (row?.nextPartialDeletion as Date | null) ?? null,
  };
}
