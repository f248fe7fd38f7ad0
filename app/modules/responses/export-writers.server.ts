// Writes an export as a file stream: CSV through csv-stringify, Excel through
// exceljs's streaming writer. Rows are pulled only as fast as the reader
// takes the file, so memory stays bounded whatever the number of responses.
import { once } from "node:events";
import { PassThrough, pipeline, Readable, type Writable } from "node:stream";
import { setImmediate } from "node:timers/promises";
import { stringify } from "csv-stringify";
import ExcelJS from "exceljs";
import { tFor } from "#app/i18n/i18n.ts";
import type { Lang } from "#app/i18n/paths.ts";
import { rfc4180ForExcel } from "#app/modules/platform/csv.ts";
import { type Cell, type CodebookEntry, describeValues, neutralise } from "./export-format.ts";

export interface Table {
  header: string[];
  rows: AsyncIterable<Cell[]> | Iterable<Cell[]>;
}

/** The codebook as a table, headed in the reader's language. */
export function codebookTable(codebook: CodebookEntry[], lang: Lang): { header: string[]; rows: Cell[][] } {
  const t = tFor(lang);
  return {
    header: [
      t("surveys.export.codebook.code"),
      t("surveys.export.codebook.type"),
      t("surveys.export.codebook.textEn"),
      t("surveys.export.codebook.textFr"),
      t("surveys.export.codebook.valuesEn"),
      t("surveys.export.codebook.valuesFr"),
      t("surveys.export.codebook.versions"),
    ],
    rows: codebook.map((q) => [
      q.code,
      t(`bank.types.${q.type}`, { defaultValue: q.type }),
      q.textEn,
      q.textFr,
      describeValues(q, "en"),
      describeValues(q, "fr"),
      q.versions.join("; "),
    ]),
  };
}

async function* withHeader({ header, rows }: Table): AsyncGenerator<Cell[]> {
  yield header.map(neutralise);
  for await (const row of rows) yield row.map(neutralise);
}

/** UTF-8 CSV with a byte order mark, so Excel reads accents right. */
export function csvStream(table: Table): Readable {
  const csv = stringify(rfc4180ForExcel);
  // On failure pipeline destroys `csv` with the error, which cuts the
  // download off: say so in the log, or a half file is all anyone knows.
  pipeline(Readable.from(withHeader(table)), csv, (error) => error && downloadFailed(error));
  return csv;
}

// Rows between two waits for the zip to catch up with what was written.
const XLSX_CHECK_EVERY = 500;

/** An Excel workbook: the responses sheet, then the codebook sheet, names in the reader's language. */
export function xlsxStream(responses: Table, codebook: Table, lang: Lang): Readable {
  const t = tFor(lang);
  const out = new PassThrough();
  const stopped = new AbortController();
  out.once("close", () => stopped.abort());
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });

  async function writeSheet(name: string, table: Table) {
    const sheet = workbook.addWorksheet(name);
    let n = 0;
    for await (const row of withHeader(table)) {
      if (stopped.signal.aborted) return;
      sheet.addRow(row).commit();
      if (++n % XLSX_CHECK_EVERY === 0) await caughtUp(sheet, out, stopped.signal);
    }
    sheet.commit();
  }

  (async () => {
    await writeSheet(t("surveys.export.sheets.responses"), responses);
    await writeSheet(t("surveys.export.sheets.codebook"), codebook);
    if (!stopped.signal.aborted) await workbook.commit();
  })().catch((error: unknown) => {
    if (stopped.signal.aborted) return;
    downloadFailed(error);
    out.destroy(error as Error);
  });
  return out;
}

/** A download cut off by our failure (not the reader's going away), logged without its rows. */
function downloadFailed(error: unknown) {
  if ((error as NodeJS.ErrnoException).code === "ERR_STREAM_PREMATURE_CLOSE" || (error as Error).name === "AbortError")
    return;
  console.error("download failed:", error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}

/**
 * exceljs writes each sheet into the zip without waiting for it, so a slow
 * reader would let the sheet's XML pile up in memory. Waits until the zip
 * entry and the output have taken what was written.
 */
async function caughtUp(sheet: unknown, out: Writable, signal: AbortSignal) {
  await setImmediate(); // rows from memory never leave the event loop otherwise
  // The streaming worksheet's buffer (not in exceljs's types) and the zip entry it feeds.
  const pipes = (sheet as { stream?: { pipes?: Writable[] } }).stream?.pipes ?? [];
  for (const target of [...pipes, out]) {
    if (isBackedUp(target)) await once(target, "drain", { signal });
  }
}

// archiver's entry streams are readable-stream 2, without `writableLength`;
// the state they share with Node's streams says the same.
function isBackedUp(stream: Writable): boolean {
  const state = (stream as unknown as { _writableState?: { length: number; highWaterMark: number } })._writableState;
  return state ? state.length >= state.highWaterMark : false;
}

/** A file name from the survey's title: "passport-renewal-2026-responses-2026-05-14.csv". */
export function exportFileName(title: string, kind: string, extension: string, today = new Date()): string {
  const slug =
    title
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/-+$/, "") || "survey";
  return `${slug}-${kind}-${today.toISOString().slice(0, 10)}.${extension}`;
}

const contentTypes: Record<string, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** A download: the file streams out as the browser takes it (the server marks every page no-store). */
export function fileResponse(body: Readable, fileName: string): Response {
  return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": contentTypes[fileName.split(".").at(-1) ?? ""] ?? "application/octet-stream",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      // Not gzipped on the way: compression() leaves one drain listener per
      // backpressure wait on a long stream, and XLSX is already zipped.
      "Cache-Control": "private, no-store, no-transform",
    },
  });
}
