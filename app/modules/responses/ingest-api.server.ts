// POST /api/v1/surveys/:surveyId/responses, below HTTP: a batch of responses
// from a token's organization, checked whole by the same core as imports,
// written all or nothing, and remembered under its Idempotency-Key.
import { createHash } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import type { z } from "zod";
import { tFor } from "#app/i18n/i18n.ts";
import type { Lang } from "#app/i18n/paths.ts";
import { recordAudit } from "#app/modules/identity/audit.server.ts";
import type { PeriodicJob } from "#app/modules/jobs/scheduler.server.ts";
import { survey, surveyVersion } from "#app/modules/measure/schema.ts";
import type { Keyring } from "#app/modules/privacy/keyring.server.ts";
import type { Db } from "#db/client.ts";
import type { ApiCaller } from "./api-tokens.server.ts";
import {
  type ApiErrorCode,
  type IngestApiError,
  type IngestRequest,
  ingestBatchSchema,
  ingestItemSchema,
} from "./ingest-api.ts";
import { type IngestError, parseSubmittedAt, rawOfJson, readResponse } from "./ingest.ts";
import { insertResponses, type NewResponse } from "./ingest-write.server.ts";
import { apiIdempotency } from "./schema.ts";

/** An answer for the route to send as JSON. */
export interface ApiAnswer {
  status: number;
  body: unknown;
  replayed?: boolean;
}

/** How long a key is remembered (a retried batch's responses stay unique by key after that too). */
const KEYS_KEPT_MS = 7 * 24 * 3600 * 1000;

export const apiError = (status: number, error: ApiErrorCode): ApiAnswer => ({ status, body: { error } });

export const validIdempotencyKey = (key: string | null): key is string => !!key && /^[\x21-\x7e]{1,200}$/.test(key);

async function openSurvey(db: Db, orgId: string, surveyId: string) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(surveyId)) return null;
  const [row] = await db
    .select({ status: survey.status, version: surveyVersion.version, definition: surveyVersion.definition })
    .from(survey)
    .leftJoin(
      surveyVersion,
      and(
        eq(surveyVersion.orgId, survey.orgId),
        eq(surveyVersion.surveyId, survey.id),
        eq(surveyVersion.version, survey.publishedVersion),
      ),
    )
    .where(and(eq(survey.orgId, orgId), eq(survey.id, surveyId)));
  return row ?? null;
}

/** Zod's issues as the API's errors: which response, which answer or property. */
function schemaErrors(issues: z.core.$ZodIssue[], t: ReturnType<typeof tFor>, at: PropertyKey[] = []) {
  return issues.map((issue): IngestApiError => {
    const path = [...at, ...issue.path];
    const [first, index, property, code] = path;
    const item = first === "responses" && typeof index === "number";
    const answer = item && property === "answers" && typeof code === "string";
    const reason = answer ? "type" : "invalid";
    return {
      index: item ? index : null,
      code: answer ? code : null,
      ...(answer ? {} : { field: path.join(".") || "(body)" }),
      reason,
      message: t(`ingest.errors.${reason}`),
    };
  });
}

/**
 * Reads every response of a batch with the version's rules and lists all
 * their problems at once: a response whose properties are wrong still has
 * its answers checked, when they are of the right types.
 */
function readBatch(items: unknown[], definition: Parameters<typeof readResponse>[0], lang: Lang) {
  const t = tFor(lang);
  const now = new Date();
  const errors: IngestApiError[] = [];
  const rows: Omit<NewResponse, "idempotencyKey">[] = [];
  const toApi = (index: number, e: IngestError): IngestApiError => ({
    index,
    code: e.code,
    reason: e.reason,
    message: t(`ingest.errors.${e.reason}`, e.params ?? {}),
  });
  const answerErrors = (index: number, given: IngestRequest["responses"][number]["answers"]) => {
    const raw = new Map(Object.entries(given).map(([code, value]) => [code, rawOfJson(value) ?? []]));
    const read = readResponse(definition, raw);
    errors.push(...read.errors.map((e) => toApi(index, e)));
    return read.answers;
  };
  items.forEach((value, index) => {
    const parsed = ingestItemSchema.safeParse(value);
    if (!parsed.success) {
      errors.push(...schemaErrors(parsed.error.issues, t, ["responses", index]));
      const given = ingestItemSchema.shape.answers.safeParse((value as { answers?: unknown } | null)?.answers);
      if (given.success) answerErrors(index, given.data);
      return;
    }
    const item = parsed.data;
    const answers = answerErrors(index, item.answers);
    const submittedAt = item.submittedAt ? parseSubmittedAt(item.submittedAt, now) : null;
    if (item.submittedAt && !submittedAt) {
      errors.push({ ...toApi(index, { code: null, reason: "submittedAt" }), field: "submittedAt" });
    }
    rows.push({ answers, lang: item.lang, submittedAt });
  });
  return { rows, errors };
}

