import { and, count, desc, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { findAuditEvents } from "#app/modules/identity/audit.server.ts";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import type { PublishedDefinition } from "#app/modules/measure/definition.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import { createIngestSurvey, ingestPeople } from "#tests/support/ingest-survey.ts";
import { createTestServices } from "#tests/support/test-db.ts";
import { windows1252 } from "#tests/support/windows-1252.ts";
import { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import { codebookTable, csvStream, xlsxStream } from "./export-writers.server.ts";
import { startResponseExport } from "./export.server.ts";
import { ImportFileError } from "./import-file.server.ts";
import { autoMap, type Recoding, recodingList } from "./import-mapping.ts";
import { replaceImportFile, stageImport } from "./import-stage.server.ts";
import { commitImport, expireImports, getImport, importErrors, saveMapping, saveRecoding } from "./import.server.ts";
import { type ImportMapping, response, responseImport, responseImportChunk } from "./schema.ts";

let s: Awaited<ReturnType<typeof createTestServices>>;
let people: Awaited<ReturnType<typeof ingestPeople>>;
let designer: TenantCtx;
let surveyId: string;
let definition: PublishedDefinition;

const q = (code: string) => definition.pages.flatMap((p) => p.items).find((i) => i.code === code)?.question;

beforeAll(async () => {
  s = await createTestServices();
  people = await ingestPeople(s);
  designer = people.designer;
  surveyId = await createIngestSurvey(designer);
  const imp = await getImportOf(await stage("a,b\n1,2\n", "probe.csv"));
  definition = imp.versions[0]?.definition as PublishedDefinition;
});

const stage = (content: string | Uint8Array, name = "responses.csv") =>
  stageImport(designer, s.keyring, surveyId, {
    name,
    bytes: typeof content === "string" ? new TextEncoder().encode(content) : content,
  });
const getImportOf = (id: string) => getImport(designer, s.keyring, surveyId, id);

/** Maps the columns as suggested, recodes as suggested (plus `choices`), and dry-runs. */
async function check(importId: string, choices: Recoding = {}) {
  const imp = await getImportOf(importId);
  const columns = autoMap(imp.import.header, definition);
  const saved = await saveMapping(designer, surveyId, importId, { version: 1, columns, defaultLang: "en" });
  expect([...saved.problems]).toEqual([]);
  const mapped = await getImportOf(importId);
  const recoding: Recoding = {};
  for (const question of recodingList(mapped.import.mapping as ImportMapping, definition, mapped.profile)) {
    for (const v of question.values) {
      const chosen = choices[question.code]?.[v.value] ?? v.suggestion;
      if (chosen !== undefined) (recoding[question.code] ??= {})[v.value] = chosen;
    }
  }
  const report = await saveRecoding(designer, s.keyring, surveyId, importId, recoding);
  return { report, columns };
}

const countResponses = async () => {
  const [row] = await s.db
    .select({ n: count() })
    .from(response)
    .where(and(eq(response.orgId, designer.orgId), eq(response.surveyId, surveyId)));
  return row?.n ?? 0;
};

describe("reading files", () => {
  it("reads a Latin-1 CSV with semicolons and French labels, matching headers and values", async () => {
    const header = ["CORE-OS-01", q("CORE-TIM-01")?.textFr, "Langue", "SUP-CTX-03", "SUP-TXT-01", "Numéro"];
    const csv = [
      header.join(";"),
      'Très satisfait;Sans objet;fr;Par téléphone;"Merci; très bien";1',
      "5;4;en;In person;<script>alert(1)</script>;2",
      "  ;N/A;FR;en personne;;3",
    ].join("\r\n");
    const id = await stage(windows1252(csv));
    const imp = await getImportOf(id);
    expect(imp.import).toMatchObject({ format: "csv", encoding: "windows-1252", delimiter: ";", filledRows: 3 });
    expect(imp.import.header[1]).toBe(q("CORE-TIM-01")?.textFr);
    const { report, columns } = await check(id);
    expect(columns).toEqual(["q:CORE-OS-01", "q:CORE-TIM-01", "lang", "q:SUP-CTX-03", "q:SUP-TXT-01", "ignore"]);
    expect(report).toMatchObject({ rows: 3, valid: 3, errors: 0 });

    const before = await countResponses();
    expect(await commitImport(designer, s.keyring, surveyId, id)).toEqual({ imported: 3, already: false });
    expect((await countResponses()) - before).toBe(3);
    const rows = await s.db
      .select()
      .from(response)
      .where(and(eq(response.orgId, designer.orgId), eq(response.idempotencyKey, `import:${id}:2`)));
    expect(rows[0]).toMatchObject({ channel: "import", status: "complete", version: 1, lang: "fr" });
    expect(rows[0]?.answers).toMatchObject({ "CORE-OS-01": 5, "CORE-TIM-01": "na", "SUP-CTX-03": "telephone" });
    const sealed = rows[0]?.answers["SUP-TXT-01"] as { sealed: string };
    expect((await s.keyring.forOrg(s.db, designer.orgId)).open(sealed.sealed)).toBe("Merci; très bien");
    const [staff] = await s.db
      .select({ answers: response.answers })
      .from(response)
      .where(and(eq(response.orgId, designer.orgId), eq(response.idempotencyKey, `import:${id}:4`)));
    expect(staff?.answers).toEqual({ "CORE-TIM-01": "na", "SUP-CTX-03": "in_person" });
    // Staged rows go with the commit; the audit keeps counts only.
    const [chunks] = await s.db
      .select({ n: count() })
      .from(responseImportChunk)
      .where(eq(responseImportChunk.importId, id));
    expect(chunks?.n).toBe(0);
    const { events } = await findAuditEvents(people.admin, {
      action: "responses.imported",
      page: 1,
    });
    expect(events[0]?.after).toEqual({ channel: "import", format: "csv", version: 1, rows: 3, imported: 3 });
  });

  it("reads UTF-8 with a byte order mark, UTF-16 and tabs", async () => {
    const text = "CORE-OS-01,lang\n4,fr\n";
    const bom = await getImportOf(await stage(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])));
    expect(bom.import).toMatchObject({ encoding: "utf-8-bom", delimiter: ",", header: ["CORE-OS-01", "lang"] });
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from("CORE-OS-01\tSUP-TXT-01\n3\tÉté\n", "utf16le"),
    ]);
    const tabs = await getImportOf(await stage(utf16));
    expect(tabs.import).toMatchObject({ encoding: "utf-16le", delimiter: "\t", filledRows: 1 });
    expect(tabs.profile[1]?.values).toEqual([["Été", 1]]);
  });

  it("reads an Excel workbook's first sheet, dates and numbers included", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Réponses");
    sheet.addRow(["CORE-OS-01", "SUP-CTX-02", "submitted_at", "SUP-CTX-08"]);
    sheet.addRow([5, new Date("2026-03-01T00:00:00Z"), new Date("2026-03-02T14:30:00Z"), 12]);
    sheet.addRow([]);
    sheet.addRow(["Très insatisfait", "2026-02-01", "2026-03-03", "trois"]);
    workbook.addWorksheet("Codebook").addRow(["not", "read"]);
    const id = await stage(new Uint8Array(await workbook.xlsx.writeBuffer()), "responses.xlsx");
    const imp = await getImportOf(id);
    expect(imp.import).toMatchObject({ format: "xlsx", rowCount: 3, filledRows: 2 });
    expect(imp.profile[1]?.values.map((v) => v[0]).sort()).toEqual(["2026-02-01", "2026-03-01"]);
    const { report } = await check(id);
    // Its row is reported as the spreadsheet numbers it: row 4, after a blank one.
    expect(report.first).toEqual([
      expect.objectContaining({ row: 4, column: 3, code: "SUP-CTX-08", reason: "number", value: "trois" }),
    ]);
  });

  it.each([
    ["an empty file", "", "empty"],
    ["blank lines only", "\r\n\r\n", "empty"],
    ["a header without rows", "CORE-OS-01,lang\r\n", "noRows"],
    ["an unclosed quote", 'CORE-OS-01,SUP-TXT-01\n5,"never closed\n4,ok\n', "quote"],
    ["binary junk", "\u0000\u0001\u0002PNG\u0000", "notText"],
    ["a row longer than the header", "CORE-OS-01\n5,4,3\n", "extraCells"],
    ["a row shorter than the header", "CORE-OS-01,lang,SUP-TXT-01,SUP-OVR-01\n5,en,fine,9\n4,en\n", "missingCells"],
    ["a stray quote inside a cell", 'CORE-OS-01,SUP-TXT-01\n5,she said "no" twice\n', "quote"],
    ["quotes that join rows into one", 'CORE-OS-01,SUP-TXT-01\n5,"one\n4,two\n3,"three\n', "quote"],
  ])("refuses %s and stores nothing", async (_, content, reason) => {
    const [before] = await s.db.select({ n: count() }).from(responseImport);
    const error = await stage(content).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as ImportFileError).key).toBe(`import.fileErrors.${reason}`);
    const [after] = await s.db.select({ n: count() }).from(responseImport);
    expect(after?.n).toBe(before?.n);
  });

  it("refuses files that claim to be Excel but are not", async () => {
    const fake = stage("CORE-OS-01\n5\n", "responses.xlsx");
    await expect(fake).rejects.toMatchObject({ key: "import.fileErrors.notXlsx" });
    const zip = stage(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), "responses.xlsx");
    await expect(zip).rejects.toMatchObject({ key: "import.fileErrors.notXlsx" });
    const xls = stage(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0]), "old.xls");
    await expect(xls).rejects.toMatchObject({ key: "import.fileErrors.xls" });
  });
});

