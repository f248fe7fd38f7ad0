import { and, asc, desc, eq, inArray, or } from "drizzle-orm";
import { z } from "zod";
import { auditActor, recordAudit } from "#app/modules/identity/audit.server.ts";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import type { Db } from "#db/client.ts";
import {
  addItem,
  addPage,
  hasQuestion,
  moveItem,
  type PublishedDefinition,
  publishProblems,
  removeItem,
  removePage,
  type SurveyDefinition,
  setRequired,
  setShowIf,
} from "./definition.ts";
import { choiceCodes } from "./choice-codes.ts";
import { gridKind, groupAsGrid, ungroupGrid } from "./grids.ts";
import { cmtBank } from "./cmt-bank.ts";
import { bankQuestion, survey, surveyVersion } from "./schema.ts";

// The template keeps the bank's own order (overall satisfaction, then each
// driver), not the alphabetical order of codes.
const bankOrder = new Map(cmtBank.map((q, i) => [q.code, i]));
const inBankOrder = <T extends { code: string }>(rows: T[]) =>
  [...rows].sort((a, b) => (bankOrder.get(a.code) ?? 1e9) - (bankOrder.get(b.code) ?? 1e9));

const isUuid = (value: string) => z.uuid().safeParse(value).success;

export interface NewSurveyInput {
  titleEn: string;
  titleFr: string;
  serviceEn: string;
  serviceFr: string;
  channels: string[];
  variant: "citizen" | "business";
}

const listColumns = {
  id: survey.id,
  titleEn: survey.titleEn,
  titleFr: survey.titleFr,
  status: survey.status,
  publishedVersion: survey.publishedVersion,
  updatedAt: survey.updatedAt,
};

export async function findSurveys(ctx: TenantCtx) {
  assertCan(ctx, "results.view");
  return ctx.db.select(listColumns).from(survey).where(eq(survey.orgId, ctx.orgId)).orderBy(desc(survey.updatedAt));
}

export async function getSurvey(ctx: TenantCtx, surveyId: string) {
  assertCan(ctx, "results.view");
  if (!isUuid(surveyId)) throw new AppError("NotFound");
  const [row] = await ctx.db
    .select()
    .from(survey)
    .where(and(eq(survey.orgId, ctx.orgId), eq(survey.id, surveyId)));
  if (!row) throw new AppError("NotFound");
  return row;
}

/** The bank questions a draft uses, by code, as this member may see them. */
export async function getDraftQuestions(ctx: TenantCtx, definition: SurveyDefinition) {
  const codes = definition.pages.flatMap((p) => p.items.map((i) => i.code));
  // Drizzle turns an empty list into a condition that is never true: no special case needed.
  const rows = await ctx.db
    .select({
      code: bankQuestion.code,
      type: bankQuestion.type,
      scale: bankQuestion.scale,
      options: bankQuestion.options,
      min: bankQuestion.min,
      max: bankQuestion.max,
      textEn: bankQuestion.textEn,
      textFr: bankQuestion.textFr,
      helpEn: bankQuestion.helpEn,
      helpFr: bankQuestion.helpFr,
      driver: bankQuestion.driver,
      dimension: bankQuestion.dimension,
      element: bankQuestion.element,
      core: bankQuestion.core,
    })
    .from(bankQuestion)
    .where(
      and(
        inArray(bankQuestion.code, codes),
        or(eq(bankQuestion.visibility, "public"), eq(bankQuestion.orgId, ctx.orgId)),
      ),
    );
  return new Map(rows.map((r) => [r.code, r]));
}

/**
 * Starts a survey from the CMT template: the core questions for the chosen
 * version (citizens or businesses) come first and stay, so results can be
 * benchmarked against peers.
 */
export async function createSurveyFromTemplate(ctx: TenantCtx, input: NewSurveyInput): Promise<string> {
  assertCan(ctx, "surveys.design");
  const core = await ctx.db
    .select({ code: bankQuestion.code })
    .from(bankQuestion)
    .where(
      and(
        eq(bankQuestion.visibility, "public"),
        eq(bankQuestion.status, "active"),
        eq(bankQuestion.core, true),
        inArray(bankQuestion.variant, [input.variant, "both"]),
      ),
    )
    .orderBy(asc(bankQuestion.code));
  const draft: SurveyDefinition = {
    pages: [
      {
        key: "p1",
        titleEn: "Your experience with the service",
        titleFr: "Votre expérience du service",
        items: inBankOrder(core).map((q, i) => ({ key: `q${i + 1}`, code: q.code, locked: true, required: false })),
      },
    ],
  };
  return ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(survey)
      .values({ orgId: ctx.orgId, ...input, draft, createdBy: ctx.userId })
      .returning({ id: survey.id });
    if (!created) throw new Error("insert returned nothing");
    await recordAudit(tx, auditActor(ctx), {
      action: "survey.created",
      targetType: "survey",
      targetId: created.id,
      after: { ...input, coreQuestions: core.length },
    });
    return created.id;
  });
}

