// Steps 2 to 5 of an import: map columns, recode values, dry run, commit.
// Every step reads the staged chunks, never the file; the commit writes every
// row or none, once.
import { and, desc, eq, lt } from "drizzle-orm";
import { auditActor, recordAudit } from "#app/modules/identity/audit.server.ts";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import { choiceCodes } from "#app/modules/measure/choice-codes.ts";
import { surveyVersion } from "#app/modules/measure/schema.ts";
import { getSurvey } from "#app/modules/measure/surveys.server.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import type { Keyring, OrgSealer } from "#app/modules/privacy/keyring.server.ts";
import type { PeriodicJob } from "#app/modules/jobs/scheduler.server.ts";
import type { PublishedDefinition } from "#app/modules/measure/definition.ts";
import type { Db } from "#db/client.ts";
import {
  type ColumnProfile,
  type ImportRowError,
  type ImportedRow,
  mappingProblems,
  type Recoding,
  rowReader,
} from "./import-mapping.ts";
import { CHUNK_ROWS, STAGED_FOR_MS } from "./import-stage.server.ts";
import { itemsByCode } from "./ingest.ts";
import { INSERT_BATCH, insertResponses, type NewResponse } from "./ingest-write.server.ts";
import { type ImportMapping, responseImport, responseImportChunk } from "./schema.ts";

/** Errors listed on the report page; the download has them all. */
export const REPORT_ERRORS = 100;
/** How long the result of a committed import stays visible. */
const COMMITTED_FOR_MS = 7 * 24 * 3600 * 1000;

export interface ImportReport {
  rows: number;
  valid: number;
  invalid: number;
  errors: number;
  /** How many errors of each kind each column has (column null: the row as a whole). */
  byColumn: { column: number | null; reason: string; count: number }[];
  first: ImportRowError[];
}

const importWhere = (ctx: TenantCtx, surveyId: string, importId: string) =>
  and(eq(responseImport.orgId, ctx.orgId), eq(responseImport.surveyId, surveyId), eq(responseImport.id, importId));

const isUuid = (v: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);

async function loadImport(db: Db, ctx: TenantCtx, surveyId: string, importId: string, lock = false) {
  if (!isUuid(importId)) throw new AppError("NotFound");
  const query = db
    .select()
    .from(responseImport)
    .where(importWhere(ctx, surveyId, importId));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new AppError("NotFound");
  return row;
}

async function versionsOf(db: Db, orgId: string, surveyId: string) {
  return db
    .select({
      version: surveyVersion.version,
      definition: surveyVersion.definition,
      publishedAt: surveyVersion.publishedAt,
    })
    .from(surveyVersion)
    .where(and(eq(surveyVersion.orgId, orgId), eq(surveyVersion.surveyId, surveyId)))
    .orderBy(desc(surveyVersion.version));
}

const openJson = <T>(sealer: OrgSealer, sealed: string | null): T | null =>
  sealed === null ? null : (JSON.parse(sealer.open(sealed)) as T);

/** An import as its pages show it: the file's columns and values, the versions, the choices so far. */
export async function getImport(ctx: TenantCtx, keyring: Keyring, surveyId: string, importId: string) {
  assertCan(ctx, "surveys.design");
  const s = await getSurvey(ctx, surveyId);
  const row = await loadImport(ctx.db, ctx, s.id, importId);
  const sealer = await keyring.forOrg(ctx.db, ctx.orgId);
  const versions = await versionsOf(ctx.db, ctx.orgId, s.id);
  const { profile, recoding, report, ...rest } = row;
  return {
    survey: { id: s.id, titleEn: s.titleEn, titleFr: s.titleFr, status: s.status },
    import: rest,
    profile: openJson<ColumnProfile[]>(sealer, profile) ?? [],
    recoding: openJson<Recoding>(sealer, recoding),
    report: openJson<ImportReport>(sealer, report),
    versions,
  };
}

/** The imports of a survey, newest first, for the upload page. */
export async function findImports(ctx: TenantCtx, surveyId: string) {
  assertCan(ctx, "surveys.design");
  return ctx.db
    .select({
      id: responseImport.id,
      status: responseImport.status,
      format: responseImport.format,
      filledRows: responseImport.filledRows,
      imported: responseImport.imported,
      createdAt: responseImport.createdAt,
    })
    .from(responseImport)
    .where(and(eq(responseImport.orgId, ctx.orgId), eq(responseImport.surveyId, surveyId)))
    .orderBy(desc(responseImport.createdAt))
    .limit(20);
}

function assertStaged(row: { status: string }) {
  if (row.status !== "staged") throw new AppError("Conflict", "import.errors.committed");
}

/**
 * Saves which question each column answers. Returns the problems by column
 * (catalogue keys) instead when there are any; nothing changes then.
 */
