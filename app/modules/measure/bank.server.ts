import { and, asc, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { auditActor, recordAudit } from "#app/modules/identity/audit.server.ts";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import { can } from "#app/modules/identity/policy.ts";
import { organization } from "#app/modules/identity/schema.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import { bankQuestion } from "./schema.ts";

export const BANK_PAGE_SIZE = 50;

export interface BankFilters {
  q?: string;
  channel?: string;
  dimension?: string;
  driver?: string;
  element?: string;
  variant?: "citizen" | "business";
  module?: string;
  coreOnly?: boolean;
  includeRetired?: boolean;
  page: number;
}

const columns = {
  id: bankQuestion.id,
  code: bankQuestion.code,
  visibility: bankQuestion.visibility,
  status: bankQuestion.status,
  module: bankQuestion.module,
  core: bankQuestion.core,
  type: bankQuestion.type,
  scale: bankQuestion.scale,
  options: bankQuestion.options,
  min: bankQuestion.min,
  max: bankQuestion.max,
  textEn: bankQuestion.textEn,
  textFr: bankQuestion.textFr,
  helpEn: bankQuestion.helpEn,
  helpFr: bankQuestion.helpFr,
  channels: bankQuestion.channels,
  dimension: bankQuestion.dimension,
  driver: bankQuestion.driver,
  element: bankQuestion.element,
  variant: bankQuestion.variant,
  updatedAt: bankQuestion.updatedAt,
};

/** What a member may see: the public bank and their own organization's questions. */
const visibleTo = (ctx: TenantCtx) =>
  or(eq(bankQuestion.visibility, "public"), eq(bankQuestion.orgId, ctx.orgId)) as SQL;

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Browses and searches the bank by its codes and words, in either language. */
export async function findBankQuestions(ctx: TenantCtx, filters: BankFilters) {
  const where: SQL[] = [visibleTo(ctx)];
  if (!filters.includeRetired) where.push(eq(bankQuestion.status, "active"));
  if (filters.q) {
    const like = `%${escapeLike(filters.q)}%`;
    where.push(
      or(ilike(bankQuestion.textEn, like), ilike(bankQuestion.textFr, like), ilike(bankQuestion.code, like)) as SQL,
    );
  }
  if (filters.channel) where.push(sql`${filters.channel} = any(${bankQuestion.channels})`);
  if (filters.dimension) where.push(eq(bankQuestion.dimension, filters.dimension));
  if (filters.driver) where.push(eq(bankQuestion.driver, filters.driver));
  if (filters.element) where.push(eq(bankQuestion.element, filters.element));
  if (filters.variant)
    where.push(or(eq(bankQuestion.variant, filters.variant), eq(bankQuestion.variant, "both")) as SQL);
  if (filters.module) where.push(eq(bankQuestion.module, filters.module));
  if (filters.coreOnly) where.push(eq(bankQuestion.core, true));
  const rows = await ctx.db
    .select(columns)
    .from(bankQuestion)
    .where(and(...where))
    .orderBy(desc(bankQuestion.core), asc(bankQuestion.code))
    .limit(BANK_PAGE_SIZE + 1)
    .offset((filters.page - 1) * BANK_PAGE_SIZE);
  return { questions: rows.slice(0, BANK_PAGE_SIZE), hasNext: rows.length > BANK_PAGE_SIZE };
}

/** The modules that have questions the member can see, for the filter list. */
export async function findBankModules(ctx: TenantCtx): Promise<string[]> {
  const rows = await ctx.db
    .selectDistinct({ module: bankQuestion.module })
    .from(bankQuestion)
    .where(visibleTo(ctx))
    .orderBy(asc(bankQuestion.module));
  return rows.map((r) => r.module);
}

export async function getBankQuestion(ctx: TenantCtx, code: string) {
  const [row] = await ctx.db
    .select(columns)
    .from(bankQuestion)
    .where(and(visibleTo(ctx), eq(bankQuestion.code, code)));
  if (!row) throw new AppError("NotFound");
  return { ...row, editable: await canEdit(ctx, row.visibility) };
}

/** Private questions: the organization's designers. Public ones: platform admins, in the operator. */
async function canEdit(ctx: TenantCtx, visibility: "public" | "private"): Promise<boolean> {
  if (visibility === "private") return can(ctx.roles, "surveys.design");
  if (!can(ctx.roles, "bank.curate")) return false;
  const [org] = await ctx.db
    .select({ isOperator: organization.isOperator })
    .from(organization)
    .where(eq(organization.id, ctx.orgId));
  return Boolean(org?.isOperator);
}

export interface QuestionInput {
  type: string;
  scale: string | null;
  options: { code: string; en: string; fr: string }[] | null;
  min: number | null;
  max: number | null;
  textEn: string;
  textFr: string;
  helpEn: string | null;
  helpFr: string | null;
  channels: string[];
  dimension: string | null;
  driver: string | null;
  element: string;
  variant: "citizen" | "business" | "both";
  module: string;
}

/** Adds a question private to the organization, with a code of its own. */
export async function createPrivateQuestion(ctx: TenantCtx, input: QuestionInput): Promise<string> {
  assertCan(ctx, "surveys.design");
  return ctx.db.transaction(async (tx) => {
    const [org] = await tx
      .select({ slug: organization.slug })
      .from(organization)
      .where(eq(organization.id, ctx.orgId))
      .for("update");
    const [count] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(bankQuestion)
      .where(eq(bankQuestion.orgId, ctx.orgId));
    // Codes are unique across the platform: the organization's id makes them so;
    // a piece of its short name makes them readable.
    const name = (org?.slug ?? "org")
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, "")
      .slice(0, 10);
    const id = ctx.orgId.replace(/-/g, "").slice(0, 12).toUpperCase();
    const code = `ORG-${name}${id}-${String((count?.n ?? 0) + 1).padStart(4, "0")}`;
    await tx.insert(bankQuestion).values({ orgId: ctx.orgId, code, visibility: "private", core: false, ...input });
    await recordAudit(tx, auditActor(ctx), {
      action: "question.created",
      targetType: "question",
      targetId: code,
      after: input,
    });
    return code;
  });
}

/** Edits wording and coding. The code, type and core flag never change. */
export async function updateQuestion(ctx: TenantCtx, code: string, input: Omit<QuestionInput, "type">) {
  const current = await getBankQuestion(ctx, code);
  if (!current.editable) throw new AppError("Forbidden");
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(bankQuestion)
      .set({ ...input, updatedAt: new Date() })
      .where(and(eq(bankQuestion.orgId, ctx.orgId), eq(bankQuestion.code, code)));
    const { editable: _e, updatedAt: _u, ...before } = current;
    await recordAudit(tx, auditActor(ctx), {
      action: "question.updated",
      targetType: "question",
      targetId: code,
      before,
      after: input,
    });
  });
}

/** Retired questions leave the bank's lists but stay in surveys that use them. */
export async function setQuestionStatus(ctx: TenantCtx, code: string, status: "active" | "retired") {
  const current = await getBankQuestion(ctx, code);
  if (!current.editable) throw new AppError("Forbidden");
  if (current.core && status === "retired") throw new AppError("Conflict", "bank.errors.coreLocked");
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(bankQuestion)
      .set({ status, updatedAt: new Date() })
      .where(and(eq(bankQuestion.orgId, ctx.orgId), eq(bankQuestion.code, code)));
    await recordAudit(tx, auditActor(ctx), {
      action: status === "retired" ? "question.retired" : "question.restored",
      targetType: "question",
      targetId: code,
      before: { status: current.status },
      after: { status },
    });
  });
}