describe("the dry run and the commit", () => {
  const messy = [
    "CORE-OS-01,SUP-OVR-01,SUP-CTX-08,SUP-CTX-02,SUP-CTX-03,SUP-TEL-04,SUP-CTX-04,lang,submitted_at,SUP-TXT-01",
    "5,10,3,2026-01-31,telephone,once,online;telephone,en,2026-02-01,fine",
    `7,11,-1,2026-02-30,in_person,twice,fax,de,yesterday,${"x".repeat(5001)}`,
    "Somewhat,ten,abc,,,,,,,",
    ",,,,,,,,,",
    ",,,,,,,,,just a comment",
  ].join("\n");

  it("lists every error with its spreadsheet row and column, and writes nothing", async () => {
    const id = await stage(messy);
    const { report } = await check(id);
    expect(report).toMatchObject({ rows: 4, valid: 2, invalid: 2 });
    const errors = report.first.map((e) => [e.row, e.column, e.reason, e.value]);
    expect(errors).toEqual([
      [3, 0, "choice", "7"],
      [3, 1, "choice", "11"],
      [3, 2, "range", "-1"],
      [3, 3, "date", "2026-02-30"],
      [3, 5, "hidden", "twice"],
      [3, 6, "choice", "fax"],
      [3, 7, "lang", "de"],
      [3, 8, "submittedAt", "yesterday"],
      [3, 9, "tooLong", undefined],
      [4, 0, "choice", "Somewhat"],
      [4, 1, "choice", "ten"],
      [4, 2, "number", "abc"],
    ]);
    expect(report.errors).toBe(12);
    expect(report.byColumn).toContainEqual({ column: 0, reason: "choice", count: 2 });
    const before = await countResponses();
    await expect(commitImport(designer, s.keyring, surveyId, id)).rejects.toMatchObject({
      key: "import.errors.hasErrors",
    });
    expect(await countResponses()).toBe(before);
  });

  it("gives the error report only once the rows are checked (before the mapping it failed mid-download)", async () => {
    const id = await stage(messy);
    const notReady = { code: "Conflict", key: "import.errors.reportNotReady" };
    await expect(importErrors(designer, s.keyring, surveyId, id)).rejects.toMatchObject(notReady);
    await check(id);
    const { header, batches } = await importErrors(designer, s.keyring, surveyId, id);
    expect(header[0]).toBe("CORE-OS-01");
    const all = [];
    for await (const batch of batches) all.push(...batch);
    expect(all.map((e) => [e.row, e.column, e.reason])).toContainEqual([4, 2, "number"]);
    expect(all).toHaveLength(12);
  });

  it("recodes values into codes, or into missing answers", async () => {
    const id = await stage(messy);
    const { report } = await check(id, {
      "CORE-OS-01": { "7": "5", Somewhat: "" },
      "SUP-OVR-01": { "11": "10", ten: "10" },
      "SUP-CTX-04": { fax: "mail" },
    });
    expect(report.first.map((e) => `${e.row}:${e.reason}`)).toEqual([
      "3:range",
      "3:date",
      "3:hidden",
      "3:lang",
      "3:submittedAt",
      "3:tooLong",
      "4:number",
    ]);
  });

  it("commits all or nothing, once", async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => `${(i % 5) + 1},${i % 11},Comment ${i}`);
    const id = await stage(["CORE-OS-01,SUP-OVR-01,SUP-TXT-01", ...rows].join("\n"));
    expect((await check(id)).report).toMatchObject({ rows: 2500, errors: 0 });
    // A chunk that no longer passes (as if the file changed after the dry run): the first
    // thousand rows were already written when it is read, and are rolled back.
    const sealer = await s.keyring.forOrg(s.db, designer.orgId);
    const where = and(eq(responseImportChunk.importId, id), eq(responseImportChunk.chunk, 2));
    const [last] = await s.db.select({ rows: responseImportChunk.rows }).from(responseImportChunk).where(where);
    const tampered = JSON.parse(sealer.open(last?.rows as string)) as string[][];
    tampered[0] = ["9", "0", "bad"];
    await s.db
      .update(responseImportChunk)
      .set({ rows: sealer.seal(JSON.stringify(tampered)) })
      .where(where);
    const before = await countResponses();
    await expect(commitImport(designer, s.keyring, surveyId, id)).rejects.toBeInstanceOf(AppError);
    expect(await countResponses()).toBe(before);

    tampered[0] = ["1", "0", "good"];
    await s.db
      .update(responseImportChunk)
      .set({ rows: sealer.seal(JSON.stringify(tampered)) })
      .where(where);
    const results = await Promise.all([
      commitImport(designer, s.keyring, surveyId, id),
      commitImport(designer, s.keyring, surveyId, id),
    ]);
    expect(results.map((r) => r.imported)).toEqual([2500, 2500]);
    expect(results.map((r) => r.already).sort()).toEqual([false, true]);
    expect((await countResponses()) - before).toBe(2500);
    const again = await commitImport(designer, s.keyring, surveyId, id);
    expect(again).toEqual({ imported: 2500, already: true });
    expect((await countResponses()) - before).toBe(2500);
  });

  it("keeps the mapping when a corrected file has the same header", async () => {
    const id = await stage("CORE-OS-01,lang\n9,en\n");
    expect((await check(id)).report.errors).toBe(1);
    expect(
      await replaceImportFile(designer, s.keyring, surveyId, id, {
        name: "b.csv",
        bytes: Buffer.from("CORE-OS-01,lang\n4,en\n"),
      }),
    ).toEqual({
      sameHeader: true,
    });
    const imp = await getImportOf(id);
    expect(imp.import.mapping?.columns).toEqual(["q:CORE-OS-01", "lang"]);
    expect(imp.report).toBeNull();
    await replaceImportFile(designer, s.keyring, surveyId, id, { name: "c.csv", bytes: Buffer.from("Other\n4\n") });
    expect((await getImportOf(id)).import.mapping).toBeNull();
  });

  it("refuses to map a question twice, and forgets staged imports after a day", async () => {
    const id = await stage("CORE-OS-01,overall\n5,4\n");
    const saved = await saveMapping(designer, surveyId, id, {
      version: 1,
      columns: ["q:CORE-OS-01", "q:CORE-OS-01"],
      defaultLang: "en",
    });
    expect([...saved.problems]).toEqual([[1, "import.mapping.errors.twice"]]);
    const later = new Date(Date.now() + 25 * 3600 * 1000);
    expect(await expireImports.run(s, later)).toBeGreaterThan(0);
    await expect(getImportOf(id)).rejects.toMatchObject({ code: "NotFound" });
  });

  it("is not reachable from another organization", async () => {
    const id = await stage("CORE-OS-01\n5\n");
    const ontario = people.otherAdmin;
    await expect(getImport(ontario, s.keyring, surveyId, id)).rejects.toMatchObject({ code: "NotFound" });
    await expect(commitImport(ontario, s.keyring, surveyId, id)).rejects.toMatchObject({ code: "NotFound" });
  });
});

