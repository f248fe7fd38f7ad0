import { describe, expect, it } from "vitest";
import { parseForm } from "#app/modules/platform/forms.ts";
import { draftChangeSchema } from "./survey-input.ts";

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return parseForm(draftChangeSchema, data);
};

describe("the builder's skip-logic form", () => {
  it("reads several answers of one question as one condition", () => {
    const parsed = form([
      ["op", "showIf"],
      ["itemKey", "q7"],
      ["condition", "SUP-CTX-03=telephone"],
      ["condition", "SUP-CTX-03=mail"],
    ]);
    expect(parsed).toMatchObject({
      ok: true,
      data: { op: "showIf", itemKey: "q7", condition: { conditionCode: "SUP-CTX-03", values: ["telephone", "mail"] } },
    });
  });

  it("clears the condition when nothing is ticked or on the clear button", () => {
    expect(
      form([
        ["op", "showIf"],
        ["itemKey", "q7"],
      ]),
    ).toMatchObject({ ok: true, data: { condition: null } });
    const cleared = form([
      ["op", "showIf"],
      ["itemKey", "q7"],
      ["condition", "SUP-CTX-03=mail"],
      ["clear", "yes"],
    ]);
    expect(cleared).toMatchObject({ ok: true, data: { condition: null } });
  });

  it("refuses answers of two questions, and malformed values", () => {
    const two = form([
      ["op", "showIf"],
      ["itemKey", "q7"],
      ["condition", "SUP-CTX-03=mail"],
      ["condition", "CORE-OS-01=5"],
    ]);
    expect(two).toMatchObject({ ok: false, errors: { condition: "surveys.logic.errors.oneQuestion" } });
    expect(
      form([
        ["op", "showIf"],
        ["itemKey", "q7"],
        ["condition", "x=<script>"],
      ]),
    ).toMatchObject({ ok: false });
  });
});

describe("the builder's grid form", () => {
  it("needs two rows and both introductions", () => {
    const ok = form([
      ["op", "groupGrid"],
      ["pageKey", "p1"],
      ["itemKeys", "q2"],
      ["itemKeys", "q3"],
      ["titleEn", "How satisfied were you with…"],
      ["titleFr", "Dans quelle mesure étiez-vous satisfait…"],
    ]);
    expect(ok).toMatchObject({ ok: true, data: { itemKeys: ["q2", "q3"] } });
    const one = form([
      ["op", "groupGrid"],
      ["pageKey", "p1"],
      ["itemKeys", "q2"],
      ["titleEn", "A"],
      ["titleFr", "B"],
    ]);
    expect(one).toMatchObject({ ok: false, errors: { itemKeys: "surveys.grid.errors.rows" } });
    const untitled = form([
      ["op", "groupGrid"],
      ["pageKey", "p1"],
      ["itemKeys", "q2"],
      ["itemKeys", "q3"],
    ]);
    expect(untitled.ok).toBe(false);
  });
});
