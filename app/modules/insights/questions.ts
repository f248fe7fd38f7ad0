// What a survey's results can be computed on, read from its published
// versions: the 1–5 scale questions (scored), which of them is overall
// satisfaction and which measure a driver, and the categorical questions that
// can split or filter results. A question keeps its code across versions, so
// the latest version that has it gives its wording.
import type { FrozenQuestion, PublishedDefinition } from "#app/modules/measure/definition.ts";

/** The CMT's overall satisfaction question: the outcome the drivers explain. */
export const OVERALL_CODE = "CORE-OS-01";

export interface ResultsQuestion {
  code: string;
  type: string;
  textEn: string;
  textFr: string;
  /** The driver it measures, for satisfaction-with-a-driver questions. */
  driver: string | null;
  /** What it asks about the service: satisfaction, expectation, importance… */
  element: string;
  options: { code: string; en: string; fr: string }[] | null;
}

export interface ResultsQuestions {
  /** Every 1–5 scale question, in the order of the latest version. */
  scales: ResultsQuestion[];
  /** Overall satisfaction, when the survey asks it. */
  overall: ResultsQuestion | null;
  /** Satisfaction with each driver (not expectations or importance), the first per driver, at most 12. */
  drivers: ResultsQuestion[];
  /** Single-choice questions: segments for cross-tabs, comparisons and filters. */
  categories: ResultsQuestion[];
}

const summary = (q: FrozenQuestion): ResultsQuestion => ({
  code: q.code,
  type: q.type,
  textEn: q.textEn,
  textFr: q.textFr,
  driver: q.driver,
  element: q.element,
  options: q.options,
});

/** The analysable questions of a survey's versions, given oldest first. */
export function resultsQuestions(versions: readonly PublishedDefinition[]): ResultsQuestions {
  const byCode = new Map<string, ResultsQuestion>();
  // Oldest first, so that a later version's wording replaces an earlier one's
  // while the order stays the one in which questions first appeared.
  for (const definition of versions)
    for (const page of definition.pages)
      for (const item of page.items) byCode.set(item.question.code, summary(item.question));
  const all = [...byCode.values()];
  const scales = all.filter((q) => q.type === "scale5");
  const seen = new Set<string>();
  const drivers = scales.filter((q) => {
    if (!q.driver || q.code === OVERALL_CODE || seen.has(q.driver) || q.element !== "satisfaction") return false;
    seen.add(q.driver);
    return true;
  });
  return {
    scales,
    overall: scales.find((q) => q.code === OVERALL_CODE) ?? null,
    drivers: drivers.slice(0, 12),
    categories: all.filter((q) => q.type === "single" && (q.options?.length ?? 0) > 1),
  };
}

/**
 * The same questions without some codes, as if the survey had never asked
 * them: a share link that leaves out a driver gets a model fitted without it,
 * so neither its importance nor its share of R² can be read from the rest.
 */
export function withoutQuestions(q: ResultsQuestions, codes: readonly string[]): ResultsQuestions {
  if (codes.length === 0) return q;
  const hidden = new Set(codes);
  const keep = (list: ResultsQuestion[]) => list.filter((item) => !hidden.has(item.code));
  return {
    scales: keep(q.scales),
    overall: q.overall && !hidden.has(q.overall.code) ? q.overall : null,
    drivers: keep(q.drivers),
    categories: keep(q.categories),
  };
}
