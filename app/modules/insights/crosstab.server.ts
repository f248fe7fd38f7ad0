// The cross-tab builder for a member who may read results: its URL's filters
// and choices read and checked, then — for a valid choice only — the
// answers it needs from the survey's filtered complete responses loaded,
// weighted when the survey has margins, and tabulated.
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import {
  computeCrosstab,
  type CrosstabChoice,
  type CrosstabResult,
  crosstabVariables,
  parseCrosstabChoice,
} from "./crosstab.ts";
import { parseResultsFilter } from "./filters.ts";
import { loadResultsRows, loadSurveyFrame, type ResponseSet } from "./response-set.server.ts";
import { getSurveyMargins } from "./weighting.server.ts";

/** The filters' error keys (results.errors.*, or zod's own text for a bad version) in the builder's namespace. */
const ownKey = (field: string, key: string) =>
  key.startsWith("results.errors.") ? key.replace("results.errors.", "crosstab.errors.") : `crosstab.errors.${field}`;

export interface CrosstabPage {
  survey: ResponseSet["survey"];
  questions: ResponseSet["questions"];
  variables: ReturnType<typeof crosstabVariables>;
  choice: CrosstabChoice | null;
  /** Translation keys of what is wrong with the URL, by field; nothing is computed then. */
  errors: Record<string, string> | null;
  result: CrosstabResult | null;
}

export async function getCrosstab(ctx: TenantCtx, surveyId: string, params: URLSearchParams): Promise<CrosstabPage> {
  assertCan(ctx, "results.view");
  const filter = parseResultsFilter(params);
  const frame = await loadSurveyFrame(ctx, surveyId);
  const variables = crosstabVariables(frame.questions, frame.versions);
  const choice = parseCrosstabChoice(params, variables);
  const errors = {
    ...(filter.ok ? {} : Object.fromEntries(Object.entries(filter.errors).map(([k, v]) => [k, ownKey(k, v)]))),
    ...(choice.ok ? {} : choice.errors),
  };
  const page = { survey: frame.survey, questions: frame.questions, variables };
  if (!filter.ok || !choice.ok) return { ...page, choice: choice.ok ? choice.choice : null, errors, result: null };
  const margins = await getSurveyMargins(ctx, surveyId);
  const overall = frame.questions.overall?.code ?? null;
  // Only the answers the table, the comparison and the weights read.
  const codes = [choice.choice.rows, choice.choice.columns, overall, ...Object.keys(margins ?? {})];
  const rows = await loadResultsRows(ctx, surveyId, filter.filter, [
    ...new Set(codes.filter((c): c is string => c !== null)),
  ]);
  return {
    ...page,
    choice: choice.choice,
    errors: null,
    result: computeCrosstab(rows, choice.choice, variables, overall, margins),
  };
}