export async function saveMapping(ctx: TenantCtx, surveyId: string, importId: string, mapping: ImportMapping) {
  assertCan(ctx, "surveys.design");
  const row = await loadImport(ctx.db, ctx, surveyId, importId);
  assertStaged(row);
  const version = (await versionsOf(ctx.db, ctx.orgId, surveyId)).find((v) => v.version === mapping.version);
  if (!version || mapping.columns.length !== row.header.length) throw new AppError("Invalid");
  const problems = mappingProblems(mapping.columns, version.definition);
  if (problems.size > 0) return { problems };
  const now = new Date();
  await ctx.db
    .update(responseImport)
    .set({
      mapping,
      report: null,
      errorCount: null,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + STAGED_FOR_MS),
    })
    .where(importWhere(ctx, surveyId, importId));
  return { problems };
}

/** Every row of the staged file in order, with its spreadsheet row number; one query per chunk. */
async function* stagedRows(db: Db, sealer: OrgSealer, row: { orgId: string; id: string; headerRow: number }) {
  for (let chunk = 0; ; chunk++) {
    const [next] = await db
      .select({ rows: responseImportChunk.rows })
      .from(responseImportChunk)
      .where(
        and(
          eq(responseImportChunk.orgId, row.orgId),
          eq(responseImportChunk.importId, row.id),
          eq(responseImportChunk.chunk, chunk),
        ),
      );
    if (!next) return;
    const rows = JSON.parse(sealer.open(next.rows)) as string[][];
    const first = row.headerRow + 1 + chunk * CHUNK_ROWS;
    for (let i = 0; i < rows.length; i++) yield { cells: rows[i] as string[], row: first + i };
  }
}

type StagedImport = typeof responseImport.$inferSelect;

/** Reads every row with the import's mapping and recoding, handing each result on. */
async function readRows(
  db: Db,
  sealer: OrgSealer,
  row: StagedImport,
  definition: PublishedDefinition,
  recoding: Recoding,
  now: Date,
  each: (result: ImportedRow | ImportRowError[], row: number) => void | Promise<void>,
) {
  if (!row.mapping) throw new AppError("Conflict", "import.errors.notMapped");
  const read = rowReader(definition, row.mapping, recoding, now);
  for await (const { cells, row: n } of stagedRows(db, sealer, row)) {
    const result = read(cells, n);
    if (result) await each(result, n);
  }
}

function definitionFor(
  versions: { version: number; definition: PublishedDefinition }[],
  mapping: ImportMapping | null,
) {
  const found = versions.find((v) => v.version === mapping?.version);
  if (!found || !mapping) throw new AppError("Conflict", "import.errors.notMapped");
  return found.definition;
}

/** Checks every row without writing anything: counts, errors by column, the first errors. */
async function dryRun(
  db: Db,
  sealer: OrgSealer,
  row: StagedImport,
  definition: PublishedDefinition,
  recoding: Recoding,
) {
  const report: ImportReport = { rows: 0, valid: 0, invalid: 0, errors: 0, byColumn: [], first: [] };
  const counts = new Map<string, { column: number | null; reason: string; count: number }>();
  await readRows(db, sealer, row, definition, recoding, new Date(), (result) => {
    report.rows++;
    if (!Array.isArray(result)) {
      report.valid++;
      return;
    }
    report.invalid++;
    report.errors += result.length;
    for (const error of result) {
      const key = `${error.column}|${error.reason}`;
      const entry = counts.get(key) ?? { column: error.column, reason: error.reason, count: 0 };
      entry.count++;
      counts.set(key, entry);
      if (report.first.length < REPORT_ERRORS) report.first.push(error);
    }
  });
  report.byColumn = [...counts.values()].sort((a, b) => (a.column ?? -1) - (b.column ?? -1) || b.count - a.count);
  return report;
}

/**
 * Saves how values become codes, then dry-runs the whole file with it and
 * keeps the report. Each recoded value must map to a code of its question,
 * or to "" (missing).
 */
export async function saveRecoding(
  ctx: TenantCtx,
  keyring: Keyring,
  surveyId: string,
  importId: string,
  recoding: Recoding,
) {
  assertCan(ctx, "surveys.design");
  const row = await loadImport(ctx.db, ctx, surveyId, importId);
  assertStaged(row);
  const definition = definitionFor(await versionsOf(ctx.db, ctx.orgId, surveyId), row.mapping);
  const items = itemsByCode(definition);
  for (const [code, values] of Object.entries(recoding)) {
    const codes = choiceCodes(items.get(code)?.question ?? { type: "", options: null });
    if (!codes || Object.values(values).some((v) => v !== "" && !codes.includes(v))) throw new AppError("Invalid");
  }
  const sealer = await keyring.forOrg(ctx.db, ctx.orgId);
  const report = await dryRun(ctx.db, sealer, row, definition, recoding);
  const now = new Date();
  await ctx.db
    .update(responseImport)
    .set({
      recoding: sealer.seal(JSON.stringify(recoding)),
      report: sealer.seal(JSON.stringify(report)),
      errorCount: report.errors,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + STAGED_FOR_MS),
    })
    .where(and(importWhere(ctx, surveyId, importId), eq(responseImport.updatedAt, row.updatedAt)));
  return report;
}

