import { describe, expect, it } from "vitest";
import { scales } from "./cmt-bank.ts";
import { fold, isNotApplicable, ratingOfLabel } from "./written-answers.ts";

describe("answers as they are written", () => {
  it("reads not applicable and don't know in the spellings people and our exports use", () => {
    const written = ["na", "NA", "N/A", "n.a.", "Not applicable", "Sans objet", "S/O", "Ne s’applique pas"];
    const dontKnow = ["Don't know", "Don’t know", "DK", "NSP", "Ne sait pas", "Je ne sais pas"];
    for (const cell of [...written, ...dontKnow]) expect(isNotApplicable(cell), cell).toBe(true);
    for (const cell of ["", "4", "No", "Non", "Satisfied", "nan"]) expect(isNotApplicable(cell), cell).toBe(false);
  });

  it("reads every CMT scale's labels in both languages, each as one rating", () => {
    const seen = new Map<string, number>();
    for (const scale of Object.values(scales))
      for (const point of scale.points)
        for (const label of [point.en, point.fr]) {
          expect(seen.get(fold(label)) ?? point.code, `“${label}” means two ratings`).toBe(point.code);
          seen.set(fold(label), point.code);
          expect(ratingOfLabel(label)).toBe(point.code);
        }
    expect(ratingOfLabel("  TRÈS   satisfait ")).toBe(5);
    expect(ratingOfLabel("very good")).toBeUndefined();
  });
});

describe("folding for comparison", () => {
  it("matches French with or without its typographic spaces, and either apostrophe", () => {
    expect(fold("Était-ce la première fois que vous utilisiez ce service\u00a0?")).toBe(
      fold("Etait-ce la premiere fois que vous utilisiez ce service?"),
    );
    expect(fold("«\u00a0Sans objet\u00a0»")).toBe(fold("«Sans objet»"));
    expect(fold("Ne s’applique pas")).toBe(fold("ne s'applique pas"));
  });
});