export type DraftChange =
  | { op: "addPage"; titleEn: string; titleFr: string }
  | { op: "removePage"; pageKey: string }
  | { op: "addQuestion"; pageKey: string; code: string }
  | { op: "removeQuestion"; itemKey: string }
  | { op: "move"; itemKey: string; direction: "up" | "down" }
  | { op: "required"; itemKey: string; required: boolean }
  | { op: "showIf"; itemKey: string; conditionCode: string | null; values: string[] }
  | { op: "groupGrid"; pageKey: string; itemKeys: string[]; titleEn: string; titleFr: string }
  | { op: "ungroupGrid"; gridKey: string };

/** Applies one change to a draft (published surveys are edited as a new draft). */
export async function changeDraft(ctx: TenantCtx, surveyId: string, change: DraftChange) {
  assertCan(ctx, "surveys.design");
  await ctx.db.transaction(async (tx) => {
    const current = await lockSurvey(tx, ctx, surveyId);
    if (current.status === "closed") throw new AppError("Conflict", "surveys.errors.closed");
    let next = current.draft;
    switch (change.op) {
      case "addPage":
        next = addPage(next, change);
        break;
      case "removePage":
        next = removePage(next, change.pageKey);
        break;
      case "addQuestion": {
        if (!next.pages.some((p) => p.key === change.pageKey)) throw new AppError("NotFound");
        if (hasQuestion(next, change.code)) throw new AppError("Conflict", "surveys.errors.alreadyIn");
        const [q] = await tx
          .select({ code: bankQuestion.code })
          .from(bankQuestion)
          .where(
            and(
              eq(bankQuestion.code, change.code),
              eq(bankQuestion.status, "active"),
              or(eq(bankQuestion.visibility, "public"), eq(bankQuestion.orgId, ctx.orgId)),
            ),
          );
        if (!q) throw new AppError("Invalid", "surveys.errors.unknownCode");
        next = addItem(next, change.pageKey, q.code);
        break;
      }
      case "removeQuestion":
        next = removeItem(next, change.itemKey);
        break;
      case "move":
        next = moveItem(next, change.itemKey, change.direction);
        break;
      case "required":
        next = setRequired(next, change.itemKey, change.required);
        break;
      case "showIf": {
        const condition = change.conditionCode ? { code: change.conditionCode, values: change.values } : null;
        if (condition) await assertChoiceCondition({ ...ctx, db: tx }, next, condition);
        const changed = setShowIf(next, change.itemKey, condition);
        if (!changed) throw new AppError("Invalid", "surveys.errors.logic");
        next = changed;
        break;
      }
      case "groupGrid": {
        const questions = await getDraftQuestions({ ...ctx, db: tx }, next);
        const kindOf = (code: string) => {
          const q = questions.get(code);
          return q ? gridKind(q) : null;
        };
        const titles = { titleEn: change.titleEn, titleFr: change.titleFr };
        const grouped = groupAsGrid(next, change.pageKey, change.itemKeys, titles, kindOf);
        if (!grouped) throw new AppError("Invalid", "surveys.grid.errors.rows");
        next = grouped;
        break;
      }
      case "ungroupGrid":
        next = ungroupGrid(next, change.gridKey);
        break;
    }
    await tx
      .update(survey)
      .set({ draft: next, draftChanged: true, updatedAt: new Date() })
      .where(and(eq(survey.orgId, ctx.orgId), eq(survey.id, surveyId)));
    await recordAudit(tx, auditActor(ctx), {
      action: "survey.updated",
      targetType: "survey",
      targetId: surveyId,
      before: summary(current.draft),
      after: { change, ...summary(next) },
    });
  });
}

/** Logic can only test answers with fixed codes: a scale point or a choice. */
async function assertChoiceCondition(
  ctx: TenantCtx,
  d: SurveyDefinition,
  condition: { code: string; values: string[] },
) {
  const question = (await getDraftQuestions(ctx, d)).get(condition.code);
  const codes = question ? choiceCodes(question) : null;
  if (!codes || condition.values.some((v) => !codes.includes(v))) {
    throw new AppError("Invalid", "surveys.errors.logic");
  }
}

const summary = (d: SurveyDefinition) => ({ pages: d.pages.map((p) => p.items.map((i) => i.code)) });

