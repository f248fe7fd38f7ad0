// `outside-in analyze`: options → file → analysis → stdout. Returns the exit
// code; messages for the analyst go to stderr.
import { writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { stringify } from "csv-stringify/sync";
import { rfc4180 } from "#app/modules/platform/csv.ts";
import { StatsInputError } from "#app/stats/errors.ts";
import { analyzeTable } from "./analysis.ts";
import { CliError } from "./errors.ts";
import { formatReport } from "./format-table.ts";
import { ANALYZE_HELP } from "./help.ts";
import { readMargins } from "./margins.ts";
import { parseAnalyzeArgs, type AnalyzeOptions } from "./options.ts";
import { readTable, type Table } from "./read-table.ts";

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

async function saveWeights(path: string, table: Table, weights: number[]): Promise<void> {
  if (table.header.includes("raked_weight")) throw new CliError('the data already has a "raked_weight" column');
  const rows = table.rows.map((row, i) => [...row, String(weights[i])]);
  await writeFile(path, stringify([[...table.header, "raked_weight"], ...rows], rfc4180));
}

async function run(options: AnalyzeOptions, output: Output): Promise<void> {
  const table = await readTable(options.file);
  const margins = options.rake ? await readMargins(options.rake) : undefined;
  const { report, rakedWeights } = analyzeTable(table, options, margins);
  if (options.saveWeights && rakedWeights) await saveWeights(options.saveWeights, table, rakedWeights);
  output.out(
    options.format === "table"
      ? formatReport(report, basename(options.file), options.overall)
      : `${JSON.stringify(report, null, 2)}\n`,
  );
}

export async function analyzeCommand(args: readonly string[], output: Output): Promise<number> {
  try {
    const options = parseAnalyzeArgs(args);
    if (options === "help") output.out(ANALYZE_HELP);
    else await run(options, output);
    return 0;
  } catch (error) {
    if (error instanceof CliError || error instanceof StatsInputError) {
      output.err(`outside-in analyze: ${error.message}\n`);
      if (error instanceof CliError && error.exitCode === 2) output.err("Try: outside-in analyze --help\n");
      return error instanceof CliError ? error.exitCode : 1;
    }
    throw error;
  }
}
