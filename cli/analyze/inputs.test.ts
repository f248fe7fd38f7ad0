// What analysts' files look like (encodings, separators) and what they get
// wrong, through the command's own entry point.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeTable } from "./analysis.ts";
import { analyzeCommand } from "./command.ts";
import { parseAnalyzeArgs, type AnalyzeOptions } from "./options.ts";
import { decodeText, detectDelimiter, readTable } from "./read-table.ts";

const survey = fileURLToPath(new URL("../fixtures/survey.csv", import.meta.url));
const options = parseAnalyzeArgs([
  survey,
  ...["--overall", "overall", "--drivers", "timeliness,outcome", "--weight", "weight", "--by", "region"],
]) as AnalyzeOptions;

let scratch: string;
let csv: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "outside-in-inputs-"));
  csv = await readFile(survey, "utf8");
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function file(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(scratch, name);
  await writeFile(path, content);
  return path;
}

async function run(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await analyzeCommand(args, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe("reading files", () => {
  it("decodes UTF-8 with or without BOM, and Latin-1", () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe("a");
    expect(decodeText(Buffer.from("Québec", "utf8"))).toBe("Québec");
    expect(decodeText(Buffer.from("Québec", "latin1"))).toBe("Québec");
    expect(detectDelimiter("a;b;c\n1,5;2;3")).toBe(";");
    expect(detectDelimiter("a,b;c\n")).toBe(",");
  });

  it("gives the same analysis for a semicolon, Latin-1, decimal-comma file and a BOM, CRLF one", async () => {
    const baseline = analyzeTable(await readTable(survey), options).report;
    const european = csv.replaceAll(",", ";").replace(/;(\d+)\.(\d+)$/gm, ";$1,$2");
    const variants = [
      await file("latin1.csv", Buffer.from(european, "latin1")),
      await file("bom.csv", `\uFEFF${csv.replaceAll("\n", "\r\n")}`),
    ];
    for (const path of variants) expect(analyzeTable(await readTable(path), options).report).toEqual(baseline);
    expect(baseline.crosstab?.table.rows).toContain("Québec");
  });
});

describe("errors an analyst can fix", () => {
  const base = ["--overall", "overall", "--drivers", "timeliness,outcome"];

  it("names the column and line of a rating that is not 1–5", async () => {
    const path = await file("bad.csv", "overall,timeliness,outcome\n3,4,5\n2,very good,4\n6,2,NA\n4,,3\n");
    const result = await run(path, ...base);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('column "overall":\n  line 4: "6" is not a rating from 1 to 5');
    const text = await run(path, "--overall", "outcome", "--drivers", "timeliness");
    expect(text.stderr).toContain('line 3: "very good" is not a rating');
  });

  it("refuses too few cases", async () => {
    const one = await file("one.csv", "overall,timeliness,outcome\n3,4,5\n,2,4\n");
    expect((await run(one, ...base)).stderr).toContain('column "overall" has 1 valid rating; at least 2 are needed');
    const three = await file("three.csv", "overall,timeliness,outcome\n3,4,5\n2,2,4\n5,4,4\n");
    expect((await run(three, ...base)).stderr).toContain("3 complete cases; 2 drivers need at least 4");
  });

  it("refuses a comparison without exactly two groups, and bad weights", async () => {
    const compare = await run(survey, ...base, "--compare", "region");
    expect(compare.stderr).toContain("a comparison needs exactly two groups, not 4");
    const weights = await file("weights.csv", "overall,timeliness,outcome,w\n3,4,5,1\n2,2,4,0\n5,4,4,\n4,3,3,2\n");
    const bad = await run(weights, ...base, "--weight", "w");
    expect(bad.stderr).toContain('line 3: "0" is not a positive weight\n  line 4: "" is not a positive weight');
  });

  it("explains margins that do not fit", async () => {
    const margins = async (content: string) =>
      (await run(survey, ...base, "--rake", await file("margins.json", content))).stderr;
    expect(await margins("{ sex: 1 }")).toContain("is not valid JSON");
    expect(await margins('{ "sex": { "F": -1, "M": 5 } }')).toMatch(/sex → F: .*expected \{"column"/);
    expect(await margins('{ "sex": { "F": 5 } }')).toContain('"sex" = "M" has no population total');
    expect(await margins('{ "sex": { "F": 5, "M": 5, "X": 1 } }')).toContain(
      '"sex" = "X" has a population total but no respondent',
    );
    expect(await margins('{ "sex": { "F": 5, "M": 5 }, "wave": { "2024": 5, "2025": 6 } }')).toContain("same total");
    expect(await margins('{ "region": { "Ontario": 5 } }')).toContain(
      'column "region":\n  line 12: missing; raking needs',
    );
  });

  it("checks flags and files before anything else", async () => {
    expect(await run(survey, "--overall", "overall")).toMatchObject({ code: 2 });
    expect((await run(survey, ...base, "--save-weights", "x.csv")).stderr).toContain("--save-weights needs --rake");
    expect((await run(survey, "--overall", "overall", "--drivers", "overall")).stderr).toContain("different columns");
    expect((await run(survey, "--overall", "overall", "--drivers", "a,,b")).stderr).toContain("empty column name");
    expect((await run("data.sav", ...base)).stderr).toContain('"data.sav" is neither a .csv nor an .xlsx file');
    expect((await run(join(scratch, "absent.csv"), ...base)).stderr).toContain("cannot read");
    const twice = await file("twice.csv", "overall,overall\n1,2\n");
    expect((await run(twice, ...base)).stderr).toContain('two columns are named "overall"');
    const notXlsx = await file("fake.xlsx", "not a workbook");
    expect((await run(notXlsx, ...base)).stderr).toContain("is not a readable .xlsx workbook");
    expect((await run("--help")).stdout).toContain("margins.json");
  });
});
