// Reads an uploaded spreadsheet as rows of text: CSV in whatever encoding and
// delimiter a spreadsheet program or a statistics package wrote it, or an
// Excel workbook's first sheet. Anything else is refused with a reason a
// person can act on.
import { Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import ExcelJS from "exceljs";
import { AppError } from "#app/modules/platform/errors.ts";

export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 200_000;
export const IMPORT_MAX_COLUMNS = 500;

/** A file that cannot be imported: `key` is a catalogue key, `params` fill it in. */
export class ImportFileError extends AppError {
  readonly params: Record<string, string>;
  constructor(reason: string, params: Record<string, string> = {}) {
    super("Invalid", `import.fileErrors.${reason}`);
    this.params = params;
  }
}

export interface OpenedTable {
  format: "csv" | "xlsx";
  encoding: string | null;
  delimiter: string | null;
  /** Every row, from the spreadsheet's first: row n is the nth yielded (blank rows as []). */
  rows: AsyncIterable<string[]>;
}

const startsWith = (bytes: Uint8Array, ...prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

export function openTable(bytes: Uint8Array, fileName: string): OpenedTable {
  if (bytes.length === 0) throw new ImportFileError("empty");
  if (bytes.length > IMPORT_MAX_BYTES) throw new ImportFileError("tooBig", { max: "50" });
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04))
    return { format: "xlsx", encoding: null, delimiter: null, rows: xlsxRows(bytes) };
  // The old binary Excel format, and files named .xlsx that are not zip archives.
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) throw new ImportFileError("xls");
  if (/\.xlsx?$/i.test(fileName)) throw new ImportFileError("notXlsx");
  const { text, encoding } = decode(bytes);
  if (looksBinary(text)) throw new ImportFileError("notText");
  const delimiter = detectDelimiter(text);
  return { format: "csv", encoding, delimiter, rows: csvRows(text, delimiter) };
}

/**
 * A NUL, or control characters (other than tab and line ends) more often than
 * one in a hundred, mean binary data, not text. A stray one in a comment (a
 * vertical tab pasted from Word) is text: the one text rule removes it from
 * the answer, as on every other door.
 */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 65536);
  // eslint-disable-next-line no-control-regex
  const controls = sample.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g) ?? [];
  return sample.includes("\u0000") || controls.length * 100 > sample.length;
}

/** UTF-8 (with or without a byte order mark), UTF-16 with one, otherwise Windows-1252 (Latin-1). */
export function decode(bytes: Uint8Array): { text: string; encoding: string } {
  if (startsWith(bytes, 0xef, 0xbb, 0xbf))
    return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "utf-8-bom" };
  if (startsWith(bytes, 0xff, 0xfe))
    return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  if (startsWith(bytes, 0xfe, 0xff))
    return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("windows-1252").decode(bytes), encoding: "windows-1252" };
  }
}

/** The delimiter of the header line, outside quotes: comma, semicolon (French Excel) or tab. */
export function detectDelimiter(text: string): string {
  const counts = new Map([
    [",", 0],
    [";", 0],
    ["\t", 0],
  ]);
  let quoted = false;
  for (const char of text.slice(0, 65536)) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  return [...counts].reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

async function* csvRows(text: string, delimiter: string): AsyncGenerator<string[]> {
  const parser = parse(text, {
    delimiter,
    // A stray quote is refused (with its line), not read as one garbled row;
    // rows of the wrong length are found when they are read (rowReader).
    relax_quotes: false,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: 1024 * 1024,
  });
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      yield record.length === 1 && record[0] === "" ? [] : record;
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = String((error as { lines?: number }).lines ?? "?");
    const quotes = [
      "CSV_QUOTE_NOT_CLOSED",
      "INVALID_OPENING_QUOTE",
      "CSV_INVALID_CLOSING_QUOTE",
      "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE",
    ];
    throw new ImportFileError(quotes.includes(error.code) ? "quote" : "malformed", { line });
  }
}

async function* xlsxRows(bytes: Uint8Array): AsyncGenerator<string[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "emit",
  });
  let sheets = 0;
  try {
    for await (const sheet of reader) {
      sheets++;
      let next = 1;
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        for (; next < row.number; next++) yield [];
        const values = row.values as ExcelJS.CellValue[];
        yield Array.from({ length: Math.max(values.length - 1, 0) }, (_, i) => cellText(values[i + 1]));
        next = row.number + 1;
      }
      // Only the first sheet holds responses (our export puts the codebook second).
      break;
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError("notXlsx");
  }
  if (sheets === 0) throw new ImportFileError("notXlsx");
}

/** A cell as text: dates as ISO (a date alone when it has no time), formulas by their result. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  if (typeof value !== "object") return String(value);
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
  if ("text" in value) return String(value.text);
  if ("error" in value) return String(value.error);
  return "";
}
