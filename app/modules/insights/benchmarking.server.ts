// Benchmarking: where an organization's survey stands among its peers on the
// CMT core questions. Peers are other organizations that opted in, of the same
// order of government, whose surveys measure the same service type on a shared
// channel. Their responses are reduced to one mean per organization and
// question in the database; only those aggregates reach this process, and only
// the number of peers and their quartiles leave it, with the survey's own score
// placed against those quartiles — never a name, nor anything (a rank among
// peers) that moves as the survey's own score crosses one peer's (decision 0039).
// The viewing organization is never among its own peers, so nothing it does to
// its own responses moves the figures it is shown.
//
// The differencing guard (app/stats/peer-sets.ts) needs the peer sets already
// shown to the viewing organization: the register, benchmark_disclosure. It is
// read and written in one transaction, under a lock on the viewer's
// participation row, so two requests at once cannot both add a set that is
// safe alone but unsafe together.
import { createHash } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { auditActor, recordAudit } from "#app/modules/identity/audit.server.ts";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import { organization } from "#app/modules/identity/schema.ts";
import { cmtBank } from "#app/modules/measure/cmt-bank.ts";
import { survey } from "#app/modules/measure/schema.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import { response } from "#app/modules/responses/schema.ts";
import { type Benchmark, benchmarkQuestion, eligiblePeerSet, type PeerScore } from "#app/stats/benchmark.ts";
import type { PeerSet } from "#app/stats/peer-sets.ts";
import type { Db } from "#db/client.ts";
import { benchmarkDisclosure, benchmarkParticipation, surveyBenchmark } from "./schema.ts";
import { isServiceType, type ServiceType } from "./service-types.ts";

/** The CMT core questions on the 1–5 scale: locked in every survey, so comparable across organizations. */
export const benchmarkQuestions = cmtBank
  .filter((q) => q.core && q.type === "scale5")
  .map((q) => ({ code: q.code, textEn: q.text.en, textFr: q.text.fr, element: q.element }));

export interface BenchmarkItem {
  code: string;
  textEn: string;
  textFr: string;
  element: string;
  /** The survey's own valid responses to the question and their mean score (0–100). */
  n: number;
  own: number | null;
  result: Benchmark | { status: "no-responses" };
}

export type SurveyBenchmark =
  | { status: "not-participating" }
  | { status: "no-service-type" }
  | { status: "ready"; serviceType: ServiceType; items: BenchmarkItem[] };

const isUuid = (value: string) => z.uuid().safeParse(value).success;

/** Whether the organization shares its aggregates (and so sees benchmarks), and since when. */
export async function getBenchmarkParticipation(ctx: TenantCtx): Promise<{ optedInAt: Date } | null> {
  assertCan(ctx, "org.view");
  const [row] = await ctx.db
    .select({ optedInAt: benchmarkParticipation.optedInAt })
    .from(benchmarkParticipation)
    .where(eq(benchmarkParticipation.orgId, ctx.orgId));
  return row ?? null;
}

/** Opts the organization in; does nothing if it already is. */
export async function optInToBenchmarking(ctx: TenantCtx): Promise<void> {
  assertCan(ctx, "org.settings.manage");
  await ctx.db.transaction(async (tx) => {
    const added = await tx
      .insert(benchmarkParticipation)
      .values({ orgId: ctx.orgId, optedInBy: ctx.userId })
      .onConflictDoNothing()
      .returning({ orgId: benchmarkParticipation.orgId });
    if (added.length === 0) return;
    await recordAudit(tx, auditActor(ctx), {
      action: "benchmark.opted_in",
      targetType: "organization",
      targetId: ctx.orgId,
    });
  });
}

/**
 * Opts the organization out: from now on its responses count for no one and it
 * sees no benchmark. Its register is kept: should it opt in again, what it was
 * shown before still limits what it may be shown.
 */
export async function optOutOfBenchmarking(ctx: TenantCtx): Promise<void> {
  assertCan(ctx, "org.settings.manage");
  await ctx.db.transaction(async (tx) => {
    const removed = await tx
      .delete(benchmarkParticipation)
      .where(eq(benchmarkParticipation.orgId, ctx.orgId))
      .returning({ orgId: benchmarkParticipation.orgId });
    if (removed.length === 0) return;
    await recordAudit(tx, auditActor(ctx), {
      action: "benchmark.opted_out",
      targetType: "organization",
      targetId: ctx.orgId,
    });
  });
}

