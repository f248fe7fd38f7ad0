// Reads the analyst's file into a header and rows of trimmed text cells.
// CSV: UTF-8 (with or without BOM), else Latin-1 (Windows-1252); comma or
// semicolon, whichever the header line uses more. XLSX: the first sheet, its
// first row as header, each cell as displayed text.
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { parse } from "csv-parse/sync";
import { CliError } from "./errors.ts";

export interface Table {
  header: string[];
  rows: string[][];
  /** The line (CSV) or row (XLSX) of the file each data row comes from, for messages. */
  lines: number[];
  /** True for semicolon CSVs, where numbers may be written 1,25. */
  decimalComma: boolean;
}

export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

export function detectDelimiter(text: string): "," | ";" {
  const header = text.split(/\r?\n/, 1)[0] ?? "";
  const count = (character: string) => header.split(character).length - 1;
  return count(";") > count(",") ? ";" : ",";
}

function checkHeader(header: string[]): string[] {
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (name === "") throw new CliError(`column ${i + 1} of the header has no name`);
    if (seen.has(name)) throw new CliError(`two columns are named "${name}"`);
    seen.add(name);
  });
  return header;
}

function readCsv(bytes: Uint8Array): Table {
  const text = decodeText(bytes);
  const delimiter = detectDelimiter(text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With info, each record comes with the line it ends on.
    records = parse(text, { delimiter, trim: true, skip_empty_lines: true, info: true }) as unknown as typeof records;
  } catch (error) {
    throw new CliError(`the file is not valid CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [header, ...data] = records;
  return {
    header: checkHeader(header?.record ?? []),
    rows: data.map((r) => r.record),
    lines: data.map((r) => r.info.lines),
    decimalComma: delimiter === ";",
  };
}

async function readXlsx(path: string): Promise<Table> {
  const { default: ExcelJS } = await import("exceljs"); // loaded only for workbooks: it is slow to load
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(path);
  } catch (error) {
    throw new CliError(
      `the file is not a readable .xlsx workbook: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new CliError("the workbook has no worksheet");
  const line = (n: number, width: number) =>
    Array.from({ length: width }, (_, j) =>
      sheet
        .getRow(n)
        .getCell(j + 1)
        .text.trim(),
    );
  // Formatting alone makes a column count: the header ends at its last name.
  const named = line(1, sheet.columnCount);
  const width = named.findLastIndex((name) => name !== "") + 1;
  const header = named.slice(0, width);
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let n = 2; n <= sheet.rowCount; n++) {
    const cells = line(n, width);
    if (cells.every((cell) => cell === "")) continue;
    rows.push(cells);
    lines.push(n);
  }
  return { header: checkHeader(header), rows, lines, decimalComma: false };
}

export async function readTable(path: string): Promise<Table> {
  const extension = extname(path).toLowerCase();
  if (extension !== ".csv" && extension !== ".xlsx")
    throw new CliError(`"${path}" is neither a .csv nor an .xlsx file`);
  if (extension === ".xlsx") return readXlsx(path).then(requireRows);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch {
    throw new CliError(`cannot read "${path}"`);
  }
  return requireRows(readCsv(bytes));
}

function requireRows(table: Table): Table {
  if (table.header.length === 0) throw new CliError("the file is empty");
  if (table.rows.length === 0) throw new CliError("the file has a header but no data rows");
  return table;
}
