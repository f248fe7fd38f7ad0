// The cross-tab builder's computation: any categorical variable of a survey's
// responses (language, channel, version, a single-choice question) by overall
// satisfaction, by a scale question's 1–5 answers, or by another categorical
// variable — weighted when the survey has margins — and the overall score of
// two chosen groups compared. Pure: results.ts's helpers and app/stats do the
// arithmetic.
import { responseChannels } from "#app/modules/responses/statuses.ts";
import { compareMeans, type Comparison } from "#app/stats/compare.ts";
import { crossTabulate, type CrossTab } from "#app/stats/crosstab.ts";
import { StatsInputError } from "#app/stats/errors.ts";
import type { Margins } from "#app/stats/rake.ts";
import { isSatisfied } from "#app/stats/scores.ts";
import type { ResultsQuestions } from "./questions.ts";
import {
  categoryOf,
  NOT_SATISFIED,
  ratingOf,
  type ResultsNote,
  type ResultsRow,
  SATISFIED,
  weightsFor,
} from "./results.ts";

/** The column choice "overall satisfied (4–5) or not". */
export const SATISFACTION = "satisfied";

export type VariableKind = "attribute" | "category" | "scale" | "satisfaction";

export interface CrosstabVariable {
  id: string;
  kind: VariableKind;
  /** Its possible values in display order (a table shows only those that occur). */
  values: string[];
}

export interface CrosstabVariables {
  rows: CrosstabVariable[];
  columns: CrosstabVariable[];
}

export interface CrosstabChoice {
  rows: string;
  columns: string;
  /** Two values of the row variable whose overall scores are compared. */
  groups: [string, string] | null;
}

export interface CrosstabResult {
  n: number;
  weighted: boolean;
  table: CrossTab | null;
  comparison: Comparison | null;
  /** Why the chosen groups could not be compared (a translation key). */
  comparisonProblem: string | null;
  notes: ResultsNote[];
}

const SCALE_POINTS = ["1", "2", "3", "4", "5"];

/** What a survey's cross-tab can put in rows and in columns. */
export function crosstabVariables(questions: ResultsQuestions, versions: readonly number[]): CrosstabVariables {
  const categorical: CrosstabVariable[] = [
    { id: "lang", kind: "attribute", values: ["en", "fr"] },
    { id: "channel", kind: "attribute", values: [...responseChannels] },
    { id: "version", kind: "attribute", values: versions.map(String) },
    ...questions.categories.map((q) => ({
      id: q.code,
      kind: "category" as const,
      values: (q.options ?? []).map((o) => o.code),
    })),
  ];
  const satisfaction: CrosstabVariable[] = questions.overall
    ? [{ id: SATISFACTION, kind: "satisfaction", values: [SATISFIED, NOT_SATISFIED] }]
    : [];
  const scales = questions.scales.map((q) => ({ id: q.code, kind: "scale" as const, values: SCALE_POINTS }));
  return { rows: categorical, columns: [...satisfaction, ...scales, ...categorical] };
}

/** A response's value of a variable; null when it has none (no answer, "not applicable"). */
export function valueOf(row: ResultsRow, variable: CrosstabVariable, overallCode: string | null): string | null {
  if (variable.kind === "satisfaction") {
    const rating = overallCode ? ratingOf(row.answers, overallCode) : null;
    return rating === null ? null : isSatisfied(rating) ? SATISFIED : NOT_SATISFIED;
  }
  if (variable.kind === "scale") {
    const rating = ratingOf(row.answers, variable.id);
    return rating === null ? null : String(rating);
  }
  return categoryOf(row, variable.id);
}

type ChoiceResult = { ok: true; choice: CrosstabChoice } | { ok: false; errors: Record<string, string> };

/**
 * Reads the builder's choices from its URL: `rows`, `columns`, and `first` and
 * `second` (two groups of the row variable, kept only while `of` names the row
 * variable they were picked for). Blank rows and columns take defaults.
 */
