// Step 1 of an import: the file is read once, checked against the limits,
// and its rows staged in sealed chunks with a profile of each column's
// values, so the later steps never need the file again. Nothing is stored
// unless the whole file reads.
import { and, eq } from "drizzle-orm";
import { auditActor } from "#app/modules/identity/audit.server.ts";
import { assertCan, type TenantCtx } from "#app/modules/identity/context.ts";
import { getSurvey } from "#app/modules/measure/surveys.server.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import type { Keyring, OrgSealer } from "#app/modules/privacy/keyring.server.ts";
import type { Db } from "#db/client.ts";
import { IMPORT_MAX_COLUMNS, IMPORT_MAX_ROWS, ImportFileError, openTable } from "./import-file.server.ts";
import type { ColumnProfile } from "./import-mapping.ts";
import { responseImport, responseImportChunk } from "./schema.ts";

export const CHUNK_ROWS = 1000;
/** Distinct values kept per column: plenty for any question with codes. */
const PROFILE_VALUES = 500;
/** How long a staged import waits for its next step. */
export const STAGED_FOR_MS = 24 * 3600 * 1000;

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

export interface StagedFile {
  format: "csv" | "xlsx";
  encoding: string | null;
  delimiter: string | null;
  header: string[];
  headerRow: number;
  rowCount: number;
  filledRows: number;
  profile: string;
  chunks: string[];
}

class Profiler {
  private readonly columns: { counts: Map<string, number>; more: boolean; blank: number }[];
  constructor(width: number) {
    this.columns = Array.from({ length: width }, () => ({ counts: new Map(), more: false, blank: 0 }));
  }
  add(cells: string[]) {
    this.columns.forEach((column, i) => {
      const value = (cells[i] ?? "").trim();
      if (value === "") column.blank++;
      else if (column.counts.has(value)) column.counts.set(value, (column.counts.get(value) ?? 0) + 1);
      else if (column.counts.size < PROFILE_VALUES) column.counts.set(value, 1);
      else column.more = true;
    });
  }
  result(): ColumnProfile[] {
    return this.columns.map((c) => ({
      values: [...c.counts].sort((a, b) => b[1] - a[1]),
      more: c.more,
      blank: c.blank,
    }));
  }
}

/** Reads the whole file into sealed chunks; throws ImportFileError for what cannot be imported. */
export async function readUpload(file: UploadedFile, sealer: OrgSealer): Promise<StagedFile> {
  const table = openTable(file.bytes, file.name);
  let header: string[] | null = null;
  let headerRow = 0;
  let profiler = new Profiler(0);
  const chunks: string[] = [];
  let chunk: string[][] = [];
  let blanks = 0; // blank rows not yet known to be followed by a filled one
  let rowCount = 0;
  let filledRows = 0;
  let n = 0;
  const push = (row: string[]) => {
    chunk.push(row);
    if (chunk.length === CHUNK_ROWS) {
      chunks.push(sealer.seal(JSON.stringify(chunk)));
      chunk = [];
    }
  };
  for await (const cells of table.rows) {
    n++;
    const filled = cells.some((c) => c.trim() !== "");
    if (!header) {
      if (!filled) continue;
      header = trimEnd(cells.map((c) => c.trim()));
      if (header.length > IMPORT_MAX_COLUMNS)
        throw new ImportFileError("tooManyColumns", { max: String(IMPORT_MAX_COLUMNS) });
      headerRow = n;
      profiler = new Profiler(header.length);
      continue;
    }
    if (!filled) {
      blanks++;
      continue;
    }
    // A CSV row has a cell per heading, empty or not (a workbook's row ends
    // at its last filled cell): fewer means the row would be read askew.
    if (table.format === "csv" && cells.length < header.length) {
      throw new ImportFileError("missingCells", {
        row: String(n),
        cells: String(cells.length),
        header: String(header.length),
      });
    }
    const row = trimEnd(cells);
    if (row.length > header.length) {
      throw new ImportFileError("extraCells", {
        row: String(n),
        cells: String(row.length),
        header: String(header.length),
      });
    }
    rowCount += blanks + 1;
    if (rowCount > IMPORT_MAX_ROWS)
      throw new ImportFileError("tooManyRows", { max: IMPORT_MAX_ROWS.toLocaleString("en-CA") });
    for (; blanks > 0; blanks--) push([]);
    push(row);
    profiler.add(row);
    filledRows++;
  }
  if (!header) throw new ImportFileError("empty");
  if (filledRows === 0) throw new ImportFileError("noRows");
  if (chunk.length > 0) chunks.push(sealer.seal(JSON.stringify(chunk)));
  return {
    format: table.format,
    encoding: table.encoding,
    delimiter: table.delimiter,
    header,
    headerRow,
    rowCount,
    filledRows,
    profile: sealer.seal(JSON.stringify(profiler.result())),
    chunks,
  };
}