async function assertSurvey(db: Db, orgId: string, surveyId: string) {
  if (!isUuid(surveyId)) throw new AppError("NotFound");
  const [row] = await db
    .select({ id: survey.id, channels: survey.channels })
    .from(survey)
    .where(and(eq(survey.orgId, orgId), eq(survey.id, surveyId)));
  if (!row) throw new AppError("NotFound");
  return row;
}

/** The survey's service type, or null when none is set yet. */
export async function getSurveyServiceType(ctx: TenantCtx, surveyId: string): Promise<ServiceType | null> {
  assertCan(ctx, "results.view");
  await assertSurvey(ctx.db, ctx.orgId, surveyId);
  const [row] = await ctx.db
    .select({ serviceType: surveyBenchmark.serviceType })
    .from(surveyBenchmark)
    .where(and(eq(surveyBenchmark.orgId, ctx.orgId), eq(surveyBenchmark.surveyId, surveyId)));
  return row && isServiceType(row.serviceType) ? row.serviceType : null;
}

/** Says which kind of service the survey measures, for its peers to be found. */
export async function setSurveyServiceType(ctx: TenantCtx, surveyId: string, serviceType: string): Promise<void> {
  assertCan(ctx, "surveys.design");
  if (!isServiceType(serviceType)) throw new AppError("Invalid", "benchmark.errors.serviceType");
  await ctx.db.transaction(async (tx) => {
    await assertSurvey(tx, ctx.orgId, surveyId);
    const [before] = await tx
      .select({ serviceType: surveyBenchmark.serviceType })
      .from(surveyBenchmark)
      .where(and(eq(surveyBenchmark.orgId, ctx.orgId), eq(surveyBenchmark.surveyId, surveyId)));
    if (before?.serviceType === serviceType) return;
    await tx
      .insert(surveyBenchmark)
      .values({ orgId: ctx.orgId, surveyId, serviceType })
      .onConflictDoUpdate({
        target: [surveyBenchmark.orgId, surveyBenchmark.surveyId],
        set: { serviceType, updatedAt: new Date() },
      });
    await recordAudit(tx, auditActor(ctx), {
      action: "survey.service_type_set",
      targetType: "survey",
      targetId: surveyId,
      before: before ? { serviceType: before.serviceType } : null,
      after: { serviceType },
    });
  });
}

interface Aggregate {
  org: string;
  code: string;
  n: number;
  mean: number;
}

const codesJson = JSON.stringify(benchmarkQuestions.map((q) => q.code));

/** Valid answers (1–5; "not applicable" and blanks left out) as scores, per organization and question. */
const scoreOf = sql`((r.answers ->> q.code)::numeric - 1) * 25`;
const validAnswer = sql`jsonb_typeof(r.answers -> q.code) = 'number' AND (r.answers ->> q.code)::numeric BETWEEN 1 AND 5`;

/** One mean per peer organization and question, pooling its matching surveys' complete responses. */
async function peerAggregates(
  tx: Db,
  viewer: { orgId: string; order: string },
  serviceType: ServiceType,
  channels: string[],
): Promise<Aggregate[]> {
  const result = await tx.execute(sql`
    SELECT r.org_id AS org, q.code, count(*)::int AS n, avg(${scoreOf})::float8 AS mean
    FROM ${response} r
    JOIN ${survey} s ON s.org_id = r.org_id AND s.id = r.survey_id
    JOIN ${surveyBenchmark} sb ON sb.org_id = s.org_id AND sb.survey_id = s.id
    JOIN ${benchmarkParticipation} bp ON bp.org_id = s.org_id
    JOIN ${organization} o ON o.id = s.org_id
    CROSS JOIN jsonb_array_elements_text(${codesJson}::jsonb) AS q(code)
    WHERE r.status = 'complete'
      AND s.org_id <> ${viewer.orgId}::uuid
      AND o.order_of_government::text = ${viewer.order}
      AND sb.service_type = ${serviceType}
      AND s.channels && ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(channels)}::jsonb))
      AND ${validAnswer}
    GROUP BY r.org_id, q.code`);
  return (result as unknown as { rows: Aggregate[] }).rows;
}

