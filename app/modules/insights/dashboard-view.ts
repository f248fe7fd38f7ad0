// The results dashboard's view model: plain, serializable data (numbers,
// strings, ISO dates) that the dashboard page, a share-link page and reports
// render the same way. Pure, so pages and tests can shape it without a database.
import type { Interval } from "#app/stats/scores.ts";
import type { Quadrant } from "#app/stats/priorities.ts";
import type { ResultsNote } from "./results.ts";
import type { Granularity } from "./trend.ts";

export interface ScoreView {
  code: string;
  textEn: string;
  textFr: string;
  driver: string | null;
  /** Valid ratings. */
  n: number;
  /** Service Quality Score, 0–100, and its 95 % interval. */
  mean: number;
  ci: Interval;
  /** Share rating 4 or 5 (0–1) and its 95 % interval. */
  satisfied: { p: number; ci: Interval };
}

export interface DriverView {
  code: string;
  driver: string;
  textEn: string;
  textFr: string;
  performance: number;
  ci: Interval;
  /** Share of R² (LMG), 0–1. */
  importance: number;
  r: number;
  quadrant: Quadrant;
}

export interface TrendPoint {
  from: string;
  to: string;
  n: number;
  score: { n: number; mean: number; ci: Interval; satisfied: { p: number; ci: Interval } } | null;
}

export interface FilterQuestion {
  code: string;
  textEn: string;
  textFr: string;
  /** The answers it can be filtered on; a scale's are its ratings 1–5. */
  options: { code: string; en: string; fr: string }[] | null;
  scale: boolean;
}

export interface ResponseRates {
  /** Of the responses started in the filter (by start date), how many were submitted. */
  completion: { started: number; complete: number } | null;
  /** Complete responses of the whole survey against its response target. */
  target: { complete: number; target: number } | null;
  /** Invited contacts who responded. */
  invitations: { invited: number; responded: number } | null;
}

export interface DashboardView {
  survey: { id: string; titleEn: string; titleFr: string; status: string };
  /** The survey's published versions. */
  versions: number[];
  /** Complete responses in the filter. */
  n: number;
  filtered: boolean;
  weighting: { available: boolean; applied: boolean; variables: string[] };
  headline: ScoreView | null;
  rates: ResponseRates;
  scores: ScoreView[];
  drivers: { n: number; r2: number; items: DriverView[] } | null;
  /** The drivers in the priority quadrant, most important first. */
  priorities: DriverView[];
  trend: { granularity: Granularity | null; points: TrendPoint[] };
  filterQuestions: FilterQuestion[];
  notes: ResultsNote[];
}

/** Whether a "who answered a to question q" filter names one of the survey's questions and answers. */
export function isKnownAnswer(questions: readonly FilterQuestion[], code: string, value: string): boolean {
  const question = questions.find((q) => q.code === code);
  if (!question) return false;
  if (question.scale) return ["1", "2", "3", "4", "5", "na"].includes(value);
  return (question.options ?? []).some((o) => o.code === value);
}

const modelNotes = new Set<ResultsNote["key"]>(["tooFewForDrivers", "constantDriver", "constantOverall"]);

const without = <T extends { code: string }>(list: T[], codes: Set<string>) => list.filter((x) => !codes.has(x.code));

/**
 * The view with some questions left out, for a share link that hides them.
 * Leaving out overall satisfaction removes everything computed from it: the
 * headline, the drivers (their importance is their link to it) and the trend.
 */
export function excludeQuestions(view: DashboardView, codes: readonly string[]): DashboardView {
  const hidden = new Set(codes);
  const overallHidden = view.headline !== null && hidden.has(view.headline.code);
  const drivers =
    view.drivers && !overallHidden ? { ...view.drivers, items: without(view.drivers.items, hidden) } : null;
  return {
    ...view,
    headline: overallHidden ? null : view.headline,
    scores: without(view.scores, hidden),
    drivers,
    priorities: drivers ? without(view.priorities, hidden) : [],
    trend: overallHidden ? { granularity: null, points: [] } : view.trend,
    filterQuestions: without(view.filterQuestions, hidden),
    notes: view.notes.filter(
      (note) => !("code" in note && hidden.has(note.code)) && !(overallHidden && modelNotes.has(note.key)),
    ),
  };
}
