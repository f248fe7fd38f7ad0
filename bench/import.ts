// Response import: writes a realistic CSV of N rows (French labels and codes
// mixed, Latin-1 like a spreadsheet would save it) and imports it through the
// module's steps — read and stage, map, recode and dry run, commit — into
// PGlite in memory, PGlite on disk and PostgreSQL (a throwaway database on
// 127.0.0.1:5432), printing the seconds of each step and rows per second.
//   node bench/import.ts
//   BENCH_ROWS=20000 BENCH_DBS=memory,postgres node bench/import.ts
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TenantCtx } from "#app/modules/identity/context.ts";
import { prepareDatabase } from "#app/modules/platform/services.server.ts";
import { createKeyring } from "#app/modules/privacy/keyring.server.ts";
import { autoMap, type Recoding, recodingList } from "#app/modules/responses/import-mapping.ts";
import { readUpload, saveStagedFile } from "#app/modules/responses/import-stage.server.ts";
import { commitImport, getImport, saveMapping, saveRecoding } from "#app/modules/responses/import.server.ts";
import type { ImportMapping } from "#app/modules/responses/schema.ts";
import { createDb, type DbHandle } from "#db/client.ts";
import { benchDesigner, publishBenchSurvey } from "./support/bench-survey.ts";

const N = Number(process.env.BENCH_ROWS ?? 100_000);
const dbs = (process.env.BENCH_DBS ?? "memory,file,postgres").split(",");
const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const keyring = createKeyring(randomBytes(32));

const core = ["CORE-OS-01", "CORE-TIM-01", "CORE-KNO-01", "CORE-COU-01", "CORE-FAI-01", "CORE-OUT-01", "CORE-ACC-01"];
const labels = ["Très insatisfait", "Insatisfait", "Ni satisfait ni insatisfait", "Satisfait", "Très satisfait"];
const channels = ["Par téléphone", "En personne", "En ligne (site Web ou application)", "mail", "email"];

/** One office's year of paper forms: codes from some clerks, French labels from others, one comment in five. */
function makeCsv(rows: number): Uint8Array {
  const header = [...core, "SUP-CTX-03", "SUP-CTX-04", "SUP-OVR-01", "SUP-CTX-08", "SUP-CTX-02", "SUP-TXT-01"];
  const lines = [[...header, "Langue", "submitted_at"].join(";")];
  for (let i = 0; i < rows; i++) {
    const scale = core.map((_, q) => {
      const point = 1 + ((i * 7 + q * 3) % 5);
      if ((i + q) % 13 === 0) return "Sans objet";
      return i % 3 === 0 ? (labels[point - 1] as string) : String(point);
    });
    const day = String(1 + (i % 28)).padStart(2, "0");
    lines.push(
      [
        ...scale,
        channels[i % 5],
        i % 4 === 0 ? '"online;telephone"' : "in_person",
        String(i % 11),
        String(i % 40),
        `2026-02-${day}`,
        i % 5 === 0 ? `"Commentaire ${i} : l'attente était longue; le personnel, très aimable."` : "",
        i % 3 === 0 ? "fr" : "en",
        `2026-03-${day}T10:${String(i % 60).padStart(2, "0")}:00Z`,
      ].join(";"),
    );
  }
  return Uint8Array.from(Buffer.from(lines.join("\r\n"), "latin1"));
}

async function open(kind: string): Promise<{ handle: DbHandle; drop: () => Promise<void> }> {
  if (kind === "memory") return { handle: createDb({ databaseUrl: "memory:" }), drop: async () => {} };
  if (kind === "file") {
    const dir = mkdtempSync(join(tmpdir(), "bench-import-"));
    return { handle: createDb({ dataDir: dir }), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `bench_import_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = createDb({ databaseUrl: url.toString() });
  return {
    handle,
    drop: async () => {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

async function surveyIn(handle: DbHandle): Promise<{ ctx: TenantCtx; surveyId: string }> {
  await handle.migrate();
  await prepareDatabase(handle.db);
  const ctx = await benchDesigner(handle.db);
  const codes = ["SUP-CTX-03", "SUP-CTX-04", "SUP-OVR-01", "SUP-CTX-08", "SUP-CTX-02", "SUP-TXT-01"];
  const surveyId = await publishBenchSurvey(ctx, [{ titleEn: "More", titleFr: "Plus", codes }], ["in_person"]);
  return { ctx, surveyId };
}

const seconds = (since: number) => (performance.now() - since) / 1000;

const started = performance.now();
const file = { name: "bench.csv", bytes: makeCsv(N) };
console.log(
  `generated ${N} rows (${(file.bytes.length / 1024 / 1024).toFixed(1)} MB) in ${seconds(started).toFixed(1)} s`,
);

for (const kind of dbs) {
  const { handle, drop } = await open(kind);
  try {
    const { ctx, surveyId } = await surveyIn(handle);
    // Wall time, and this process's CPU time: on a busy machine the second
    // says what the step costs (PGlite runs inside this process).
    const times: [string, number, number][] = [];
    const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      const at = performance.now();
      const cpu = process.cpuUsage();
      const result = await work();
      const used = process.cpuUsage(cpu);
      times.push([name, seconds(at), (used.user + used.system) / 1e6]);
      return result;
    };
    const total = performance.now();
    const totalCpu = process.cpuUsage();
    const staged = await step("parse", async () => readUpload(file, await keyring.forOrg(ctx.db, ctx.orgId)));
    const importId = await step("stage", () => saveStagedFile(ctx, surveyId, staged));
    await step("map", async () => {
      const imp = await getImport(ctx, keyring, surveyId, importId);
      const definition = imp.versions[0]?.definition;
      if (!definition) throw new Error("no version");
      const saved = await saveMapping(ctx, surveyId, importId, {
        version: 1,
        columns: autoMap(imp.import.header, definition),
        defaultLang: "en",
      });
      if (saved.problems.size > 0) throw new Error("mapping refused");
    });
    const report = await step("recode + dry run", async () => {
      const imp = await getImport(ctx, keyring, surveyId, importId);
      const definition = imp.versions[0]?.definition;
      if (!definition) throw new Error("no version");
      const recoding: Recoding = {};
      for (const q of recodingList(imp.import.mapping as ImportMapping, definition, imp.profile)) {
        for (const v of q.values) if (v.suggestion !== undefined) (recoding[q.code] ??= {})[v.value] = v.suggestion;
      }
      return saveRecoding(ctx, keyring, surveyId, importId, recoding);
    });
    if (report.errors > 0) throw new Error(`dry run found ${report.errors} errors: ${JSON.stringify(report.first[0])}`);
    const result = await step("commit", () => commitImport(ctx, keyring, surveyId, importId));
    const all = seconds(total);
    const cpu = process.cpuUsage(totalCpu);
    const steps = times.map(([name, s, c]) => `${name} ${s.toFixed(2)} s (cpu ${c.toFixed(2)})`).join(", ");
    console.log(
      `${kind}: ${result.imported} responses in ${all.toFixed(1)} s = ${Math.round(result.imported / all)} rows/s, ` +
        `cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; ${steps}`,
    );
  } finally {
    await handle.close();
    await drop();
  }
}
