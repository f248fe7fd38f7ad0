import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FrozenQuestion, PublishedDefinition } from "#app/modules/measure/definition.ts";
import { isShown, mayFollow, parseAnswer, readPage, visiblePages, withoutHidden } from "./answers.ts";

const question = (code: string, type: string, extra: Partial<FrozenQuestion> = {}): FrozenQuestion => ({
  code,
  type,
  scale: type === "scale5" ? "satisfaction" : null,
  options: null,
  min: null,
  max: null,
  textEn: code,
  textFr: code,
  helpEn: null,
  helpFr: null,
  driver: null,
  dimension: null,
  element: "service",
  ...extra,
});

const item = (
  code: string,
  type: string,
  required = false,
  extra: Partial<PublishedDefinition["pages"][0]["items"][0]> = {},
) => ({
  key: code.toLowerCase(),
  code,
  locked: false,
  required,
  question: question(code, type),
  ...extra,
});

const channel = question("CH", "single", {
  options: [
    { code: "phone", en: "Phone", fr: "Téléphone" },
    { code: "web", en: "Web", fr: "Web" },
  ],
});

// Page 2 is asked only of phone users; page 3 of everyone.
const definition: PublishedDefinition = {
  pages: [
    { key: "p1", titleEn: "1", titleFr: "1", items: [{ ...item("CH", "single", true), question: channel }] },
    {
      key: "p2",
      titleEn: "2",
      titleFr: "2",
      items: [item("WAIT", "number", true, { showIf: { code: "CH", values: ["phone"] } })],
    },
    { key: "p3", titleEn: "3", titleFr: "3", items: [item("SAT", "scale5", true), item("WHY", "text_long")] },
  ],
};

describe("reading answers", () => {
  it("accepts each type's valid values and refuses the rest with a message key", () => {
    expect(parseAnswer(question("S", "scale5"), ["4"])).toEqual({ value: 4 });
    expect(parseAnswer(question("S", "scale5"), ["na"])).toEqual({ value: "na" });
    expect(parseAnswer(question("S", "scale5"), ["6"]).error?.key).toBe("respondent.errors.choice");
    expect(parseAnswer(question("T", "scale10"), ["0"])).toEqual({ value: 0 });
    expect(parseAnswer(question("T", "scale10"), ["11"]).error?.key).toBe("respondent.errors.choice");
    expect(parseAnswer(channel, ["web"])).toEqual({ value: "web" });
    expect(parseAnswer(channel, ["web", "phone"]).error?.key).toBe("respondent.errors.choice");
    expect(parseAnswer({ ...channel, type: "multi" }, ["web", "phone", "web"])).toEqual({ value: ["web", "phone"] });
    expect(parseAnswer({ ...channel, type: "multi" }, ["fax"]).error?.key).toBe("respondent.errors.choice");
    expect(parseAnswer(question("N", "number", { min: 0, max: 20 }), ["3,5"])).toEqual({ value: 3.5 });
    expect(parseAnswer(question("N", "number", { min: 0, max: 20 }), ["21"]).error).toEqual({
      key: "respondent.errors.range",
      params: { min: "0", max: "20" },
    });
    expect(parseAnswer(question("N", "number"), ["twelve"]).error?.key).toBe("respondent.errors.number");
    expect(parseAnswer(question("D", "date"), ["2026-02-28"])).toEqual({ value: "2026-02-28" });
    expect(parseAnswer(question("D", "date"), ["2026-02-30"]).error?.key).toBe("respondent.errors.date");
    expect(parseAnswer(question("X", "text_short"), ["x".repeat(501)]).error?.key).toBe("respondent.errors.tooLong");
    expect(parseAnswer(question("X", "text_long"), ["  <script>alert(1)</script> "])).toEqual({
      value: "<script>alert(1)</script>",
    });
    expect(parseAnswer(question("X", "text_long"), ["   "])).toEqual({});
  });

  it("never throws, and only ever accepts a listed code for a scale", () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 3 }), (raw) => {
        const { value } = parseAnswer(question("S", "scale5"), raw);
        expect(value === undefined || [1, 2, 3, 4, 5, "na"].includes(value as number | string)).toBe(true);
      }),
    );
  });

  it("requires required answers only when checking, and ignores answers to hidden questions", () => {
    const p2 = definition.pages[1] as PublishedDefinition["pages"][0];
    const empty = () => [] as string[];
    expect(readPage(p2, { CH: "phone" }, empty, true).errors).toEqual([
      { code: "WAIT", key: "respondent.errors.enter" },
    ]);
    expect(readPage(p2, { CH: "phone" }, empty, false).errors).toEqual([]);
    // A web user was never asked WAIT: a tampered form's answer is ignored.
    expect(readPage(p2, { CH: "web" }, () => ["5"], true)).toEqual({ answers: {}, cleared: [], errors: [] });
  });
});

describe("skip logic", () => {
  it("shows pages by earlier answers and drops answers that logic now hides", () => {
    expect(isShown(undefined, {})).toBe(true);
    expect(isShown({ code: "CH", values: ["phone"] }, {})).toBe(false);
    expect(visiblePages(definition, { CH: "web" }).map((p) => p.key)).toEqual(["p1", "p3"]);
    expect(visiblePages(definition, { CH: "phone" }).map((p) => p.key)).toEqual(["p1", "p2", "p3"]);
    expect(withoutHidden(definition, { CH: "web", WAIT: 12, SAT: 4 })).toEqual({ CH: "web", SAT: 4 });
  });

  it("knows when no page can follow", () => {
    expect(mayFollow(definition, "p1", {})).toBe(true);
    expect(mayFollow(definition, "p3", { CH: "phone" })).toBe(false);
    const onlyLogic: PublishedDefinition = { pages: definition.pages.slice(0, 2) };
    expect(mayFollow(onlyLogic, "p1", { CH: "web" })).toBe(true); // p1's own answer may still change
  });
});
