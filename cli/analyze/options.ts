// The flags of `outside-in analyze`, checked before any file is read.
import { parseArgs } from "node:util";
import { usageError } from "./errors.ts";

export interface AnalyzeOptions {
  file: string;
  overall: string;
  drivers: string[];
  weight?: string;
  rake?: string;
  by?: string;
  compare?: string;
  format: "json" | "table";
  saveWeights?: string;
}

const flags = {
  overall: { type: "string" },
  drivers: { type: "string" },
  weight: { type: "string" },
  rake: { type: "string" },
  by: { type: "string" },
  compare: { type: "string" },
  format: { type: "string", default: "json" },
  "save-weights": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** The options, or "help" when help was asked for. */
export function parseAnalyzeArgs(args: readonly string[]): AnalyzeOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: flags, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's messages go on with advice about "--" that does not apply here.
    throw usageError(error instanceof Error ? (error.message.split(". ")[0] ?? error.message) : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (positionals.length !== 1) throw usageError(`give one data file (.csv or .xlsx), not ${positionals.length}`);
  if (!values.overall) throw usageError("--overall COL is required: the overall satisfaction column");
  if (!values.drivers) throw usageError("--drivers COL,COL,… is required: the driver columns");
  const drivers = values.drivers.split(",").map((name) => name.trim());
  if (drivers.some((name) => name === "")) throw usageError("--drivers has an empty column name");
  if (new Set([values.overall, ...drivers]).size !== drivers.length + 1)
    throw usageError("--overall and --drivers must name different columns, each once");
  if (values.format !== "json" && values.format !== "table")
    throw usageError(`--format must be json or table, not "${values.format}"`);
  if (values["save-weights"] && !values.rake) throw usageError("--save-weights needs --rake");
  return {
    file: positionals[0] ?? "",
    overall: values.overall,
    drivers,
    weight: values.weight,
    rake: values.rake,
    by: values.by,
    compare: values.compare,
    format: values.format,
    saveWeights: values["save-weights"],
  };
}
