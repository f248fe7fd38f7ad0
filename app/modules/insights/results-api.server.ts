// GET /api/v1/surveys/:surveyId/results, below HTTP: a survey's results for
// a token of its organization, as the analyst command line prints them
// (`outside-in analyze --format json`), computed as the dashboard computes
// them (loadSurveyResults: pre-aggregated cells when they answer exactly).
// Weighted when the survey has margins, unless the caller asks
// `weighted=false`.
import { and, eq } from "drizzle-orm";
import { survey } from "#app/modules/measure/schema.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import type { ApiCaller } from "#app/modules/responses/api-tokens.server.ts";
import type { Db } from "#db/client.ts";
import { filterSchema, parseResultsFilter } from "./filters.ts";
import { loadSurveyFrame, type ResultsScope } from "./response-set.server.ts";
import { ATTRIBUTES } from "./results.ts";
import { loadSurveyResults } from "./survey-results.server.ts";

/** One thing wrong with the query: the parameter, a stable reason and a sentence. */
export interface QueryProblem {
  param: string;
  reason: string;
  message: string;
}

export interface ResultsApiAnswer {
  status: number;
  body: unknown;
}

const OWN_PARAMS = ["weighted", "by", "compare"] as const;
const KNOWN = new Set<string>([...OWN_PARAMS, ...Object.keys(filterSchema.shape)]);

// The API speaks English, like its OpenAPI description; `reason` is what programs read.
const MESSAGES: Record<string, string> = {
  unknown: "Not a parameter of this endpoint.",
  repeated: "Give this parameter once.",
  weighted: "Write true or false.",
  variable: "Not a variable of this survey: lang, channel, version or the code of a single-choice question.",
  question: "Not a question of this survey.",
  month: "Write a month as YYYY-MM, like 2026-03.",
  channel: "Not a response channel.",
  lang: "Write en or fr.",
  version: "Write a published version number (1, 2, …).",
  answer: "An answer code has at most 200 characters.",
  period: "The end of the period comes before its start.",
  answerWithoutQuestion: "An answer filter (a) needs the question (q).",
};

const problem = (param: string, reason: string): QueryProblem => ({
  param,
  reason,
  message: MESSAGES[reason] ?? "Not a valid value.",
});

const invalidQuery = (problems: QueryProblem[]): ResultsApiAnswer => ({
  status: 400,
  body: { error: "InvalidQuery", errors: problems },
});

const notFound: ResultsApiAnswer = { status: 404, body: { error: "NotFound" } };

/** What can be checked without the survey: names, repeats, the filter's syntax, `weighted`. */
function readQuery(params: URLSearchParams) {
  const problems: QueryProblem[] = [];
  const names = [...params.keys()];
  for (const name of new Set(names)) {
    if (!KNOWN.has(name)) problems.push(problem(name, "unknown"));
    else if (names.filter((n) => n === name).length > 1) problems.push(problem(name, "repeated"));
  }
  const filterParams = new URLSearchParams([...params].filter(([name]) => name in filterSchema.shape));
  const parsed = parseResultsFilter(filterParams);
  if (!parsed.ok)
    for (const [param, key] of Object.entries(parsed.errors)) problems.push(problem(param, key.split(".").pop() ?? ""));
  const weighted = params.get("weighted") ?? "true";
  if (weighted !== "true" && weighted !== "false") problems.push(problem("weighted", "weighted"));
  const variable = (name: "by" | "compare") => {
    const value = params.get(name) ?? "";
    return value === "" ? undefined : value;
  };
  return {
    problems,
    filter: parsed.ok ? parsed.filter : {},
    weighted: weighted !== "false",
    by: variable("by"),
    compare: variable("compare"),
    question: parsed.ok ? parsed.input.q : undefined,
  };
}

async function surveyExists(scope: ResultsScope, surveyId: string) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(surveyId)) return false;
  const [row] = await scope.db
    .select({ id: survey.id })
    .from(survey)
    .where(and(eq(survey.orgId, scope.orgId), eq(survey.id, surveyId)));
  return Boolean(row);
}

/** The survey's results for a caller already authenticated by its API token. */
export async function answerResultsRequest(
  db: Db,
  caller: ApiCaller,
  surveyId: string,
  params: URLSearchParams,
): Promise<ResultsApiAnswer> {
  const scope: ResultsScope = { db, orgId: caller.orgId };
  // Another organization's survey is not found, whatever the query.
  if (!(await surveyExists(scope, surveyId))) return notFound;
  const query = readQuery(params);
  if (query.problems.length > 0) return invalidQuery(query.problems);
  let frame;
  try {
    frame = await loadSurveyFrame(scope, surveyId);
  } catch (error) {
    if (error instanceof AppError && error.code === "NotFound") return notFound;
    throw error;
  }
  const { questions } = frame;
  const variables = new Set<string>([...ATTRIBUTES, ...questions.categories.map((q) => q.code)]);
  const problems: QueryProblem[] = [];
  if (query.by && !variables.has(query.by)) problems.push(problem("by", "variable"));
  if (query.compare && !variables.has(query.compare)) problems.push(problem("compare", "variable"));
  const questionCodes = new Set([...questions.scales, ...questions.categories].map((q) => q.code));
  if (query.question && !questionCodes.has(query.question)) problems.push(problem("q", "question"));
  if (problems.length > 0) return invalidQuery(problems);
  const { results, source } = await loadSurveyResults(scope, surveyId, query.filter, {
    weighted: query.weighted,
    by: query.by,
    compare: query.compare ? { by: query.compare } : undefined,
  });
  const { n, weighted, raking, items, drivers, crosstab, comparison, notes } = results;
  // The command line's keys, in its order (`weight` names its weight column: the API has none), then ours.
  return {
    status: 200,
    body: { n, weighted, weight: null, raking, items, drivers, crosstab, comparison, surveyId, source, notes },
  };
}
