import { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import { and, eq, gt, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { findAuditEvents } from "#app/modules/identity/audit.server.ts";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { changeDraft, createSurveyFromTemplate, publishSurvey } from "#app/modules/measure/surveys.server.ts";
import { seededServices } from "#tests/support/fixtures.ts";
import { readCsvWithPython, readXlsxWithPython } from "#tests/support/python-readers.ts";
import type { Cell } from "./export-format.ts";
import { codebookTable, csvStream, exportFileName, xlsxStream } from "./export-writers.server.ts";
import {
  type ExportOptions,
  exportRows,
  getExportPlan,
  readResponseBatches,
  startResponseExport,
} from "./export.server.ts";
import { response, type StoredAnswers } from "./schema.ts";

let s: Awaited<ReturnType<typeof seededServices>>;
let analyst: TenantCtx;
let surveyId: string;
const FEDERAL = "citizen-services-canada";
const FORMULA = "=cmd|' /C calc'!A0";
const SCRIPT = "<script>alert(1)</script>";
const ids: Record<string, string> = {};

const newSurvey = (designer: TenantCtx, title: string) =>
  createSurveyFromTemplate(designer, {
    titleEn: title,
    titleFr: `${title} (fr)`,
    serviceEn: "Passport renewal",
    serviceFr: "Renouvellement de passeport",
    channels: ["in_person", "online"],
    variant: "citizen",
  });

async function insertResponse(
  values: { version: number; status?: "partial" | "complete"; lang?: "en" | "fr" },
  answers: StoredAnswers,
) {
  const [row] = await s.db
    .insert(response)
    .values({
      orgId: analyst.orgId,
      surveyId,
      version: values.version,
      status: values.status ?? "complete",
      channel: "web",
      lang: values.lang ?? "en",
      answers,
      submittedAt: values.status === "partial" ? null : new Date("2026-04-01T12:00:00Z"),
    })
    .returning({ id: response.id });
  return row?.id as string;
}

beforeAll(async () => {
  s = await seededServices();
  const designer = await s.tenantCtx("designer@federal.example", FEDERAL);
  analyst = await s.tenantCtx("analyst@federal.example", FEDERAL);
  surveyId = await newSurvey(designer, "Passport renewal 2026");
  await changeDraft(designer, surveyId, { op: "addPage", titleEn: "More", titleFr: "Plus" });
  for (const code of ["SUP-CTX-04", "SUP-TXT-01", "SUP-OVR-01", "SUP-CTX-02"]) {
    await changeDraft(designer, surveyId, { op: "addQuestion", pageKey: "p2", code });
  }
  await publishSurvey(designer, surveyId);
  await changeDraft(designer, surveyId, { op: "addQuestion", pageKey: "p2", code: "SUP-CTX-08" });
  await publishSurvey(designer, surveyId);

  const sealer = await s.keyring.forOrg(s.db, analyst.orgId);
  ids.first = await insertResponse(
    { version: 1 },
    {
      "CORE-OS-01": 4,
      "CORE-TIM-01": "na",
      "SUP-CTX-04": ["online", "telephone"],
      "SUP-TXT-01": { sealed: sealer.seal(FORMULA) },
      "SUP-OVR-01": 9,
      "SUP-CTX-02": "2026-03-01",
    },
  );
  ids.second = await insertResponse(
    { version: 2, lang: "fr" },
    { "CORE-OS-01": 1, "SUP-TXT-01": { sealed: sealer.seal(SCRIPT) }, "SUP-CTX-08": 3 },
  );
  ids.partial = await insertResponse({ version: 2, status: "partial" }, { "CORE-OS-01": 5 });
});

const codes: ExportOptions = { values: "codes", labelLang: "en", includePartial: false };

async function bytesOf(stream: Readable): Promise<Buffer> {
  return Buffer.concat((await stream.toArray()) as Buffer[]);
}

async function csvOf(ctx: TenantCtx, options: ExportOptions) {
  const { plan, rows } = await startResponseExport(ctx, s.keyring, surveyId, { ...options, format: "csv" });
  const bytes = await bytesOf(csvStream({ header: plan.header, rows }));
  const records: Record<string, string>[] = parse(bytes, { bom: true, columns: true });
  return { bytes, records, byId: new Map(records.map((r) => [r.response_id, r])) };
}

describe("the codebook", () => {
  it("has one row per question across the published versions, with labels in both languages", async () => {
    const plan = await getExportPlan(analyst, surveyId);
    const entry = (code: string) => plan.codebook.find((q) => q.code === code);
    expect(plan.header.slice(0, 7)).toEqual([
      "response_id",
      "status",
      "version",
      "channel",
      "lang",
      "started_at",
      "submitted_at",
    ]);
    expect(plan.header.slice(7)).toEqual(plan.codebook.map((q) => q.code));
    expect(new Set(plan.header).size).toBe(plan.header.length);
    expect(entry("CORE-OS-01")?.versions).toEqual([1, 2]);
    expect(entry("SUP-CTX-08")?.versions).toEqual([2]);

    const table = codebookTable(plan.codebook, "en");
    const row = (code: string) => table.rows.find((r) => r[0] === code) as Cell[];
    expect(table.header[0]).toBe("Code");
    expect(row("CORE-OS-01")[4]).toMatch(
      /^1=Very dissatisfied; 2=Dissatisfied; .*; 5=Very satisfied; na=Not applicable$/,
    );
    expect(row("CORE-OS-01")[5]).toMatch(/^1=Très insatisfait; 2=Insatisfait; /);
    expect(row("CORE-OS-01")[6]).toBe("1; 2");
    expect(row("SUP-CTX-04")[4]).toContain("telephone=By telephone; online=Online (website or app)");
    expect(row("SUP-CTX-04")[5]).toContain("online=En ligne (site Web ou application)");
    expect(row("SUP-OVR-01")[4]).toBe("0–10");
    expect(row("SUP-TXT-01")[4]).toBe("");
    expect(codebookTable(plan.codebook, "fr").header[2]).toBe("Question en anglais");
  });

  it("downloads as CSV", async () => {
    const plan = await getExportPlan(analyst, surveyId);
    const bytes = await bytesOf(csvStream(codebookTable(plan.codebook, "fr")));
    const records: string[][] = parse(bytes, { bom: true });
    expect(records[0]?.[1]).toBe("Type de question");
    expect(records.length).toBe(plan.codebook.length + 1);
    expect(records.find((r) => r[0] === "CORE-OS-01")?.[1]).toBe("Échelle à 5 points");
  });
});

describe("a CSV export", () => {
  it("has the submitted responses, codes, opened free text and neutralised formulas", async () => {
    const { bytes, records, byId } = await csvOf(analyst, codes);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(records).toHaveLength(2);
    const first = byId.get(ids.first as string) as Record<string, string>;
    expect(first).toMatchObject({
      status: "complete",
      version: "1",
      channel: "web",
      lang: "en",
      // The survey is anonymous (the default): the day only (decision 0042).
      submitted_at: "2026-04-01",
      "CORE-OS-01": "4",
      "CORE-TIM-01": "na",
      "SUP-CTX-04": "online;telephone",
      "SUP-TXT-01": `'${FORMULA}`,
      "SUP-OVR-01": "9",
      "SUP-CTX-02": "2026-03-01",
      "SUP-CTX-08": "",
    });
    expect(byId.get(ids.second as string)?.["SUP-TXT-01"]).toBe(SCRIPT);
    expect(bytes.toString("utf8")).not.toContain("v1.");
  });

  it("can show labels in either language and include unsubmitted responses", async () => {
    const fr = await csvOf(analyst, { values: "labels", labelLang: "fr", includePartial: true });
    expect(fr.records).toHaveLength(3);
    const first = fr.byId.get(ids.first as string) as Record<string, string>;
    expect(first["CORE-OS-01"]).toBe("Satisfait");
    expect(first["CORE-TIM-01"]).toBe("Sans objet");
    expect(first["SUP-CTX-04"]).toBe("En ligne (site Web ou application); Par téléphone");
    expect(first["SUP-OVR-01"]).toBe("9");
    expect(fr.byId.get(ids.partial as string)).toMatchObject({
      status: "partial",
      submitted_at: "",
      "CORE-OS-01": "Très satisfait",
    });
    const en = await csvOf(analyst, { values: "labels", labelLang: "en", includePartial: false });
    expect(en.byId.get(ids.second as string)?.["CORE-OS-01"]).toBe("Very dissatisfied");
  });

  it("is recorded in the audit log with its format and counts", async () => {
    await csvOf(analyst, codes);
    const admin = await s.tenantCtx("admin@federal.example", FEDERAL);
    const { events } = await findAuditEvents(admin, { action: "responses.exported", page: 1 });
    expect(events[0]).toMatchObject({ actorEmail: "analyst@federal.example", targetId: surveyId });
    expect(events[0]?.after).toMatchObject({ format: "csv", values: "codes", includePartial: false, responses: 2 });
  });
});

describe("an Excel export", () => {
  async function workbookOf(lang: "en" | "fr") {
    const options = { ...codes, labelLang: lang };
    const { plan, rows } = await startResponseExport(analyst, s.keyring, surveyId, { ...options, format: "xlsx" });
    const bytes = await bytesOf(xlsxStream({ header: plan.header, rows }, codebookTable(plan.codebook, lang), lang));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    return { plan, book };
  }

  it("has a responses sheet and a codebook sheet, named in the reader's language", async () => {
    const { plan, book } = await workbookOf("en");
    expect(book.worksheets.map((w) => w.name)).toEqual(["Responses", "Codebook"]);
    const sheet = book.getWorksheet("Responses") as ExcelJS.Worksheet;
    expect(sheet.rowCount).toBe(3);
    const header = (sheet.getRow(1).values as Cell[]).slice(1);
    expect(header).toEqual(plan.header);
    const col = (code: string) => plan.header.indexOf(code) + 1;
    const rowOf = (id: string) =>
      [2, 3].map((n) => sheet.getRow(n)).find((r) => r.getCell(1).value === id) as ExcelJS.Row;
    const first = rowOf(ids.first as string);
    expect(first.getCell(col("CORE-OS-01")).value).toBe(4);
    expect(first.getCell(col("SUP-TXT-01")).value).toBe(`'${FORMULA}`);
    expect(first.getCell(col("SUP-CTX-04")).value).toBe("online;telephone");
    expect(rowOf(ids.second as string).getCell(col("SUP-TXT-01")).value).toBe(SCRIPT);
    const codebook = book.getWorksheet("Codebook") as ExcelJS.Worksheet;
    expect(codebook.rowCount).toBe(plan.codebook.length + 1);
  });

  it("names its sheets in French for a French reader", async () => {
    const { book } = await workbookOf("fr");
    expect(book.worksheets.map((w) => w.name)).toEqual(["Réponses", "Guide de codification"]);
  });
});

describe("who may export", () => {
  it("is analysts of the survey's organization; others do not even see the survey", async () => {
    const learner = await s.tenantCtx("learner@federal.example", FEDERAL);
    await expect(getExportPlan(learner, surveyId)).rejects.toMatchObject({ code: "Forbidden" });
    await expect(startResponseExport(learner, s.keyring, surveyId, { ...codes, format: "csv" })).rejects.toMatchObject({
      code: "Forbidden",
    });
    const ontario = await s.tenantCtx("admin@ontario.example", "ontario-service-delivery");
    await expect(getExportPlan(ontario, surveyId)).rejects.toMatchObject({ code: "NotFound" });
    await expect(startResponseExport(ontario, s.keyring, surveyId, { ...codes, format: "xlsx" })).rejects.toMatchObject(
      {
        code: "NotFound",
      },
    );
    await expect(getExportPlan(ontario, "not-a-uuid")).rejects.toMatchObject({ code: "NotFound" });
    // Reading rows directly is scoped by organization too: nothing of another's survey.
    const theirs = [];
    for await (const batch of readResponseBatches(ontario, surveyId, { includePartial: true })) theirs.push(...batch);
    expect(theirs).toEqual([]);
  });
});

describe("formula injection", () => {
  it("is neutralised in every string cell, headers included", async () => {
    const cells = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "a=1", " =1"];
    const bytes = await bytesOf(csvStream({ header: ["=h"], rows: [cells, [-3, 4.5, null]] }));
    const records: string[][] = parse(bytes, { bom: true, relax_column_count: true });
    expect(records[0]).toEqual(["'=h"]);
    expect(records[1]).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\t=1", "'\r=1", "a=1", " =1"]);
    expect(records[2]).toEqual(["-3", "4.5", ""]);
  });
});

describe("file names", () => {
  it("come from the title, without accents or punctuation, and the date", () => {
    const day = new Date("2026-05-14T10:00:00Z");
    expect(exportFileName("Sondage : Service à la clientèle!", "reponses", "csv", day)).toBe(
      "sondage-service-a-la-clientele-reponses-2026-05-14.csv",
    );
    expect(exportFileName("«»", "codebook", "csv", day)).toBe("survey-codebook-2026-05-14.csv");
  });
});

describe("a large export", () => {
  const N = 30_000;
  const BATCH = 2000;
  let bigId: string;

  beforeAll(async () => {
    const designer = await s.tenantCtx("designer@federal.example", FEDERAL);
    bigId = await newSurvey(designer, "Large survey");
    await publishSurvey(designer, bigId);
    await s.db.execute(sql`
      INSERT INTO response (org_id, survey_id, version, status, channel, lang, answers, submitted_at)
      SELECT ${analyst.orgId}::uuid, ${bigId}::uuid, 1, 'complete', 'web', 'en',
             jsonb_build_object('CORE-OS-01', 1 + g % 5, 'CORE-TIM-01', CASE WHEN g % 7 = 0 THEN to_jsonb('na'::text) ELSE to_jsonb(1 + g % 5) END),
             now()
      FROM generate_series(1, ${N}) AS g`);
  });

  it("reads the responses in batches, never more than one batch at a time", async () => {
    const sizes: number[] = [];
    let last = "";
    for await (const batch of readResponseBatches(analyst, bigId, { includePartial: false, batchSize: BATCH })) {
      sizes.push(batch.length);
      for (const r of batch) {
        expect(r.id > last).toBe(true);
        last = r.id;
      }
    }
    expect(sizes).toEqual(Array.from({ length: N / BATCH }, () => BATCH));
  });

  it("streams every response to CSV", async () => {
    const plan = await getExportPlan(analyst, bigId);
    const rows = exportRows(analyst, s.keyring, plan, { ...codes, batchSize: BATCH });
    let lines = 0;
    for await (const chunk of csvStream({ header: plan.header, rows })) {
      lines += (chunk as Buffer).toString("utf8").split("\r\n").length - 1;
    }
    expect(lines).toBe(N + 1);
  });

  it("reads the next batch only when the previous one is used up", async () => {
    const batches = readResponseBatches(analyst, bigId, { includePartial: false, batchSize: BATCH });
    const first = (await batches.next()).value ?? [];
    expect(first).toHaveLength(BATCH);
    // Were later batches already in memory, they would survive this.
    const lastId = first.at(-1)?.id as string;
    await s.db.delete(response).where(and(eq(response.surveyId, bigId), gt(response.id, lastId)));
    expect((await batches.next()).done).toBe(true);
  });
});

describe("the writers", () => {
  // A source that never ends, counting the rows taken from it.
  function endless() {
    const taken = { n: 0 };
    async function* rows(): AsyncGenerator<Cell[]> {
      for (;;) {
        taken.n++;
        yield [`row ${taken.n}`, taken.n, "x".repeat(200)];
      }
    }
    return { taken, rows: rows() };
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
  /** Waits until the producer stops taking rows (up to 10 s: a loaded machine fills buffers slowly). */
  async function untilIdle(taken: { n: number }) {
    for (let tries = 0; tries < 50; tries++) {
      const before = taken.n;
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (taken.n === before) return;
    }
  }

  it.each(["csv", "xlsx"] as const)("take rows from %s only as fast as the file is read", async (format) => {
    const { taken, rows } = endless();
    const table = { header: ["a", "b", "c"], rows };
    const file: Readable = format === "csv" ? csvStream(table) : xlsxStream(table, { header: ["x"], rows: [] }, "en");
    const reader = file[Symbol.asyncIterator]();
    await reader.next();
    await untilIdle(taken);
    const whileIdle = taken.n;
    await settle();
    expect(taken.n).toBe(whileIdle);
    expect(whileIdle).toBeLessThan(10_000);
    await reader.return?.();
    file.destroy();
  });
});

describe("files other programs read", () => {
  // Free text as people type it: line breaks of every kind, quotes, both delimiters.
  const awkward = [
    "first line\nsecond line",
    "old Mac\rbreak",
    "Windows\r\nbreak",
    'she said "fine", then left; later',
    "ends with a break\n",
  ];
  const table = () => ({
    header: ["response_id", "comment", "score"],
    rows: awkward.map((text, i) => [`r${i}`, text, i]),
  });

  it("CSV: Python's csv module reads one record per response, text intact (RFC 4180)", async () => {
    const records = readCsvWithPython(await bytesOf(csvStream(table())));
    expect(records).toEqual([
      ["response_id", "comment", "score"],
      ...awkward.map((text, i) => [`r${i}`, text, String(i)]),
    ]);
  });

  it("Excel: openpyxl reads the same cells, numbers as numbers, each line break as one", async () => {
    const sheets = readXlsxWithPython(await bytesOf(xlsxStream(table(), codebookTable([], "en"), "en")));
    // XML reads every line break as "\n" (as Excel shows it).
    const asXmlReadsIt = (text: string) => text.replace(/\r\n?/g, "\n");
    expect(sheets.Responses).toEqual([
      ["response_id", "comment", "score"],
      ...awkward.map((text, i) => [`r${i}`, asXmlReadsIt(text), i]),
    ]);
  });
});
