// Loads what a survey's results are computed from: its published versions'
// questions and its complete responses, filtered. Free text is sealed and
// never needed for numbers, so it is dropped here; comments are read apart
// (comments.server.ts). Partial responses are kept by Measure but are not
// results.
import { and, asc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import { survey, surveyVersion } from "#app/modules/measure/schema.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import { response, type StoredAnswers } from "#app/modules/responses/schema.ts";
import type { Db } from "#db/client.ts";
import type { ResultsFilter } from "./filters.ts";
import { resultsQuestions, type ResultsQuestions } from "./questions.ts";
import type { ResultsRow } from "./results.ts";

/** Whose results: an organization, after the caller has been authorized (a member, or a share link). */
export interface ResultsScope {
  db: Db;
  orgId: string;
}

export interface ResponseSet {
  survey: { id: string; titleEn: string; titleFr: string; status: string; responseTarget: number | null };
  versions: number[];
  questions: ResultsQuestions;
  rows: ResultsRow[];
}

const isUuid = (value: string) => z.uuid().safeParse(value).success;

function dropSealed(answers: StoredAnswers): StoredAnswers {
  const kept: StoredAnswers = {};
  for (const [code, value] of Object.entries(answers))
    if (typeof value !== "object" || Array.isArray(value)) kept[code] = value;
  return kept;
}

export function conditions(scope: ResultsScope, surveyId: string, filter: ResultsFilter): SQL[] {
  const where: SQL[] = [
    eq(response.orgId, scope.orgId),
    eq(response.surveyId, surveyId),
    eq(response.status, "complete"),
  ];
  if (filter.channel) where.push(eq(response.channel, filter.channel));
  if (filter.lang) where.push(eq(response.lang, filter.lang));
  if (filter.version) where.push(eq(response.version, filter.version));
  if (filter.from) where.push(gte(response.submittedAt, filter.from));
  if (filter.to) where.push(lt(response.submittedAt, filter.to));
  // A number answer is stored as a JSON number, a choice as a string: compare as text.
  if (filter.question) where.push(sql`${response.answers} ->> ${filter.question.code} = ${filter.question.value}`);
  return where;
}

export type SurveyFrame = Omit<ResponseSet, "rows">;

/** A survey's identity and analysable questions, for a scope already authorized; NotFound outside it. */
export async function loadSurveyFrame(scope: ResultsScope, surveyId: string): Promise<SurveyFrame> {
  if (!isUuid(surveyId)) throw new AppError("NotFound");
  const [found] = await scope.db
    .select({
      id: survey.id,
      titleEn: survey.titleEn,
      titleFr: survey.titleFr,
      status: survey.status,
      responseTarget: survey.responseTarget,
    })
    .from(survey)
    .where(and(eq(survey.orgId, scope.orgId), eq(survey.id, surveyId)));
  if (!found) throw new AppError("NotFound");
  const versions = await scope.db
    .select({ version: surveyVersion.version, definition: surveyVersion.definition })
    .from(surveyVersion)
    .where(and(eq(surveyVersion.orgId, scope.orgId), eq(surveyVersion.surveyId, surveyId)))
    .orderBy(asc(surveyVersion.version));
  return {
    survey: found,
    versions: versions.map((v) => v.version),
    questions: resultsQuestions(versions.map((v) => v.definition)),
  };
}

/**
 * The filtered complete responses of a survey. With `codes`, each keeps only the answers
 * to those questions, picked out by the database: a cross-tab of two
 * variables at a million responses holds a few of each row's answers in
 * memory instead of all of them.
 */
export async function loadResultsRows(
  scope: ResultsScope,
  surveyId: string,
  filter: ResultsFilter,
  codes?: readonly string[],
) {
  const picked = codes
    ? sql<StoredAnswers>`jsonb_strip_nulls(jsonb_build_object(${sql.join(
        codes.map((code) => sql`${code}::text, ${response.answers} -> ${code}::text`),
        sql`, `,
      )}))`
    : response.answers;
  const rows = await scope.db
    .select({
      version: response.version,
      channel: response.channel,
      lang: response.lang,
      submittedAt: response.submittedAt,
      answers: picked,
    })
    .from(response)
    .where(and(...conditions(scope, surveyId, filter)))
    .orderBy(asc(response.submittedAt), asc(response.id));
  return rows.map((row): ResultsRow => ({
    version: row.version,
    channel: row.channel,
    lang: row.lang,
    submittedAt: row.submittedAt ?? new Date(0),
    answers: dropSealed(row.answers),
  }));
}

/** A survey's questions and filtered complete responses, for a scope already authorized. */
export async function loadResponseSet(
  scope: ResultsScope,
  surveyId: string,
  filter: ResultsFilter,
): Promise<ResponseSet> {
  const frame = await loadSurveyFrame(scope, surveyId);
  return { ...frame, rows: await loadResultsRows(scope, surveyId, filter) };
}

/** The same, for a member who may read results. */
export async function getResponseSet(ctx: TenantCtx, surveyId: string, filter: ResultsFilter): Promise<ResponseSet> {
  assertCan(ctx, "results.view");
  return loadResponseSet(ctx, surveyId, filter);
}