/**
 * Every error of the current mapping and recoding, for the download: the
 * survey, the file's header, and the errors in batches. Refused (a Conflict,
 * before anything streams) until the rows have been checked once: before the
 * mapping there is nothing to report against.
 */
export async function importErrors(ctx: TenantCtx, keyring: Keyring, surveyId: string, importId: string) {
  const { survey, import: row, recoding, versions } = await getImport(ctx, keyring, surveyId, importId);
  if (!row.mapping || row.errorCount === null) throw new AppError("Conflict", "import.errors.reportNotReady");
  const mapping: ImportMapping = row.mapping;
  const sealer = await keyring.forOrg(ctx.db, ctx.orgId);
  const definition = definitionFor(versions, mapping);
  async function* batches() {
    const found: ImportRowError[] = [];
    const read = rowReader(definition, mapping, recoding ?? {}, new Date());
    // Chunk by chunk: the rows of one chunk are read, then their errors handed out.
    for await (const { cells, row: n } of stagedRows(ctx.db, sealer, {
      orgId: ctx.orgId,
      id: row.id,
      headerRow: row.headerRow,
    })) {
      const result = read(cells, n);
      if (Array.isArray(result)) found.push(...result);
      if (found.length >= CHUNK_ROWS) yield found.splice(0);
    }
    if (found.length > 0) yield found;
  }
  return { survey, header: row.header, batches: batches() };
}

export type CommitResult = { imported: number; already: boolean };

/**
 * Writes every row as a complete response on the import channel, in one
 * transaction, under a lock on the import: a second commit (a double click,
 * a retry) waits, then finds it committed and writes nothing. Refused
 * unless the dry run of the current mapping found no error.
 */
export async function commitImport(
  ctx: TenantCtx,
  keyring: Keyring,
  surveyId: string,
  importId: string,
): Promise<CommitResult> {
  assertCan(ctx, "surveys.design");
  await getSurvey(ctx, surveyId);
  const sealer = await keyring.forOrg(ctx.db, ctx.orgId);
  const versions = await versionsOf(ctx.db, ctx.orgId, surveyId);
  return ctx.db.transaction(async (tx) => {
    const row = await loadImport(tx, ctx, surveyId, importId, true);
    if (row.status === "committed") return { imported: row.imported ?? 0, already: true };
    if (row.errorCount === null) throw new AppError("Conflict", "import.errors.notChecked");
    if (row.errorCount > 0) throw new AppError("Conflict", "import.errors.hasErrors");
    const mapping = row.mapping as ImportMapping;
    const definition = definitionFor(versions, mapping);
    const recoding = openJson<Recoding>(sealer, row.recoding) ?? {};
    const now = new Date();
    const target = {
      orgId: ctx.orgId,
      surveyId,
      version: mapping.version,
      channel: "import" as const,
      enteredBy: ctx.userId,
    };
    let pending: NewResponse[] = [];
    let imported = 0;
    await readRows(tx, sealer, row, definition, recoding, now, async (result, n) => {
      // The file and choices are those the dry run passed: an error now means they changed under us.
      if (Array.isArray(result)) throw new AppError("Conflict", "import.errors.notChecked");
      pending.push({ ...result, idempotencyKey: `import:${importId}:${n}` });
      if (pending.length >= INSERT_BATCH) {
        imported += (await insertResponses(tx, sealer, target, definition, pending, now)).length;
        pending = [];
      }
    });
    imported += (await insertResponses(tx, sealer, target, definition, pending, now)).length;
    await tx
      .delete(responseImportChunk)
      .where(and(eq(responseImportChunk.orgId, ctx.orgId), eq(responseImportChunk.importId, importId)));
    await tx
      .update(responseImport)
      .set({
        status: "committed",
        imported,
        committedAt: now,
        updatedAt: now,
        expiresAt: new Date(now.getTime() + COMMITTED_FOR_MS),
      })
      .where(importWhere(ctx, surveyId, importId));
    await recordAudit(tx, auditActor(ctx), {
      action: "responses.imported",
      targetType: "survey",
      targetId: surveyId,
      after: { channel: "import", format: row.format, version: mapping.version, rows: row.filledRows, imported },
    });
    return { imported, already: false };
  });
}

/** Drops a staged import and its rows. */
export async function discardImport(ctx: TenantCtx, surveyId: string, importId: string) {
  assertCan(ctx, "surveys.design");
  await loadImport(ctx.db, ctx, surveyId, importId);
  await ctx.db
    .delete(responseImport)
    .where(and(importWhere(ctx, surveyId, importId), eq(responseImport.status, "staged")));
}

/** Background job: staged imports nobody finished, and old results, go with their rows. */
export const expireImports: PeriodicJob = {
  name: "expire-imports",
  everyMs: 3600 * 1000,
  async run({ db }, now) {
    const gone = await db
      .delete(responseImport)
      .where(lt(responseImport.expiresAt, now))
      .returning({ id: responseImport.id });
    return gone.length;
  },
};
