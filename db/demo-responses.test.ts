import { describe, expect, it } from "vitest";
import { cmtBank, type Driver, drivers } from "#app/modules/measure/cmt-bank.ts";
import type { FrozenQuestion, PublishedDefinition } from "#app/modules/measure/definition.ts";
import { parseAnswer } from "#app/modules/responses/answers.ts";
import { type DemoResponse, DRIVER_WEIGHTS, generateResponses, type Wave } from "./demo-responses.ts";

const frozen = (code: string): FrozenQuestion => {
  const q = cmtBank.find((b) => b.code === code);
  if (!q) throw new Error(`no bank question ${code}`);
  return {
    code,
    type: q.type,
    scale: q.scale ?? null,
    options: q.options ?? null,
    min: q.min ?? null,
    max: q.max ?? null,
    textEn: q.text.en,
    textFr: q.text.fr,
    helpEn: null,
    helpFr: null,
    driver: q.driver,
    dimension: q.dimension,
    element: q.element,
  };
};

const page = (key: string, codes: string[], showIf?: { code: string; values: string[] }) => ({
  key,
  titleEn: key,
  titleFr: key,
  items: codes.map((code, i) => ({
    key: `${key}q${i}`,
    code,
    locked: false,
    required: false,
    question: frozen(code),
    ...(showIf ? { showIf } : {}),
  })),
});

const coreCodes = cmtBank.filter((q) => q.core).map((q) => q.code);
const definition: PublishedDefinition = {
  pages: [
    page("p1", coreCodes),
    page("p2", ["SUP-MUN-02", "SUP-WAIT-01", "SUP-WEB-05", "SUP-CTX-03", "SUP-COST-06", "SUP-CTX-08", "SUP-CTX-02"]),
    page("p3", ["SUP-MUN-03"], { code: "SUP-MUN-02", values: ["phone"] }),
    page("p4", ["SUP-OVR-01", "SUP-STF-13", "SUP-PRI-03", "DEM-LANG-02", "SUP-TXT-01", "SUP-TXT-02"]),
  ],
};

const means = (over: Partial<Record<Driver, number>> = {}): Record<Driver, number> => ({
  timeliness: 3.2,
  outcome: 3.7,
  knowledge: 3.8,
  ease_of_access: 3.5,
  fairness: 3.9,
  courtesy: 4.1,
  ...over,
});

const wave = (over: Partial<Wave> = {}): Wave => ({
  n: 2000,
  from: new Date("2025-09-01T00:00:00Z"),
  to: new Date("2025-11-01T00:00:00Z"),
  means: means(),
  expectation: 3.8,
  french: 0.3,
  channels: { web: 6, invitation: 3, staff: 1 },
  noStaff: 0.08,
  partial: 0.05,
  serviceChannels: ["in_person", "online"],
  ...over,
});

const complete = (rows: DemoResponse[]) => rows.filter((r) => r.status === "complete");
const numeric = (v: unknown) => (typeof v === "number" ? v : null);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Ordinary least squares with an intercept, by the normal equations and Gauss–Jordan elimination. */
function ols(x: number[][], y: number[]): number[] {
  const k = (x[0]?.length ?? 0) + 1;
  const a = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0));
  x.forEach((row, i) => {
    const v = [1, ...row];
    for (let p = 0; p < k; p++) {
      const ap = a[p] as number[];
      for (let q = 0; q < k; q++) ap[q] = (ap[q] ?? 0) + (v[p] ?? 0) * (v[q] ?? 0);
      ap[k] = (ap[k] ?? 0) + (v[p] ?? 0) * (y[i] ?? 0);
    }
  });
  for (let c = 0; c < k; c++) {
    const pivot = a[c] as number[];
    const scale = pivot[c] ?? 1;
    for (let j = c; j <= k; j++) pivot[j] = (pivot[j] ?? 0) / scale;
    for (let r = 0; r < k; r++) {
      const row = a[r] as number[];
      const factor = row[c] ?? 0;
      if (r !== c && factor !== 0) for (let j = c; j <= k; j++) row[j] = (row[j] ?? 0) - factor * (pivot[j] ?? 0);
    }
  }
  return a.map((row) => row[k] ?? 0).slice(1);
}

const driverCode: Record<Driver, string> = {
  timeliness: "CORE-TIM-01",
  knowledge: "CORE-KNO-01",
  courtesy: "CORE-COU-01",
  fairness: "CORE-FAI-01",
  outcome: "CORE-OUT-01",
  ease_of_access: "CORE-ACC-01",
};

