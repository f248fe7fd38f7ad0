// Open comments: the free-text answers of a survey's complete responses,
// newest first, searchable. They are sealed with the organization's key, so
// the database cannot search them: the filtered responses that have any are
// read, opened and matched here. An anonymized response has lost its free
// text (retention.server.ts) and is left out.
import { and, asc, desc, eq, isNull, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import { survey, surveyVersion } from "#app/modules/measure/schema.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import type { Keyring } from "#app/modules/privacy/keyring.server.ts";
import { isFreeText } from "#app/modules/responses/answers.ts";
import { response } from "#app/modules/responses/schema.ts";
import type { ResultsFilter } from "./filters.ts";
import { conditions } from "./response-set.server.ts";

export const COMMENTS_PAGE_SIZE = 20;
export const SEARCH_MAX_LENGTH = 200;

export interface CommentQuestion {
  code: string;
  textEn: string;
  textFr: string;
}

export interface Comment {
  responseId: string;
  code: string;
  text: string;
  lang: string;
  submittedAt: Date;
}

export interface CommentQuery {
  /** Words that must all appear, whatever their case and accents. */
  search?: string;
  /** Only the answers to this open question. */
  question?: string;
  filter: ResultsFilter;
  /** From 1. */
  page: number;
}

/** Lower case without accents: "Réponse" and "reponse" read the same. */
export function foldText(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase("fr-CA");
}

/** Every word of the search is in the text. */
export function matchesSearch(text: string, search: string): boolean {
  const words = foldText(search).split(/\s+/).filter(Boolean);
  const folded = foldText(text);
  return words.every((word) => folded.includes(word));
}

/** The open questions of a survey's published versions, newest wording last; NotFound outside the organization. */
async function openQuestions(ctx: TenantCtx, surveyId: string): Promise<CommentQuestion[]> {
  if (!z.uuid().safeParse(surveyId).success) throw new AppError("NotFound");
  const [found] = await ctx.db
    .select({ id: survey.id })
    .from(survey)
    .where(and(eq(survey.orgId, ctx.orgId), eq(survey.id, surveyId)));
  if (!found) throw new AppError("NotFound");
  const versions = await ctx.db
    .select({ definition: surveyVersion.definition })
    .from(surveyVersion)
    .where(and(eq(surveyVersion.orgId, ctx.orgId), eq(surveyVersion.surveyId, surveyId)))
    .orderBy(asc(surveyVersion.version));
  const byCode = new Map<string, CommentQuestion>();
  for (const { definition } of versions)
    for (const { question } of definition.pages.flatMap((p) => p.items))
      if (isFreeText(question))
        byCode.set(question.code, { code: question.code, textEn: question.textEn, textFr: question.textFr });
  return [...byCode.values()];
}

const isSealed = (value: unknown): value is { sealed: string } =>
  typeof value === "object" && value !== null && !Array.isArray(value) && "sealed" in value;

/** A page of a survey's comments, with its open questions (for the question filter) and how many match. */
export async function findComments(ctx: TenantCtx, keyring: Keyring, surveyId: string, query: CommentQuery) {
  assertCan(ctx, "results.view");
  const questions = await openQuestions(ctx, surveyId);
  const codes = questions.map((q) => q.code).filter((code) => !query.question || code === query.question);
  if (codes.length === 0) return { questions, comments: [], total: 0, page: 1, pages: 1 };
  const where: SQL[] = [
    ...conditions(ctx, surveyId, query.filter),
    isNull(response.anonymizedAt),
    // Sealed values are the only JSON objects among answers.
    sql`(${sql.join(
      codes.map((code) => sql`jsonb_typeof(${response.answers} -> ${code}) = 'object'`),
      sql` or `,
    )})`,
  ];
  const rows = await ctx.db
    .select({ id: response.id, lang: response.lang, submittedAt: response.submittedAt, answers: response.answers })
    .from(response)
    .where(and(...where))
    .orderBy(desc(response.submittedAt), desc(response.id));
  const sealer = rows.length > 0 ? await keyring.forOrg(ctx.db, ctx.orgId) : null;
  const all: Comment[] = [];
  for (const row of rows)
    for (const code of codes) {
      const value = row.answers[code];
      if (!sealer || !isSealed(value)) continue;
      const text = sealer.open(value.sealed).trim();
      if (text === "" || (query.search && !matchesSearch(text, query.search))) continue;
      all.push({ responseId: row.id, code, text, lang: row.lang, submittedAt: row.submittedAt ?? new Date(0) });
    }
  const pages = Math.max(1, Math.ceil(all.length / COMMENTS_PAGE_SIZE));
  const page = Math.min(Math.max(1, query.page), pages);
  return {
    questions,
    comments: all.slice((page - 1) * COMMENTS_PAGE_SIZE, page * COMMENTS_PAGE_SIZE),
    total: all.length,
    page,
    pages,
  };
}