function trimEnd(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && (cells[end - 1] ?? "").trim() === "") end--;
  return end === cells.length ? cells : cells.slice(0, end);
}

/** The staged file's columns, in the import's row. */
const fileColumns = (staged: StagedFile, now: Date) => ({
  format: staged.format,
  encoding: staged.encoding,
  delimiter: staged.delimiter,
  header: staged.header,
  headerRow: staged.headerRow,
  rowCount: staged.rowCount,
  filledRows: staged.filledRows,
  profile: staged.profile,
  report: null,
  errorCount: null,
  updatedAt: now,
  expiresAt: new Date(now.getTime() + STAGED_FOR_MS),
});

async function insertChunks(tx: Db, orgId: string, importId: string, chunks: string[]) {
  // A few chunks per statement: each is a few hundred kilobytes.
  for (let i = 0; i < chunks.length; i += 20) {
    await tx
      .insert(responseImportChunk)
      .values(chunks.slice(i, i + 20).map((rows, j) => ({ orgId, importId, chunk: i + j, rows })));
  }
}

/** Starts an import of a file into a survey that has a published version. Returns its id. */
export async function stageImport(ctx: TenantCtx, keyring: Keyring, surveyId: string, file: UploadedFile) {
  assertCan(ctx, "surveys.design");
  const s = await getSurvey(ctx, surveyId);
  if (!s.publishedVersion) throw new AppError("Conflict", "import.errors.notPublished");
  return saveStagedFile(ctx, s.id, await readUpload(file, await keyring.forOrg(ctx.db, ctx.orgId)));
}

/** Stores a file read by `readUpload` as a new import of the survey. Returns its id. */
export async function saveStagedFile(ctx: TenantCtx, surveyId: string, staged: StagedFile) {
  assertCan(ctx, "surveys.design");
  const now = new Date();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(responseImport)
      .values({
        orgId: ctx.orgId,
        surveyId,
        createdBy: auditActor(ctx).userId,
        createdAt: now,
        ...fileColumns(staged, now),
      })
      .returning({ id: responseImport.id });
    const id = row?.id as string;
    await insertChunks(tx, ctx.orgId, id, staged.chunks);
    return id;
  });
}

/**
 * A corrected file for the same import. With the same header the mapping and
 * recoding stay (values new to the file get suggestions); otherwise the
 * mapping starts again. The dry run always does.
 */
export async function replaceImportFile(
  ctx: TenantCtx,
  keyring: Keyring,
  surveyId: string,
  importId: string,
  file: UploadedFile,
) {
  assertCan(ctx, "surveys.design");
  const where = and(
    eq(responseImport.orgId, ctx.orgId),
    eq(responseImport.surveyId, surveyId),
    eq(responseImport.id, importId),
  );
  const [current] = await ctx.db
    .select({ header: responseImport.header, status: responseImport.status })
    .from(responseImport)
    .where(where);
  if (!current) throw new AppError("NotFound");
  if (current.status !== "staged") throw new AppError("Conflict", "import.errors.committed");
  const staged = await readUpload(file, await keyring.forOrg(ctx.db, ctx.orgId));
  const sameHeader =
    staged.header.length === current.header.length && staged.header.every((h, i) => h === current.header[i]);
  const now = new Date();
  await ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select({ status: responseImport.status }).from(responseImport).where(where).for("update");
    if (locked?.status !== "staged") throw new AppError("Conflict", "import.errors.committed");
    await tx
      .delete(responseImportChunk)
      .where(and(eq(responseImportChunk.orgId, ctx.orgId), eq(responseImportChunk.importId, importId)));
    await tx
      .update(responseImport)
      .set({ ...fileColumns(staged, now), ...(sameHeader ? {} : { mapping: null, recoding: null }) })
      .where(where);
    await insertChunks(tx, ctx.orgId, importId, staged.chunks);
  });
  return { sameHeader };
}