/** Regresses overall satisfaction on the six driver ratings, on responses that rated all of them. */
function driverAnalysis(rows: DemoResponse[]) {
  const x: number[][] = [];
  const y: number[] = [];
  for (const r of complete(rows)) {
    const ratings = drivers.map((d) => numeric(r.answers[driverCode[d]]));
    const overall = numeric(r.answers["CORE-OS-01"]);
    if (overall === null || ratings.some((v) => v === null)) continue;
    x.push(ratings as number[]);
    y.push(overall);
  }
  return Object.fromEntries(drivers.map((d, i) => [d, ols(x, y)[i] ?? 0])) as Record<Driver, number>;
}

const byWeight = (w: Record<Driver, number>) => [...drivers].sort((a, b) => w[b] - w[a]);

describe("demo responses", () => {
  it("are the same for the same seed and differ for another", () => {
    const a = generateResponses(definition, wave({ n: 200 }), 1);
    expect(generateResponses(definition, wave({ n: 200 }), 1)).toEqual(a);
    expect(generateResponses(definition, wave({ n: 200 }), 2)).not.toEqual(a);
  });

  it("give only answers the questions accept, inside the wave, in both languages", () => {
    const w = wave();
    const rows = generateResponses(definition, w, 3);
    const questions = new Map(definition.pages.flatMap((p) => p.items.map((i) => [i.code, i.question] as const)));
    for (const row of rows) {
      for (const [code, value] of Object.entries(row.answers)) {
        const q = questions.get(code);
        if (!q) throw new Error(`unknown code ${code}`);
        const raw = Array.isArray(value) ? value : [String(value)];
        expect(parseAnswer(q, raw), `${code}=${String(value)}`).toEqual({ value });
      }
      expect(row.startedAt >= w.from && row.startedAt <= w.to).toBe(true);
      if (row.status === "complete") {
        expect(row.submittedAt?.getTime()).toBeGreaterThan(row.startedAt.getTime());
        expect(row.pagesDone.at(-1)).toBe("p4");
      } else expect(row.submittedAt).toBeNull();
      // Skip logic holds: the 311 question only for those who phoned.
      if (row.answers["SUP-MUN-03"] !== undefined) expect(row.answers["SUP-MUN-02"]).toBe("phone");
    }
    const share = (pred: (r: DemoResponse) => boolean) => rows.filter(pred).length / rows.length;
    expect(share((r) => r.status === "partial")).toBeCloseTo(0.05, 1);
    expect(share((r) => r.lang === "fr")).toBeCloseTo(0.3, 1);
    expect(share((r) => r.channel === "web")).toBeCloseTo(0.6, 1);
    const done = complete(rows);
    const na = (code: string) => done.filter((r) => r.answers[code] === "na").length / done.length;
    expect(na("CORE-KNO-01")).toBeGreaterThan(0.05);
    expect(na("CORE-KNO-01")).toBeLessThan(0.12);
    expect(na("CORE-OS-01")).toBe(0);
    const comments = done.filter((r) => typeof r.answers["SUP-TXT-01"] === "string").length / done.length;
    expect(comments).toBeGreaterThan(0.08);
    expect(comments).toBeLessThan(0.25);
  });

  it("let a regression of satisfaction on the drivers find the true weights, in order", () => {
    const rows = [1, 2, 3].flatMap((seed) => generateResponses(definition, wave({ n: 4000 }), seed));
    const found = driverAnalysis(rows);
    expect(byWeight(found)).toEqual(byWeight({ ...DRIVER_WEIGHTS }));
    for (const d of drivers) expect(Math.abs(found[d] - DRIVER_WEIGHTS[d]), d).toBeLessThan(0.06);
  });

  it("raise satisfaction when timeliness improves, and need fewer contacts when it does", () => {
    const before = complete(generateResponses(definition, wave(), 4));
    const after = complete(generateResponses(definition, wave({ means: means({ timeliness: 3.9 }) }), 5));
    const overall = (rows: DemoResponse[]) => mean(rows.map((r) => numeric(r.answers["CORE-OS-01"]) ?? 0));
    const rise = overall(after) - overall(before);
    expect(rise).toBeGreaterThan(0.12);
    expect(rise).toBeLessThan(0.35);
    const contacts = (r: DemoResponse) => Number.parseInt(String(r.answers["CORE-NC-01"]), 10);
    const fewContacts = before.filter((r) => contacts(r) === 1);
    const many = before.filter((r) => contacts(r) >= 3);
    expect(overall(fewContacts) - overall(many)).toBeGreaterThan(0.4);
  });
});
