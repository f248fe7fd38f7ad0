// The real command, run as an analyst runs it, on the fixture survey (CSV and
// XLSX), against what R computes for the same analyses (make-fixtures.R).
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { differences } from "#app/stats/fixtures/reference.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const fixture = (name: string) => join(root, "cli/fixtures", name);
const drivers = "timeliness,knowledge,courtesy,fairness,outcome,access";
const analysis = ["--overall", "overall", "--drivers", drivers, "--by", "region", "--compare", "wave"];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function outsideIn(...args: string[]): Promise<Run> {
  return runWith(process.execPath, args);
}

function runWith(node: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [join(root, "cli/outside-in.js"), ...args], { cwd: root });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

interface Expected {
  n: number;
  items: unknown;
  drivers: unknown;
  crosstab: { rows: string[]; columns: string[]; counts: number[][] } & Record<string, unknown>;
  comparison: unknown;
  rakedWeights?: number[];
}
type Fixture = Record<"unweighted" | "weighted" | "raked", Expected>;

/** R's values in the CLI's JSON shape (the table's labels and counts sit under `table`). */
function inReportShape({ n, items, drivers, crosstab, comparison }: Expected) {
  const { rows, columns, counts, ...test } = crosstab;
  return { n, items, drivers, crosstab: { ...test, table: { rows, columns, counts } }, comparison };
}

let expected: Fixture;
let scratch: string;

beforeAll(async () => {
  expected = JSON.parse(await readFile(fixture("expected.json"), "utf8")) as Fixture;
  scratch = await mkdtemp(join(tmpdir(), "outside-in-cli-"));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** The fixture survey as an .xlsx workbook: numbers as numbers, blank cells empty, a formatted empty column. */
async function surveyWorkbook(): Promise<string> {
  const [header = "", ...lines] = (await readFile(fixture("survey.csv"), "utf8")).trim().split("\n");
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Responses");
  sheet.addRow(header.split(","));
  sheet.getRow(1).getCell(header.split(",").length + 3).style = { font: { bold: true } }; // formatted, empty
  for (const line of lines)
    sheet.addRow(
      line.split(",").map((cell) => (cell === "" ? null : /^\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell)),
    );
  const path = join(scratch, "survey.xlsx");
  await workbook.xlsx.writeFile(path);
  return path;
}

describe("outside-in analyze", () => {
  it("prints the unweighted analysis of a CSV file as R computes it", async () => {
    const run = await outsideIn("analyze", fixture("survey.csv"), ...analysis);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(differences(report, inReportShape(expected.unweighted))).toEqual([]);
    expect(report.weighted).toBe(false);
  });

  it("prints the weighted analysis of an XLSX file as R's survey package computes it", async () => {
    const run = await outsideIn("analyze", await surveyWorkbook(), ...analysis, "--weight", "weight");
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(differences(report, inReportShape(expected.weighted))).toEqual([]);
  });

  it("rakes to margins.json, analyzes with the raked weights and saves them", async () => {
    const saved = join(scratch, "raked.csv");
    const run = await outsideIn(
      "analyze",
      fixture("survey.csv"),
      ...analysis,
      ...["--weight", "weight", "--rake", fixture("margins.json"), "--save-weights", saved],
    );
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as { raking: { converged: boolean; totalWeight: number } };
    expect(differences(report, inReportShape(expected.raked))).toEqual([]);
    expect(report.raking.converged).toBe(true);
    expect(report.raking.totalWeight).toBeCloseTo(2_000_000, 3);
    const lines = (await readFile(saved, "utf8")).trim().split("\r\n"); // RFC 4180 line ends
    expect(lines[0]).toMatch(/,weight,raked_weight$/);
    const weights = lines.slice(1).map((line) => Number(line.split(",").at(-1)));
    expect(differences(weights, expected.raked.rakedWeights)).toEqual([]);
  });

  it("prints aligned tables", async () => {
    const run = await outsideIn("analyze", fixture("survey.csv"), ...analysis, "--format", "table");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("survey.csv: 400 respondents, unweighted");
    expect(run.stdout).toMatch(/^overall {5}386 {2}50\.6 {2}30\.2 {2}1\.5 {2}47\.6 to 53\.6/m);
    expect(run.stdout).toMatch(/^outcome .* PRIORITY$/m);
    expect(run.stdout).toContain("overall by wave: 2025 - 2024 = 1.1 points");
  });

  // Machines ship Node 20, which cannot run TypeScript: the launcher hands over to Node 24.
  const systemNode = "/usr/bin/node";
  const systemMajor = Number(
    spawnSync(systemNode, ["-p", "process.versions.node.split('.')[0]"]).stdout?.toString() || 0,
  );
  it.runIf(systemMajor > 0 && systemMajor < 24)("runs from an older Node too", async () => {
    const run = await runWith(systemNode, [
      "analyze",
      fixture("survey.csv"),
      "--overall",
      "overall",
      "--drivers",
      "timeliness",
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ n: 400 });
  });

  it("fails with a message on stderr and a non-zero exit code", async () => {
    const unknown = await outsideIn("analyze", fixture("survey.csv"), "--overall", "overall", "--drivers", "speed");
    expect(unknown).toMatchObject({ code: 1, stdout: "" });
    expect(unknown.stderr).toContain('no column "speed"; the columns are: id, overall, timeliness');
    const flag = await outsideIn(
      "analyze",
      fixture("survey.csv"),
      "--overall",
      "overall",
      "--drivers",
      drivers,
      "--wieght",
      "w",
    );
    expect(flag).toMatchObject({ code: 2, stdout: "" });
    expect(flag.stderr).toContain("Unknown option '--wieght'");
    const command = await outsideIn("analyse");
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('unknown command "analyse"');
  });
});