/** The response ids of an exported file, in its order. */
async function firstColumn(bytes: Uint8Array, format: "csv" | "xlsx"): Promise<string[]> {
  if (format === "csv")
    return (parse(Buffer.from(bytes), { bom: true }) as string[][]).slice(1).map((r) => r[0] as string);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer as ArrayBuffer);
  const ids: string[] = [];
  workbook.worksheets[0]?.eachRow((row, n) => {
    if (n > 1) ids.push(String(row.getCell(1).value));
  });
  return ids;
}

describe("reading back an export", () => {
  const bytesOf = async (stream: Readable) => new Uint8Array(Buffer.concat((await stream.toArray()) as Buffer[]));
  const opened = async (answers: Record<string, unknown>) => {
    const sealer = await s.keyring.forOrg(s.db, designer.orgId);
    return Object.fromEntries(
      Object.entries(answers).map(([k, v]) =>
        typeof v === "object" && v && !Array.isArray(v) ? [k, sealer.open((v as { sealed: string }).sealed)] : [k, v],
      ),
    );
  };

  it.each([
    ["CSV with codes", "csv", "codes", "en"],
    ["CSV with French labels", "csv", "labels", "fr"],
    ["Excel with English labels", "xlsx", "labels", "en"],
  ] as const)(
    "imports %s as the same answers",
    async (_, format, values, labelLang) => {
      // A comment the export must protect from spreadsheets, and the import read back as written.
      await check(await stage(`CORE-OS-01,SUP-TXT-01\n4,"=1+1"\n`)).then(async () => {
        const [latest] = await s.db
          .select({ id: responseImport.id })
          .from(responseImport)
          .orderBy(desc(responseImport.createdAt))
          .limit(1);
        await commitImport(designer, s.keyring, surveyId, latest?.id as string);
      });
      const { plan, rows } = await startResponseExport(designer, s.keyring, surveyId, {
        format,
        values,
        labelLang,
        includePartial: false,
      });
      const table = { header: plan.header, rows };
      const bytes = await bytesOf(
        format === "xlsx" ? xlsxStream(table, codebookTable(plan.codebook, "en"), "en") : csvStream(table),
      );
      const id = await stage(bytes, `export.${format}`);
      const { report, columns } = await check(id);
      expect(columns.slice(0, 7)).toEqual(["ignore", "ignore", "ignore", "ignore", "lang", "ignore", "submittedAt"]);
      expect(report.errors, JSON.stringify(report.first.slice(0, 3))).toBe(0);
      await commitImport(designer, s.keyring, surveyId, id);

      // Each exported row (row n of the file) came back as a response with the same answers.
      const exportedIds = await firstColumn(bytes, format);
      const all = await s.db
        .select({ id: response.id, key: response.idempotencyKey, answers: response.answers, lang: response.lang })
        .from(response)
        .where(and(eq(response.orgId, designer.orgId), eq(response.surveyId, surveyId)));
      const byId = new Map(all.map((r) => [r.id, r]));
      const imported = all.filter((r) => r.key?.startsWith(`import:${id}:`));
      expect(imported.length).toBe(report.rows);
      for (const r of imported) {
        const row = Number(r.key?.split(":").at(-1));
        const originalId = exportedIds[row - 2];
        if (!originalId) continue;
        const original = byId.get(originalId);
        expect(await opened(r.answers), `row ${row}`).toEqual(await opened(original?.answers ?? {}));
        expect(r.lang).toBe(original?.lang);
      }
    },
    120_000,
  ); // each case reads back everything the earlier ones imported: slow on a busy machine
});