export function parseCrosstabChoice(params: URLSearchParams, variables: CrosstabVariables): ChoiceResult {
  const errors: Record<string, string> = {};
  const rows = params.get("rows") || "channel";
  const columns = params.get("columns") || (variables.columns[0]?.id ?? "");
  const rowVariable = variables.rows.find((v) => v.id === rows);
  if (!rowVariable) errors.rows = "crosstab.errors.rows";
  if (!variables.columns.some((v) => v.id === columns)) errors.columns = "crosstab.errors.columns";
  else if (columns === rows) errors.columns = "crosstab.errors.sameVariable";
  let groups: [string, string] | null = null;
  const first = params.get("first") ?? "";
  const second = params.get("second") ?? "";
  if (rowVariable && params.get("of") === rows && (first || second)) {
    if (!variables.columns.some((v) => v.kind === "satisfaction")) errors.first = "crosstab.errors.noOverall";
    else if (!first) errors.first = "crosstab.errors.bothGroups";
    else if (!second) errors.second = "crosstab.errors.bothGroups";
    else if (!rowVariable.values.includes(first)) errors.first = "crosstab.errors.group";
    else if (!rowVariable.values.includes(second)) errors.second = "crosstab.errors.group";
    else if (first === second) errors.second = "crosstab.errors.sameGroups";
    else groups = [first, second];
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, choice: { rows, columns, groups } };
}

/** The comparison as second − first in the order the person chose them. */
function inChosenOrder(comparison: Comparison, first: string): Comparison {
  if (comparison.groups[0].label === first) return comparison;
  const [a, b] = comparison.groups;
  return {
    ...comparison,
    groups: [b, a],
    diff: -comparison.diff,
    t: -comparison.t,
    ci: [-comparison.ci[1], -comparison.ci[0]],
  };
}

function compareGroups(
  rows: readonly ResultsRow[],
  rowValues: (string | null)[],
  [first, second]: [string, string],
  overallCode: string,
  weights: number[] | undefined,
) {
  const ratings = rows.map((row) => ratingOf(row.answers, overallCode));
  const groups = rowValues.map((v) => (v === first || v === second ? v : null));
  try {
    return { comparison: inChosenOrder(compareMeans(ratings, groups, weights), first), comparisonProblem: null };
  } catch (error) {
    if (!(error instanceof StatsInputError)) throw error;
    return { comparison: null, comparisonProblem: "crosstab.errors.tooFewToCompare" };
  }
}

/**
 * Raked weights add up to 1 (margins are shares), so a weighted count read
 * 0.2. Scaled to add up to the number of responses, a weighted count reads as
 * people, as in other survey software; percentages and tests do not change.
 */
function peopleScaled(weights: number[] | undefined) {
  if (!weights) return { weights };
  const sum = weights.reduce((a, b) => a + b, 0);
  return { weights: weights.map((w) => (w * weights.length) / sum) };
}

/** The table, its tests and the chosen comparison. Weighted (raked) when margins are given. */
export function computeCrosstab(
  rows: readonly ResultsRow[],
  choice: CrosstabChoice,
  variables: CrosstabVariables,
  overallCode: string | null,
  margins?: Margins | null,
): CrosstabResult {
  const notes: ResultsNote[] = [];
  const { weights } = peopleScaled(weightsFor(rows, margins ?? undefined, notes).weights);
  const rowVariable = variables.rows.find((v) => v.id === choice.rows);
  const columnVariable = variables.columns.find((v) => v.id === choice.columns);
  if (!rowVariable || !columnVariable) throw new StatsInputError("unknown variable");
  const rowValues = rows.map((row) => valueOf(row, rowVariable, overallCode));
  const columnValues = rows.map((row) => valueOf(row, columnVariable, overallCode));
  let table: CrossTab | null = null;
  try {
    table = crossTabulate(rowValues, columnValues, weights, {
      rows: rowVariable.values,
      columns: columnVariable.values,
    });
  } catch (error) {
    if (!(error instanceof StatsInputError)) throw error;
  }
  if (table && (table.rows.length < 2 || table.columns.length < 2)) notes.push({ key: "oneGroup", by: choice.rows });
  else if (table?.smallExpected) notes.push({ key: "smallExpected", expectedMin: table.expectedMin });
  const compared =
    choice.groups && overallCode
      ? compareGroups(rows, rowValues, choice.groups, overallCode, weights)
      : { comparison: null, comparisonProblem: null };
  return { n: rows.length, weighted: weights !== undefined, table, ...compared, notes };
}