/** The survey's own mean per question. */
async function ownAggregates(tx: Db, orgId: string, surveyId: string): Promise<Aggregate[]> {
  const result = await tx.execute(sql`
    SELECT r.org_id AS org, q.code, count(*)::int AS n, avg(${scoreOf})::float8 AS mean
    FROM ${response} r
    CROSS JOIN jsonb_array_elements_text(${codesJson}::jsonb) AS q(code)
    WHERE r.org_id = ${orgId}::uuid AND r.survey_id = ${surveyId}::uuid AND r.status = 'complete'
      AND ${validAnswer}
    GROUP BY r.org_id, q.code`);
  return (result as unknown as { rows: Aggregate[] }).rows;
}

/** The register key of a peer set: the same members, in any order, give the same hash. */
export function peerSetHash(set: PeerSet): string {
  return createHash("sha256")
    .update([...set].sort().join(","))
    .digest("hex");
}

/**
 * The survey's standing among its peers on each core question. Nothing for an
 * organization that does not take part, or a survey with no service type.
 * Each benchmark shown is recorded in the register in the same transaction.
 */
export async function getBenchmark(ctx: TenantCtx, surveyId: string): Promise<SurveyBenchmark> {
  assertCan(ctx, "results.view");
  return ctx.db.transaction(async (tx) => {
    const own = await assertSurvey(tx, ctx.orgId, surveyId);
    // The lock serializes one viewer's benchmarks: the register cannot change between reading it and adding to it.
    const [participating] = await tx
      .select({ orgId: benchmarkParticipation.orgId, order: organization.orderOfGovernment })
      .from(benchmarkParticipation)
      .innerJoin(organization, eq(organization.id, benchmarkParticipation.orgId))
      .where(eq(benchmarkParticipation.orgId, ctx.orgId))
      .for("update", { of: benchmarkParticipation });
    if (!participating) return { status: "not-participating" };
    const [typed] = await tx
      .select({ serviceType: surveyBenchmark.serviceType })
      .from(surveyBenchmark)
      .where(and(eq(surveyBenchmark.orgId, ctx.orgId), eq(surveyBenchmark.surveyId, surveyId)));
    if (!typed || !isServiceType(typed.serviceType)) return { status: "no-service-type" };
    const serviceType = typed.serviceType;

    const peers = await peerAggregates(tx, { orgId: ctx.orgId, order: participating.order }, serviceType, own.channels);
    const mine = await ownAggregates(tx, ctx.orgId, surveyId);
    const register = await tx
      .select({ code: benchmarkDisclosure.questionCode, members: benchmarkDisclosure.members })
      .from(benchmarkDisclosure)
      .where(
        and(
          eq(benchmarkDisclosure.orgId, ctx.orgId),
          inArray(
            benchmarkDisclosure.questionCode,
            benchmarkQuestions.map((q) => q.code),
          ),
        ),
      );

    const items: BenchmarkItem[] = [];
    const shown: (typeof benchmarkDisclosure.$inferInsert)[] = [];
    for (const q of benchmarkQuestions) {
      const mineHere = mine.find((a) => a.code === q.code);
      if (!mineHere) {
        items.push({ ...q, n: 0, own: null, result: { status: "no-responses" } });
        continue;
      }
      const scores: PeerScore[] = peers
        .filter((p) => p.code === q.code)
        .map((p) => ({ org: p.org, n: p.n, mean: p.mean }));
      const published = register.filter((r) => r.code === q.code).map((r) => r.members);
      const result = benchmarkQuestion(mineHere.mean, scores, published);
      items.push({ ...q, n: mineHere.n, own: mineHere.mean, result });
      if (result.status === "published") {
        const members = [...eligiblePeerSet(scores)].sort();
        shown.push({ orgId: ctx.orgId, questionCode: q.code, setHash: peerSetHash(members), members });
      }
    }
    if (shown.length > 0) await tx.insert(benchmarkDisclosure).values(shown).onConflictDoNothing();
    return { status: "ready", serviceType, items };
  });
}
