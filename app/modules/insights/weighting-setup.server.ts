// Setting up how a survey's results are weighted: which variables can be
// raked on, what given margins would do to the weights (a dry run), and
// saving or clearing them, audited. Results are weighted on every complete
// response, so margins are checked against all of them, unfiltered.
import { and, eq } from "drizzle-orm";
import { auditActor, recordAudit } from "#app/modules/identity/audit.server.ts";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import { getSurvey } from "#app/modules/measure/surveys.server.ts";
import { responseChannels } from "#app/modules/responses/statuses.ts";
import type { Margins } from "#app/stats/rake.ts";
import { ratingOf, type ResultsRow, categoryOf, weightsFor } from "./results.ts";
import { loadResponseSet, type ResponseSet } from "./response-set.server.ts";
import { surveyWeighting } from "./schema.ts";
import { summarizeRatings, type ScoreSummary } from "#app/stats/scores.ts";
import { weightSpread, type WeightSpread } from "./weight-spread.ts";
import type { WeightableVariable } from "./weighting-fields.ts";
import { checkMargins, type MarginEntry, marginsToEntries, type WeightingIssue } from "./weighting-input.server.ts";
import { getSurveyMargins } from "./weighting.server.ts";

export interface WeightingPreview {
  margins: Margins;
  spread: WeightSpread;
  raking: { iterations: number; converged: boolean };
  /** Overall satisfaction without and with the weights; null when the survey does not ask it or too few answer. */
  overall: { code: string; unweighted: ScoreSummary; weighted: ScoreSummary } | null;
  /** Per raking variable and category: responses, their share of the sample, the population's, the mean weight. */
  variables: {
    code: string;
    categories: { code: string; count: number; sample: number; population: number; meanWeight: number }[];
  }[];
}

export type WeightingOutcome = { ok: true; preview: WeightingPreview } | { ok: false; issues: WeightingIssue[] };

export interface WeightingSetup {
  survey: ResponseSet["survey"];
  /** Complete responses: what results are computed from. */
  responses: number;
  variables: WeightableVariable[];
  /** The saved margins, null when results are unweighted. */
  margins: Margins | null;
  /** What the saved margins do to today's responses, or why they no longer fit them. */
  current: WeightingOutcome | null;
}

const unlabelled = (code: string) => ({ code, en: null, fr: null });

/** Language, channel and every single-choice question, with each category's count of complete responses. */
export function weightableVariables(set: Pick<ResponseSet, "questions" | "rows">): WeightableVariable[] {
  const specs: {
    code: string;
    kind: WeightableVariable["kind"];
    known: { code: string; en: string | null; fr: string | null }[];
    textEn?: string;
    textFr?: string;
  }[] = [
    { code: "lang", kind: "lang", known: ["en", "fr"].map(unlabelled) },
    { code: "channel", kind: "channel", known: responseChannels.map(unlabelled) },
    ...set.questions.categories.map((q) => ({
      code: q.code,
      kind: "question" as const,
      known: q.options ?? [],
      textEn: q.textEn,
      textFr: q.textFr,
    })),
  ];
  return specs.map(({ code, kind, known, textEn = null, textFr = null }) => {
    const counts = new Map<string, number>();
    let missing = 0;
    for (const row of set.rows) {
      const category = categoryOf(row, code);
      if (category === null) missing++;
      else counts.set(category, (counts.get(category) ?? 0) + 1);
    }
    // An answer no option names any more (an option removed in a later version) is a category too.
    const others = [...counts.keys()].filter((c) => !known.some((k) => k.code === c)).map(unlabelled);
    const categories = [...known, ...others].map((c) => ({ ...c, count: counts.get(c.code) ?? 0 }));
    return { code, kind, textEn, textFr, categories, missing };
  });
}

function overallScores(set: ResponseSet, weights: number[]): WeightingPreview["overall"] {
  const code = set.questions.overall?.code;
  if (!code) return null;
  const ratings = set.rows.map((row) => ratingOf(row.answers, code));
  if (ratings.filter((r) => r !== null).length < 2) return null;
  return { code, unweighted: summarizeRatings(ratings), weighted: summarizeRatings(ratings, weights) };
}

function byCategory(rows: readonly ResultsRow[], margins: Margins, scaled: number[]): WeightingPreview["variables"] {
  return Object.entries(margins).map(([code, shares]) => ({
    code,
    categories: Object.entries(shares).map(([category, population]) => {
      const members = rows.flatMap((row, i) => (categoryOf(row, code) === category ? [scaled[i] ?? 0] : []));
      return {
        code: category,
        count: members.length,
        sample: members.length / rows.length,
        population,
        meanWeight: members.reduce((s, w) => s + w, 0) / members.length,
      };
    }),
  }));
}