const hashOf = (surveyId: string, body: string) =>
  createHash("sha256").update(`${surveyId}\n${body}`).digest("base64url");

/**
 * Adds a batch of responses for the caller's organization. `body` is the
 * request's text; `lang` is only for error messages.
 */
export async function receiveResponses(
  db: Db,
  keyring: Keyring,
  caller: ApiCaller,
  request: { surveyId: string; idempotencyKey: string; body: string; lang: Lang },
): Promise<ApiAnswer> {
  const target = await openSurvey(db, caller.orgId, request.surveyId);
  if (!target) return apiError(404, "NotFound");
  const requestHash = hashOf(request.surveyId, request.body);
  const earlier = await findEarlier(db, caller.orgId, request.idempotencyKey);
  if (earlier) return replay(earlier, requestHash);
  if (target.status !== "published" || !target.version || !target.definition) return apiError(409, "SurveyNotOpen");
  let json: unknown;
  try {
    json = JSON.parse(request.body);
  } catch {
    return apiError(400, "BadJson");
  }
  const t = tFor(request.lang);
  const parsed = ingestBatchSchema.safeParse(json);
  if (!parsed.success) {
    return { status: 422, body: { error: "ValidationFailed", errors: schemaErrors(parsed.error.issues, t) } };
  }
  const { rows, errors } = readBatch(parsed.data.responses, target.definition, request.lang);
  if (errors.length > 0) return { status: 422, body: { error: "ValidationFailed", errors } };

  const sealer = await keyring.forOrg(db, caller.orgId);
  const { version, definition } = target;
  const written = await db.transaction(async (tx) => {
    const [claimed] = await tx
      .insert(apiIdempotency)
      .values({ orgId: caller.orgId, key: request.idempotencyKey, requestHash, status: 201, body: {} })
      .onConflictDoNothing()
      .returning({ key: apiIdempotency.key });
    // The same key, committed by a request that ran alongside this one.
    if (!claimed) return null;
    const now = new Date();
    const ids = await insertResponses(
      tx,
      sealer,
      { orgId: caller.orgId, surveyId: request.surveyId, version, channel: "api", enteredBy: null },
      definition,
      rows.map((r, i) => ({ ...r, idempotencyKey: `api:${request.idempotencyKey}:${i}` })),
      now,
    );
    const body = { surveyId: request.surveyId, version, received: ids.length, responseIds: ids };
    await tx
      .update(apiIdempotency)
      .set({ body })
      .where(and(eq(apiIdempotency.orgId, caller.orgId), eq(apiIdempotency.key, request.idempotencyKey)));
    await recordAudit(
      tx,
      { orgId: caller.orgId, userId: null, email: null },
      {
        action: "responses.imported",
        targetType: "survey",
        targetId: request.surveyId,
        after: { channel: "api", token: caller.tokenId, version, imported: ids.length },
      },
    );
    return { status: 201, body };
  });
  if (written) return written;
  const raced = await findEarlier(db, caller.orgId, request.idempotencyKey);
  return raced ? replay(raced, requestHash) : apiError(409, "IdempotencyKeyReused");
}

async function findEarlier(db: Db, orgId: string, key: string) {
  const [row] = await db
    .select({ requestHash: apiIdempotency.requestHash, status: apiIdempotency.status, body: apiIdempotency.body })
    .from(apiIdempotency)
    .where(and(eq(apiIdempotency.orgId, orgId), eq(apiIdempotency.key, key)));
  return row ?? null;
}

function replay(earlier: { requestHash: string; status: number; body: unknown }, requestHash: string): ApiAnswer {
  if (earlier.requestHash !== requestHash) return apiError(409, "IdempotencyKeyReused");
  return { status: earlier.status, body: earlier.body, replayed: true };
}

/** Background job: idempotency keys are forgotten after a week. */
export const expireIdempotencyKeys: PeriodicJob = {
  name: "expire-idempotency-keys",
  everyMs: 3600 * 1000,
  async run({ db }, now) {
    const gone = await db
      .delete(apiIdempotency)
      .where(lt(apiIdempotency.createdAt, new Date(now.getTime() - KEYS_KEPT_MS)))
      .returning({ key: apiIdempotency.key });
    return gone.length;
  },
};
