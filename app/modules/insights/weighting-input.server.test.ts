import { describe, expect, it } from "vitest";
import { windows1252 } from "#tests/support/windows-1252.ts";
import { weightSpread } from "./weight-spread.ts";
import { shareField, type WeightableVariable } from "./weighting-fields.ts";
import {
  checkMargins,
  marginsCsv,
  marginsToEntries,
  parseShare,
  readMarginsCsv,
  readMarginsForm,
} from "./weighting-input.server.ts";

const utf8 = (text: string) => new TextEncoder().encode(text);

const variables: WeightableVariable[] = [
  {
    code: "lang",
    kind: "lang",
    textEn: null,
    textFr: null,
    categories: [
      { code: "en", count: 60, en: null, fr: null },
      { code: "fr", count: 40, en: null, fr: null },
    ],
    missing: 0,
  },
  {
    code: "channel",
    kind: "channel",
    textEn: null,
    textFr: null,
    categories: [
      { code: "web", count: 70, en: null, fr: null },
      { code: "invitation", count: 30, en: null, fr: null },
      { code: "staff", count: 0, en: null, fr: null },
    ],
    missing: 0,
  },
  {
    code: "DEM-AGE-01",
    kind: "question",
    textEn: "Q",
    textFr: "Q",
    categories: [
      { code: "under_35", count: 50, en: "Under 35", fr: "Moins de 35 ans" },
      { code: "35_plus", count: 50, en: "35 or older", fr: "35 ans ou plus" },
    ],
    missing: 0,
  },
  {
    code: "DEM-REGION",
    kind: "question",
    textEn: "Q",
    textFr: "Q",
    categories: [{ code: "north", count: 90, en: "North", fr: "Nord" }],
    missing: 10,
  },
];

const entries = (text: string) => {
  const read = readMarginsCsv(utf8(text));
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  return read.entries;
};
const keys = (result: ReturnType<typeof checkMargins>) => (result.ok ? [] : result.issues.map((i) => i.key));

describe("reading shares", () => {
  it("reads percentages and proportions as people write them", () => {
    expect(parseShare("25")).toEqual({ value: 25, percent: false });
    expect(parseShare("25,5 %")).toEqual({ value: 25.5, percent: true });
    expect(parseShare("25.5%")).toEqual({ value: 25.5, percent: true });
    expect(parseShare("0.255")).toEqual({ value: 0.255, percent: false });
    expect(parseShare(",5")).toEqual({ value: 0.5, percent: false });
    expect(parseShare("1 000")).toEqual({ value: 1000, percent: false });
    expect(parseShare("abc")).toBeNull();
    expect(parseShare("")).toBeNull();
    expect(parseShare("-5")).toEqual({ value: -5, percent: false });
  });
});

describe("a margins file", () => {
  it("reads comma or semicolon, with or without header, UTF-8 with a BOM or Latin-1", () => {
    const comma = entries("variable,category,share\nlang,en,55\nlang,fr,45\n");
    expect(comma).toEqual([
      { variable: "lang", category: "en", share: 55, percent: false, line: 2 },
      { variable: "lang", category: "fr", share: 45, percent: false, line: 3 },
    ]);
    const bom = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...utf8("Variable;Catégorie;Part\r\nlang;en;55,5 %\r\nlang;fr;44,5 %\r\n"),
    ]);
    const read = readMarginsCsv(bom);
    expect(read.ok && read.entries.map((e) => [e.category, e.share, e.percent])).toEqual([
      ["en", 55.5, true],
      ["fr", 44.5, true],
    ]);
    const latin = readMarginsCsv(windows1252("DEM-AGE-01;35 ans ou plus;0,5\nDEM-AGE-01;Moins de 35 ans;0,5\n"));
    expect(latin.ok && latin.entries.map((e) => e.category)).toEqual(["35 ans ou plus", "Moins de 35 ans"]);
  });

  it("names the line of every row it cannot read", () => {
    const read = readMarginsCsv(utf8("variable,category,share\nlang,en,lots\nlang,,45\nlang,fr\nlang,fr,4,extra\n"));
    expect(read.ok ? [] : read.issues).toEqual([
      { key: "weighting.errors.shareCell", params: { line: "2", value: "lots" } },
      { key: "weighting.errors.categoryCell", params: { line: "3", value: "45" } },
      { key: "weighting.errors.columns", params: { line: "4" } },
      { key: "weighting.errors.columns", params: { line: "5" } },
    ]);
  });

  it("refuses empty, binary and header-only files", () => {
    const issue = (bytes: Uint8Array) => {
      const read = readMarginsCsv(bytes);
      return read.ok ? null : read.issues[0]?.key;
    };
    expect(issue(new Uint8Array())).toBe("weighting.errors.fileEmpty");
    expect(issue(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 1, 2]))).toBe("weighting.errors.notText");
    expect(issue(utf8("variable,category,share\n"))).toBe("weighting.errors.noRows");
    expect(issue(utf8('lang,"en,55\n'))).toBe("weighting.errors.malformed");
    expect(issue(new Uint8Array(300 * 1024).fill(0x41))).toBe("weighting.errors.fileTooBig");
  });
});

describe("the weighting form", () => {
  it("reads the share inputs, blank ones as no share, and names a share that is not a number", () => {
    const form = new FormData();
    form.set("_csrf", "x");
    form.set(shareField("lang", "en"), "60");
    form.set(shareField("lang", "fr"), "40,0");
    form.set(shareField("channel", "web"), "");
    const read = readMarginsForm(form);
    expect(read).toEqual({
      ok: true,
      entries: [
        { variable: "lang", category: "en", share: 60, percent: true },
        { variable: "lang", category: "fr", share: 40, percent: true },
      ],
    });
    form.set(shareField("channel", "web"), "beaucoup");
    const bad = readMarginsForm(form);
    expect(bad.ok ? [] : bad.issues).toEqual([
      { key: "weighting.errors.shareNotNumber", params: { variable: "channel", category: "web", value: "beaucoup" } },
    ]);
  });
});

