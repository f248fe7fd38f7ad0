// Reading a survey's responses one by one: the list analysts page through
// and one response with its answers as the respondent gave them.
import { and, count, desc, eq, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { auditActor, recordAudit } from "#app/modules/identity/audit.server.ts";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import type { RequestOrigin } from "#app/modules/identity/security-events.server.ts";
import { user } from "#app/modules/identity/schema.ts";
import type { FrozenQuestion } from "#app/modules/measure/definition.ts";
import { survey, surveyVersion } from "#app/modules/measure/schema.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import type { Keyring } from "#app/modules/privacy/keyring.server.ts";
import { staffTime } from "./anonymity.ts";
import { type AnswerValue, isFreeText } from "./answers.ts";
import { response } from "./schema.ts";
import type { ResponseChannel, ResponseStatus } from "./statuses.ts";

export const RESPONSES_PAGE_SIZE = 50;

const isUuid = (value: string) => z.uuid().safeParse(value).success;

export interface ResponseFilters {
  status?: ResponseStatus;
  channel?: ResponseChannel;
  /** The cursor of the last response of the previous page. */
  after?: string;
}

// The cursor is the start time as PostgreSQL prints it (microseconds, which a
// JavaScript Date would lose) and the id, which breaks ties.
const cursorText = sql<string>`to_char(${response.startedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|([0-9a-f-]{36})$/;

const encodeCursor = (startedAt: string, id: string) => Buffer.from(`${startedAt}|${id}`).toString("base64url");

/** A cursor from a URL, if it is one this module made. */
export function parseCursor(value: string): { startedAt: string; id: string } | null {
  const match = CURSOR.exec(Buffer.from(value, "base64url").toString("utf8"));
  return match && isUuid(match[2] as string) ? { startedAt: match[1] as string, id: match[2] as string } : null;
}

/** A page of a survey's responses, most recently started first. */
export async function findResponses(ctx: TenantCtx, surveyId: string, filters: ResponseFilters) {
  assertCan(ctx, "results.view");
  if (!isUuid(surveyId)) throw new AppError("NotFound");
  const where: (SQL | undefined)[] = [eq(response.orgId, ctx.orgId), eq(response.surveyId, surveyId)];
  if (filters.status) where.push(eq(response.status, filters.status));
  if (filters.channel) where.push(eq(response.channel, filters.channel));
  if (filters.after) {
    const after = parseCursor(filters.after);
    if (!after) throw new AppError("Invalid");
    where.push(sql`(${response.startedAt}, ${response.id}) < (${after.startedAt}::timestamptz, ${after.id}::uuid)`);
  }
  const rows = await ctx.db
    .select({
      id: response.id,
      status: response.status,
      channel: response.channel,
      lang: response.lang,
      version: response.version,
      startedAt: response.startedAt,
      submittedAt: response.submittedAt,
      anonymizedAt: response.anonymizedAt,
      anonymous: survey.anonymous,
      cursor: cursorText,
    })
    .from(response)
    .innerJoin(survey, and(eq(survey.orgId, response.orgId), eq(survey.id, response.surveyId)))
    .where(and(...where))
    .orderBy(desc(response.startedAt), desc(response.id))
    .limit(RESPONSES_PAGE_SIZE + 1);
  const shown = rows.slice(0, RESPONSES_PAGE_SIZE);
  const last = shown.at(-1);
  return {
    responses: shown.map(({ cursor: _cursor, anonymous, ...r }) => ({ ...r, ...timesForStaff(anonymous, r) })),
    next: rows.length > RESPONSES_PAGE_SIZE && last ? encodeCursor(last.cursor, last.id) : null,
  };
}

/** How many responses a survey has: complete (of which anonymized) and partial. */
export async function countResponsesByStatus(ctx: TenantCtx, surveyId: string) {
  assertCan(ctx, "results.view");
  const [row] = await ctx.db
    .select({
      complete: sql<number>`count(*) filter (where ${response.status} = 'complete')::int`,
      partial: sql<number>`count(*) filter (where ${response.status} = 'partial')::int`,
      anonymized: count(response.anonymizedAt),
    })
    .from(response)
    .where(and(eq(response.orgId, ctx.orgId), eq(response.surveyId, surveyId)));
  return { complete: row?.complete ?? 0, partial: row?.partial ?? 0, anonymized: row?.anonymized ?? 0 };
}

export interface AnsweredItem {
  code: string;
  question: FrozenQuestion;
  /** The answer, free text opened; undefined when there is none. */
  answer: AnswerValue | undefined;
  /** Free text removed when the response was anonymized. */
  removed: boolean;
}

/**
 * One response with its answers in the order of the version it answered, free
 * text opened. Each view is audited: who, which response, from where — never
 * the answers.
 */
export async function getResponse(
  ctx: TenantCtx,
  keyring: Keyring,
  surveyId: string,
  responseId: string,
  origin: RequestOrigin,
) {
  assertCan(ctx, "results.view");
  if (!isUuid(surveyId) || !isUuid(responseId)) throw new AppError("NotFound");
  const [row] = await ctx.db
    .select({
      id: response.id,
      status: response.status,
      channel: response.channel,
      lang: response.lang,
      version: response.version,
      startedAt: response.startedAt,
      submittedAt: response.submittedAt,
      anonymizedAt: response.anonymizedAt,
      answers: response.answers,
      anonymous: survey.anonymous,
      enteredBy: user.name,
      definition: surveyVersion.definition,
    })
    .from(response)
    .innerJoin(survey, and(eq(survey.orgId, response.orgId), eq(survey.id, response.surveyId)))
    .innerJoin(
      surveyVersion,
      and(
        eq(surveyVersion.orgId, response.orgId),
        eq(surveyVersion.surveyId, response.surveyId),
        eq(surveyVersion.version, response.version),
      ),
    )
    .leftJoin(user, eq(user.id, response.enteredBy))
    .where(and(eq(response.orgId, ctx.orgId), eq(response.surveyId, surveyId), eq(response.id, responseId)));
  if (!row) throw new AppError("NotFound");
  await recordAudit(ctx.db, auditActor(ctx), {
    action: "response.viewed",
    targetType: "response",
    targetId: row.id,
    after: { surveyId },
    origin,
  });
  const { answers, definition, anonymous, enteredBy, ...rest } = row;
  const sealed = Object.values(answers).some((v) => typeof v === "object" && !Array.isArray(v));
  const sealer = sealed ? await keyring.forOrg(ctx.db, ctx.orgId) : null;
  const items: AnsweredItem[] = definition.pages.flatMap((p) =>
    p.items.map(({ code, question }) => {
      const stored = answers[code];
      const answer =
        stored !== undefined && typeof stored === "object" && !Array.isArray(stored)
          ? sealer?.open(stored.sealed)
          : stored;
      return { code, question, answer, removed: answer === undefined && !!rest.anonymizedAt && isFreeText(question) };
    }),
  );
  // An anonymous survey names no one, even while a staff entry is in progress.
  return { ...rest, ...timesForStaff(anonymous, rest), enteredBy: anonymous ? null : enteredBy, items };
}

/** A response's times as staff see them: the day only in an anonymous survey (decision 0042). */
function timesForStaff(anonymous: boolean, r: { startedAt: Date; submittedAt: Date | null }) {
  return {
    startedAt: staffTime(anonymous, r.startedAt),
    submittedAt: r.submittedAt && staffTime(anonymous, r.submittedAt),
  };
}
