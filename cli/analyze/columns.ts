// Columns of the table as the statistics need them: ratings 1–5, positive
// weights, category labels. Blank cells and "not applicable" or "don't know"
// however written (NA, na, N/A, Sans objet, NSP…) are missing. Ratings may be
// numbers or a CMT scale's labels in either language, as the app's exports
// write them. Every message names the column and the line of the file.
import { isNotApplicable, ratingOfLabel } from "#app/modules/measure/written-answers.ts";
import type { Rating } from "#app/stats/scores.ts";
import { CliError } from "./errors.ts";
import type { Table } from "./read-table.ts";

const isMissing = (cell: string) => cell === "" || isNotApplicable(cell);

function columnIndex(table: Table, name: string): number {
  const index = table.header.indexOf(name);
  if (index < 0) throw new CliError(`no column "${name}"; the columns are: ${table.header.join(", ")}`);
  return index;
}

function cells(table: Table, name: string): string[] {
  const index = columnIndex(table, name);
  return table.rows.map((row) => row[index] ?? "");
}

/** Up to five problems, then how many more: enough to fix a file without drowning in messages. */
function report(name: string, problems: string[]): void {
  if (problems.length === 0) return;
  const more = problems.length > 5 ? `\n  … and ${problems.length - 5} more` : "";
  throw new CliError(`column "${name}":\n  ${problems.slice(0, 5).join("\n  ")}${more}`);
}

function parseNumber(cell: string, decimalComma: boolean): number {
  const text = decimalComma ? cell.replace(/^(-?\d+),(\d+)$/, "$1.$2") : cell;
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : NaN;
}

export function ratingColumn(table: Table, name: string): Rating[] {
  const problems: string[] = [];
  const ratings = cells(table, name).map((cell, i) => {
    if (isMissing(cell)) return null;
    const value = ratingOfLabel(cell) ?? parseNumber(cell, table.decimalComma);
    if (Number.isInteger(value) && value >= 1 && value <= 5) return value;
    problems.push(
      `line ${table.lines[i]}: "${cell}" is not a rating from 1 to 5 nor a scale's label (leave it blank or write NA if missing)`,
    );
    return null;
  });
  report(name, problems);
  return ratings;
}

export function weightColumn(table: Table, name: string): number[] {
  const problems: string[] = [];
  const weights = cells(table, name).map((cell, i) => {
    const value = parseNumber(cell, table.decimalComma);
    if (value > 0 && Number.isFinite(value)) return value;
    problems.push(`line ${table.lines[i]}: "${cell}" is not a positive weight`);
    return NaN;
  });
  report(name, problems);
  return weights;
}

export function labelColumn(table: Table, name: string): (string | null)[] {
  return cells(table, name).map((cell) => (isMissing(cell) ? null : cell));
}

/** Labels for raking: every row needs one. */
export function completeLabelColumn(table: Table, name: string): string[] {
  const labels = labelColumn(table, name);
  report(
    name,
    labels.flatMap((label, i) =>
      label === null ? [`line ${table.lines[i]}: missing; raking needs a value in every row`] : [],
    ),
  );
  return labels.map((label) => label ?? "");
}