describe("checking margins against the responses", () => {
  it("turns percentages or proportions into proportions that add up to 1", () => {
    const result = checkMargins(
      variables,
      entries("lang,en,50.2\nlang,fr,49.9\ndem-age-01,Under 35,0.3\nDEM-AGE-01,35_plus,0.7\n"),
      100,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.keys(result.margins)).toEqual(["lang", "DEM-AGE-01"]);
    expect(result.margins.lang?.en).toBeCloseTo(50.2 / 100.1, 12);
    expect(result.margins["DEM-AGE-01"]).toEqual({ under_35: 0.3 / 1, "35_plus": 0.7 / 1 });
  });

  it("accepts shares within half a point of 100 % and refuses more", () => {
    expect(checkMargins(variables, entries("lang,en,60.5\nlang,fr,40\n"), 100).ok).toBe(true);
    const over = checkMargins(variables, entries("lang,en,60.6\nlang,fr,40\n"), 100);
    expect(over.ok ? [] : over.issues).toEqual([
      { key: "weighting.errors.sum", params: { variable: "lang", sum: "100.6" } },
    ]);
  });

  it("names unknown variables and categories, missing and duplicate shares, and shares that are not positive", () => {
    const result = checkMargins(
      variables,
      entries("sex,F,50\nsex,M,50\nlang,en,100\nlang,de,0\nchannel,web,70\nchannel,web,30\nDEM-AGE-01,under_35,-5\n"),
      100,
    );
    expect(result.ok ? [] : result.issues).toEqual([
      { key: "weighting.errors.unknownVariable", params: { variable: "sex" } },
      { key: "weighting.errors.unknownCategory", params: { variable: "lang", category: "de" } },
      { key: "weighting.errors.missingShare", params: { variable: "lang", category: "fr", count: "40" } },
      { key: "weighting.errors.duplicate", params: { variable: "channel", category: "web" } },
      { key: "weighting.errors.missingShare", params: { variable: "channel", category: "invitation", count: "30" } },
      { key: "weighting.errors.notPositive", params: { variable: "DEM-AGE-01", category: "under_35" } },
      { key: "weighting.errors.missingShare", params: { variable: "DEM-AGE-01", category: "35_plus", count: "50" } },
    ]);
  });

  it("explains a category with a share but no response, and a variable some responses leave blank", () => {
    const result = checkMargins(
      variables,
      entries("channel,web,60\nchannel,invitation,30\nchannel,staff,10\nDEM-REGION,north,100\n"),
      100,
    );
    expect(result.ok ? [] : result.issues).toEqual([
      { key: "weighting.errors.noRespondents", params: { variable: "channel", category: "staff" } },
      { key: "weighting.errors.unanswered", params: { variable: "DEM-REGION", count: "10" } },
    ]);
  });

  it("needs responses and at least one share", () => {
    expect(keys(checkMargins(variables, [], 100))).toEqual(["weighting.errors.nothing"]);
    expect(keys(checkMargins(variables, entries("lang,en,60\nlang,fr,40\n"), 0))).toEqual([
      "weighting.errors.noResponses",
    ]);
  });

  it("writes margins as a CSV that reads back to the same margins", () => {
    const margins = { lang: { en: 0.6, fr: 0.4 }, "DEM-AGE-01": { under_35: 1 / 3, "35_plus": 2 / 3 } };
    const csv = marginsCsv(margins);
    expect(csv.split("\r\n")[0]).toBe("variable,category,share");
    expect(csv).toContain("lang,en,60\r\n");
    const again = checkMargins(variables, entries(csv), 100);
    expect(again.ok && again.margins.lang).toEqual({ en: 0.6, fr: 0.4 });
    expect(again.ok && again.margins["DEM-AGE-01"]?.under_35).toBeCloseTo(1 / 3, 8);
    expect(checkMargins(variables, marginsToEntries(margins), 100).ok).toBe(true);
  });
});

describe("the spread of weights", () => {
  it("matches a hand computation", () => {
    // Weights 1, 1, 2, 4: Σw = 8, Σw² = 22, n = 4. Scaled to average 1: 0.5, 0.5, 1, 2.
    const spread = weightSpread([1, 1, 2, 4]);
    expect(spread.min).toBeCloseTo(0.5, 12);
    expect(spread.max).toBeCloseTo(2, 12);
    expect(spread.ratio).toBeCloseTo(4, 12);
    // deff = n Σw² / (Σw)² = 4 · 22 / 64 = 1.375; CV² = var/mean² = (22/4 − 4) / 4 = 0.375.
    expect(spread.deff).toBeCloseTo(1.375, 12);
    expect(spread.cv2).toBeCloseTo(0.375, 12);
    expect(spread.effectiveN).toBeCloseTo(64 / 22, 12);
    expect(spread.histogram).toEqual([
      { from: 0.5, to: 0.75, count: 2 },
      { from: 0.75, to: 1, count: 0 },
      { from: 1, to: 1.5, count: 1 },
      { from: 1.5, to: 2, count: 0 },
      { from: 2, to: 3, count: 1 },
    ]);
  });

  it("gives a design effect of 1 for equal weights, whatever their scale", () => {
    const spread = weightSpread([0.01, 0.01, 0.01]);
    expect(spread.deff).toBeCloseTo(1, 12);
    expect(spread.effectiveN).toBeCloseTo(3, 12);
    expect(spread.histogram).toEqual([{ from: 1, to: 1.5, count: 3 }]);
  });
});
