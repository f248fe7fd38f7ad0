// A survey's results as the pages and the API show them: from the cells when
// they can answer exactly (filters on version, month, channel or language,
// the CMT core driver model, unweighted or weighted to margins on language
// and channel); from the same sums taken over the filtered responses in the
// database for other filters; else from the responses themselves.
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import type { Margins } from "#app/stats/rake.ts";
import { cellsHoldModel, cellsRake, rakeCellGroups, resultsFromCells } from "./cells.ts";
import { cellsAnswer, readCells } from "./cells.server.ts";
import type { ResultsFilter } from "./filters.ts";
import { withoutQuestions } from "./questions.ts";
import { readResponseSums } from "./response-sums.server.ts";
import { loadResultsRows, loadSurveyFrame, type ResultsScope, type SurveyFrame } from "./response-set.server.ts";
import { analyzeResults, type Results, type ResultsOptions, type ResultsRow } from "./results.ts";
import { getSurveyMargins } from "./weighting.server.ts";

export interface ResultsRequest {
  /** Rake to the survey's margins when it has some (the default); false for unweighted figures. */
  weighted?: boolean;
  by?: string;
  compare?: ResultsOptions["compare"];
  /** Questions to analyse as if the survey had not asked them (a share link's left-out questions). */
  leaveOut?: readonly string[];
}

export interface SurveyResults extends SurveyFrame {
  results: Results;
  /** The margins the results are weighted to, if any. */
  margins: Margins | null;
  /**
   * Where the figures came from: the pre-aggregated cells, the same sums
   * computed by the database from the filtered responses, or the responses
   * themselves (weights, a segment comparison, a model other than the core one).
   */
  source: "cells" | "sums" | "responses";
  /** The filtered responses, when the figures came from them. */
  rows: ResultsRow[] | null;
}

/** For a scope already authorized (a member with results.view, or a share link). */
export async function loadSurveyResults(
  scope: ResultsScope,
  surveyId: string,
  filter: ResultsFilter,
  request: ResultsRequest = {},
): Promise<SurveyResults> {
  const loaded = await loadSurveyFrame(scope, surveyId);
  const frame = { ...loaded, questions: withoutQuestions(loaded.questions, request.leaveOut ?? []) };
  const margins = request.weighted === false ? null : await getSurveyMargins(scope, surveyId);
  const q = frame.questions;
  const questions = {
    overall: q.overall?.code ?? null,
    drivers: q.drivers.map((d) => d.code),
    scales: q.scales.map((s) => s.code),
  };
  const aggregable = !request.by && !request.compare && cellsHoldModel(questions);
  if (aggregable && margins && cellsRake(margins) && cellsAnswer(filter)) {
    // Margins on language and channel: rake the cells' groups instead of the responses (decision 0026).
    const { counts, moments } = await readCells(scope, surveyId, filter, questions.scales, true);
    const weighting = rakeCellGroups(counts, margins);
    const results = weighting && resultsFromCells(counts, moments, questions, weighting);
    if (results) return { ...frame, results, margins, source: "cells", rows: null };
  }
  if (aggregable && !margins) {
    const source = cellsAnswer(filter) ? "cells" : "sums";
    const read = source === "cells" ? readCells : readResponseSums;
    const { counts, moments } = await read(scope, surveyId, filter, questions.scales);
    const results = resultsFromCells(counts, moments, questions);
    if (results) return { ...frame, results, margins: null, source, rows: null };
  }
  const rows = await loadResultsRows(scope, surveyId, filter);
  const results = analyzeResults(rows, {
    ...questions,
    by: request.by,
    compare: request.compare,
    margins: margins ?? undefined,
  });
  return { ...frame, results, margins, source: "responses", rows };
}

export async function getSurveyResults(
  ctx: TenantCtx,
  surveyId: string,
  filter: ResultsFilter,
  request: ResultsRequest = {},
): Promise<SurveyResults> {
  assertCan(ctx, "results.view");
  return loadSurveyResults(ctx, surveyId, filter, request);
}