/** Rakes the responses to checked margins, as the results pages do, and describes the weights. */
function previewMargins(set: ResponseSet, margins: Margins): WeightingOutcome {
  const notes: Parameters<typeof weightsFor>[2] = [];
  const { weights, raking } = weightsFor(set.rows, margins, notes);
  if (!weights || !raking) return { ok: false, issues: [{ key: "weighting.errors.rakingFailed", params: {} }] };
  const total = raking.totalWeight;
  const scaled = weights.map((w) => (w * weights.length) / total);
  return {
    ok: true,
    preview: {
      margins,
      spread: weightSpread(weights),
      raking: { iterations: raking.iterations, converged: raking.converged },
      overall: overallScores(set, weights),
      variables: byCategory(set.rows, margins, scaled),
    },
  };
}

function check(set: ResponseSet, variables: WeightableVariable[], entries: readonly MarginEntry[]): WeightingOutcome {
  const checked = checkMargins(variables, entries, set.rows.length);
  return checked.ok ? previewMargins(set, checked.margins) : checked;
}

async function load(ctx: TenantCtx, surveyId: string) {
  const set = await loadResponseSet(ctx, surveyId, {});
  return { set, variables: weightableVariables(set) };
}

/** The weighting page: variables, saved margins and what they do now. */
export async function getWeightingSetup(ctx: TenantCtx, surveyId: string): Promise<WeightingSetup> {
  assertCan(ctx, "results.view");
  return setupOf(ctx, await load(ctx, surveyId));
}

async function setupOf(ctx: TenantCtx, { set, variables }: Awaited<ReturnType<typeof load>>): Promise<WeightingSetup> {
  const margins = await getSurveyMargins(ctx, set.survey.id);
  return {
    survey: set.survey,
    responses: set.rows.length,
    variables,
    margins,
    current: margins ? check(set, variables, marginsToEntries(margins)) : null,
  };
}

/** A dry run: what the margins given would do to the weights. Nothing is saved. */
export async function previewWeighting(
  ctx: TenantCtx,
  surveyId: string,
  entries: readonly MarginEntry[],
): Promise<WeightingOutcome> {
  assertCan(ctx, "results.view");
  const { set, variables } = await load(ctx, surveyId);
  return check(set, variables, entries);
}

/** Saves margins checked against today's responses (again: the form's copy comes from the browser). */
export async function setSurveyWeighting(ctx: TenantCtx, surveyId: string, entries: readonly MarginEntry[]) {
  assertCan(ctx, "results.configure");
  const { set, variables } = await load(ctx, surveyId);
  const outcome = check(set, variables, entries);
  if (!outcome.ok) return outcome;
  const { margins } = outcome.preview;
  await ctx.db.transaction(async (tx) => {
    const where = and(eq(surveyWeighting.orgId, ctx.orgId), eq(surveyWeighting.surveyId, set.survey.id));
    const [before] = await tx.select({ margins: surveyWeighting.margins }).from(surveyWeighting).where(where);
    await tx
      .insert(surveyWeighting)
      .values({ orgId: ctx.orgId, surveyId: set.survey.id, margins, updatedBy: ctx.userId })
      .onConflictDoUpdate({
        target: [surveyWeighting.orgId, surveyWeighting.surveyId],
        set: { margins, updatedBy: ctx.userId, updatedAt: new Date() },
      });
    await recordAudit(tx, auditActor(ctx), {
      action: "survey.weighting_set",
      targetType: "survey",
      targetId: set.survey.id,
      before: before?.margins ?? null,
      after: margins,
    });
  });
  return outcome;
}

/** Results go back to unweighted. Returns whether there were margins to clear. */
export async function clearSurveyWeighting(ctx: TenantCtx, surveyId: string): Promise<boolean> {
  assertCan(ctx, "results.configure");
  const { id } = await getSurvey(ctx, surveyId);
  return ctx.db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(surveyWeighting)
      .where(and(eq(surveyWeighting.orgId, ctx.orgId), eq(surveyWeighting.surveyId, id)))
      .returning({ margins: surveyWeighting.margins });
    if (!gone) return false;
    await recordAudit(tx, auditActor(ctx), {
      action: "survey.weighting_cleared",
      targetType: "survey",
      targetId: id,
      before: gone.margins,
    });
    return true;
  });
}
