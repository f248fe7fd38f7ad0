// The analyst CLI reads every file the app's export writes: CSV and Excel,
// answers as codes or as labels in English or French. Each gives the same
// analysis, and "not applicable" (na, Not applicable, Sans objet) is missing.
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSurveyFromTemplate, publishSurvey } from "#app/modules/measure/surveys.server.ts";
import { codebookTable, csvStream, xlsxStream } from "#app/modules/responses/export-writers.server.ts";
import { type ExportOptions, startResponseExport } from "#app/modules/responses/export.server.ts";
import { response } from "#app/modules/responses/schema.ts";
import { createRandom } from "#app/stats/random.ts";
import { seededServices } from "#tests/support/fixtures.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const drivers = ["CORE-TIM-01", "CORE-KNO-01", "CORE-COU-01", "CORE-FAI-01", "CORE-OUT-01"];
const RESPONSES = 60;

let dir = "";
let s: Awaited<ReturnType<typeof seededServices>>;
let surveyId = "";
let analyst: Awaited<ReturnType<typeof s.tenantCtx>>;
let notApplicable = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cli-app-exports-"));
  s = await seededServices();
  const designer = await s.tenantCtx("designer@federal.example", "citizen-services-canada");
  analyst = await s.tenantCtx("analyst@federal.example", "citizen-services-canada");
  surveyId = await createSurveyFromTemplate(designer, {
    titleEn: "Benefits office",
    titleFr: "Bureau des prestations",
    serviceEn: "Benefits",
    serviceFr: "Prestations",
    channels: ["in_person"],
    variant: "citizen",
  });
  await publishSurvey(designer, surveyId);
  const random = createRandom(20261207);
  const rating = () => 1 + random.int(5);
  const rows = Array.from({ length: RESPONSES }, (_, i) => {
    const answers: Record<string, number | string> = { "CORE-OS-01": rating() };
    for (const code of drivers) {
      const na = random.chance(0.1);
      if (na) notApplicable++;
      answers[code] = na ? "na" : rating();
    }
    return {
      orgId: analyst.orgId,
      surveyId,
      version: 1,
      status: "complete" as const,
      channel: "web" as const,
      lang: i % 3 === 0 ? ("fr" as const) : ("en" as const),
      answers,
      submittedAt: new Date("2026-10-01T16:00:00Z"),
    };
  });
  await s.db.insert(response).values(rows);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function exportFile(format: "csv" | "xlsx", options: ExportOptions): Promise<string> {
  const { plan, rows } = await startResponseExport(analyst, s.keyring, surveyId, { ...options, format });
  const table = { header: plan.header, rows };
  const stream: Readable =
    format === "csv" ? csvStream(table) : xlsxStream(table, codebookTable(plan.codebook, "en"), "en");
  const path = join(dir, `${options.values}-${options.labelLang}.${format}`);
  await writeFile(path, Buffer.concat((await stream.toArray()) as Buffer[]));
  return path;
}

function analyze(path: string) {
  const run = spawnSync(
    process.execPath,
    [join(root, "cli/outside-in.js"), "analyze", path, "--overall", "CORE-OS-01", "--drivers", drivers.join(",")],
    { cwd: root, encoding: "utf8" },
  );
  expect(run.stderr, path).toBe("");
  expect(run.status, path).toBe(0);
  return JSON.parse(run.stdout) as { n: number; items: Record<string, { n: number; mean: number }> };
}

describe("the CLI reads the app's exports", () => {
  const files: [string, "csv" | "xlsx", ExportOptions][] = [
    ["CSV, codes", "csv", { values: "codes", labelLang: "en", includePartial: false }],
    ["CSV, English labels", "csv", { values: "labels", labelLang: "en", includePartial: false }],
    ["CSV, French labels", "csv", { values: "labels", labelLang: "fr", includePartial: false }],
    ["Excel, codes", "xlsx", { values: "codes", labelLang: "en", includePartial: false }],
    ["Excel, English labels", "xlsx", { values: "labels", labelLang: "en", includePartial: false }],
    ["Excel, French labels", "xlsx", { values: "labels", labelLang: "fr", includePartial: false }],
  ];
  let baseline: ReturnType<typeof analyze> | undefined;

  it.each(files)("%s: the same analysis, not applicable left out", async (_, format, options) => {
    const report = analyze(await exportFile(format, options));
    expect(report.n).toBe(RESPONSES);
    const driverBases = drivers.reduce((sum, code) => sum + (report.items[code]?.n ?? 0), 0);
    expect(driverBases).toBe(RESPONSES * drivers.length - notApplicable);
    baseline ??= report;
    expect(report).toEqual(baseline);
  });
});
