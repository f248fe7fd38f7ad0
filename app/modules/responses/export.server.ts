// Raw responses for analysts: the codebook of a survey's published versions
// and its responses as rows, read in batches so that an export of any size
// holds one batch in memory at a time.
import { staffTime } from "./anonymity.ts";
import { and, asc, count, eq, gt, type SQL } from "drizzle-orm";
import type { Lang } from "#app/i18n/paths.ts";
import { auditActor, recordAudit } from "#app/modules/identity/audit.server.ts";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import { surveyVersion } from "#app/modules/measure/schema.ts";
import { getSurvey } from "#app/modules/measure/surveys.server.ts";
import type { Keyring } from "#app/modules/privacy/keyring.server.ts";
import {
  answerCell,
  buildCodebook,
  type Cell,
  type CodebookEntry,
  labelsByVersion,
  type PublishedVersion,
  type ValueMode,
} from "./export-format.ts";
import { response } from "./schema.ts";

export const EXPORT_BATCH_SIZE = 2000;

/** The columns before the questions', one per response attribute. */
export const responseColumns = ["response_id", "status", "version", "channel", "lang", "started_at", "submitted_at"];

export interface ExportPlan {
  survey: { id: string; titleEn: string; titleFr: string; anonymous: boolean };
  versions: PublishedVersion[];
  codebook: CodebookEntry[];
  /** The header row: the response columns, then one column per question code. */
  header: string[];
}

export interface ExportOptions {
  values: ValueMode;
  /** The language of labels when `values` is "labels". */
  labelLang: Lang;
  includePartial: boolean;
}

/** The survey, its published versions and their codebook; NotFound for other organizations' surveys. */
export async function getExportPlan(ctx: TenantCtx, surveyId: string): Promise<ExportPlan> {
  assertCan(ctx, "results.view");
  const s = await getSurvey(ctx, surveyId);
  const versions = await ctx.db
    .select({ version: surveyVersion.version, definition: surveyVersion.definition })
    .from(surveyVersion)
    .where(and(eq(surveyVersion.orgId, ctx.orgId), eq(surveyVersion.surveyId, s.id)))
    .orderBy(asc(surveyVersion.version));
  const codebook = buildCodebook(versions);
  return {
    survey: { id: s.id, titleEn: s.titleEn, titleFr: s.titleFr, anonymous: s.anonymous },
    versions,
    codebook,
    header: [...responseColumns, ...codebook.map((q) => q.code)],
  };
}

const responseFilter = (ctx: TenantCtx, surveyId: string, includePartial: boolean, after?: string) =>
  and(
    eq(response.orgId, ctx.orgId),
    eq(response.surveyId, surveyId),
    includePartial ? undefined : eq(response.status, "complete"),
    after ? gt(response.id, after) : undefined,
  ) as SQL;

export async function countResponses(ctx: TenantCtx, surveyId: string, includePartial: boolean): Promise<number> {
  assertCan(ctx, "results.view");
  const [row] = await ctx.db
    .select({ n: count() })
    .from(response)
    .where(responseFilter(ctx, surveyId, includePartial));
  return row?.n ?? 0;
}

/**
 * The survey's responses in batches, by keyset on (org, survey, id): each
 * batch is read only when the previous one has been consumed. Separate
 * queries, not one long transaction, so a slow download never holds a
 * connection (PGlite has only one).
 */
export async function* readResponseBatches(
  ctx: TenantCtx,
  surveyId: string,
  options: { includePartial: boolean; batchSize?: number },
) {
  assertCan(ctx, "results.view");
  const batchSize = options.batchSize ?? EXPORT_BATCH_SIZE;
  let after: string | undefined;
  for (;;) {
    const batch = await ctx.db
      .select({
        id: response.id,
        status: response.status,
        version: response.version,
        channel: response.channel,
        lang: response.lang,
        startedAt: response.startedAt,
        submittedAt: response.submittedAt,
        answers: response.answers,
      })
      .from(response)
      .where(responseFilter(ctx, surveyId, options.includePartial, after))
      .orderBy(asc(response.id))
      .limit(batchSize);
    if (batch.length > 0) yield batch;
    if (batch.length < batchSize) return;
    after = batch[batch.length - 1]?.id;
  }
}

/** Each response as a row of cells under the plan's header, free text opened. */
export async function* exportRows(
  ctx: TenantCtx,
  keyring: Keyring,
  plan: ExportPlan,
  options: ExportOptions & { batchSize?: number },
): AsyncGenerator<Cell[]> {
  const sealer = await keyring.forOrg(ctx.db, ctx.orgId);
  const open = (sealed: string) => sealer.open(sealed);
  const labels = labelsByVersion(plan.versions, options.labelLang);
  const codes = plan.codebook.map((q) => q.code);
  for await (const batch of readResponseBatches(ctx, plan.survey.id, options)) {
    for (const r of batch) {
      const versionLabels = labels.get(r.version);
      yield [
        r.id,
        r.status,
        r.version,
        r.channel,
        r.lang,
        // The day only, in an anonymous survey (decision 0042).
        staffTime(plan.survey.anonymous, r.startedAt),
        r.submittedAt && staffTime(plan.survey.anonymous, r.submittedAt),
        ...codes.map((code) => answerCell(r.answers[code], versionLabels?.get(code), options.values, open)),
      ];
    }
  }
}

/**
 * Starts an export of raw responses: checks access, records who exported
 * what in the audit log, and gives the plan and the rows to write.
 */
export async function startResponseExport(
  ctx: TenantCtx,
  keyring: Keyring,
  surveyId: string,
  options: ExportOptions & { format: "csv" | "xlsx" },
) {
  const plan = await getExportPlan(ctx, surveyId);
  const total = await countResponses(ctx, plan.survey.id, options.includePartial);
  await recordAudit(ctx.db, auditActor(ctx), {
    action: "responses.exported",
    targetType: "survey",
    targetId: plan.survey.id,
    after: { ...options, responses: total, questions: plan.codebook.length },
  });
  return { plan, total, rows: exportRows(ctx, keyring, plan, options) };
}