async function lockSurvey(tx: Db, ctx: TenantCtx, surveyId: string) {
  if (!isUuid(surveyId)) throw new AppError("NotFound");
  const [row] = await tx
    .select({ status: survey.status, draft: survey.draft, publishedVersion: survey.publishedVersion })
    .from(survey)
    .where(and(eq(survey.orgId, ctx.orgId), eq(survey.id, surveyId)))
    .for("update");
  if (!row) throw new AppError("NotFound");
  return row;
}

/**
 * Freezes the draft, with every question's wording as it is now, as the next
 * version. Later edits to the draft or the bank do not change it.
 */
export async function publishSurvey(ctx: TenantCtx, surveyId: string): Promise<number> {
  assertCan(ctx, "surveys.design");
  return ctx.db.transaction(async (tx) => {
    const current = await lockSurvey(tx, ctx, surveyId);
    if (current.status === "closed") throw new AppError("Conflict", "surveys.errors.closed");
    if (publishProblems(current.draft).length > 0) throw new AppError("Conflict", "surveys.errors.notReady");
    const questions = await getDraftQuestions({ ...ctx, db: tx }, current.draft);
    const frozen: PublishedDefinition = {
      pages: current.draft.pages.map((p) => ({
        ...p,
        items: p.items.map((i) => {
          const q = questions.get(i.code);
          if (!q) throw new AppError("Conflict", "surveys.errors.unknownCode");
          const { core: _core, ...question } = q;
          return { ...i, question };
        }),
      })),
    };
    const version = (current.publishedVersion ?? 0) + 1;
    await tx.insert(surveyVersion).values({
      orgId: ctx.orgId,
      surveyId,
      version,
      definition: frozen,
      publishedBy: ctx.userId,
    });
    await tx
      .update(survey)
      .set({ status: "published", publishedVersion: version, draftChanged: false, updatedAt: new Date() })
      .where(and(eq(survey.orgId, ctx.orgId), eq(survey.id, surveyId)));
    await recordAudit(tx, auditActor(ctx), {
      action: "survey.published",
      targetType: "survey",
      targetId: surveyId,
      after: { version, questions: questions.size },
    });
    return version;
  });
}

export async function closeSurvey(ctx: TenantCtx, surveyId: string) {
  assertCan(ctx, "surveys.design");
  await ctx.db.transaction(async (tx) => {
    const current = await lockSurvey(tx, ctx, surveyId);
    if (current.status !== "published") throw new AppError("Conflict", "surveys.errors.notPublished");
    await tx
      .update(survey)
      .set({ status: "closed", updatedAt: new Date() })
      .where(and(eq(survey.orgId, ctx.orgId), eq(survey.id, surveyId)));
    await recordAudit(tx, auditActor(ctx), {
      action: "survey.closed",
      targetType: "survey",
      targetId: surveyId,
      before: { status: "published" },
      after: { status: "closed" },
    });
  });
}

export async function findSurveyVersions(ctx: TenantCtx, surveyId: string) {
  assertCan(ctx, "results.view");
  return ctx.db
    .select({ version: surveyVersion.version, publishedAt: surveyVersion.publishedAt })
    .from(surveyVersion)
    .where(and(eq(surveyVersion.orgId, ctx.orgId), eq(surveyVersion.surveyId, surveyId)))
    .orderBy(desc(surveyVersion.version));
}

export interface SurveySettingsInput {
  titleEn: string;
  titleFr: string;
  serviceEn: string;
  serviceFr: string;
  opensAt: Date | null;
  closesAt: Date | null;
  responseTarget: number | null;
  closingMessageEn: string | null;
  closingMessageFr: string | null;
}

/** Titles, dates, response target and closing message. */
export async function updateSurveySettings(ctx: TenantCtx, surveyId: string, input: SurveySettingsInput) {
  assertCan(ctx, "surveys.design");
  if (input.opensAt && input.closesAt && input.opensAt >= input.closesAt) {
    throw new AppError("Invalid", "surveys.errors.dates");
  }
  await ctx.db.transaction(async (tx) => {
    await lockSurvey(tx, ctx, surveyId);
    const [before] = await tx
      .select({
        titleEn: survey.titleEn,
        titleFr: survey.titleFr,
        opensAt: survey.opensAt,
        closesAt: survey.closesAt,
        responseTarget: survey.responseTarget,
      })
      .from(survey)
      .where(and(eq(survey.orgId, ctx.orgId), eq(survey.id, surveyId)));
    await tx
      .update(survey)
      .set({ ...input, updatedAt: new Date() })
      .where(and(eq(survey.orgId, ctx.orgId), eq(survey.id, surveyId)));
    await recordAudit(tx, auditActor(ctx), {
      action: "survey.updated",
      targetType: "survey",
      targetId: surveyId,
      before,
      after: input,
    });
  });
}
