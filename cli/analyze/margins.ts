// margins.json: the population totals to rake to, one object per column:
//   { "sex": { "F": 1040000, "M": 960000 },
//     "age": { "18-34": 600000, "35-54": 680000, "55+": 720000 } }
// Categories are written exactly as in the data file. Totals may be counts
// or shares, but every column's totals must add up to the same number; the
// raked weights then add up to it too.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { Margins } from "#app/stats/rake.ts";
import { CliError } from "./errors.ts";

const schema = z
  .record(
    z.string().min(1),
    z
      .record(z.string(), z.number().positive().finite())
      .refine((margin) => Object.keys(margin).length > 0, "has no category"),
  )
  .refine((margins) => Object.keys(margins).length > 0, "names no column");

export function parseMargins(text: string, path: string): Margins {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.map(String).join(" → ") : "the file";
    throw new CliError(
      `${path}: ${where}: ${issue?.message ?? "invalid"} (expected {"column": {"category": total, …}, …} with positive totals)`,
    );
  }
  return parsed.data;
}

export async function readMargins(path: string): Promise<Margins> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new CliError(`cannot read the margins file "${path}"`);
  }
  return parseMargins(text, path);
}
