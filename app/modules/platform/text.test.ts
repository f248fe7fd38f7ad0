import { describe, expect, it } from "vitest";
import { z } from "zod";
import { optionalText, requiredText } from "./forms.ts";
import { cleanText } from "./text.ts";

describe("the one text rule", () => {
  it("removes controls, noncharacters and bidirectional controls, and keeps tabs and line ends", () => {
    expect(cleanText("a\u0000b\u0001c\u007fd\u0090e\ufffef\uffffg\ufdd0h\u{1fffe}i")).toBe("abcdefghi");
    expect(cleanText("\u202eevil\u202c \u2066x\u2069")).toBe("evil x");
    expect(cleanText("one\ttwo\r\nthree\nfour")).toBe("one\ttwo\r\nthree\nfour");
    expect(cleanText("Élan — « oui » 😀 مرحبا")).toBe("Élan — « oui » 😀 مرحبا");
  });

  it("turns other line breaks into new lines, or every break into a space on one line", () => {
    expect(cleanText("a\u000bb\u000cc\u2028d\u0085e")).toBe("a\nb\nc\nd\ne");
    expect(cleanText("a\r\nb\nc\u000bd\te", { singleLine: true })).toBe("a b c d e");
  });

  it("replaces lone surrogates, which no file can hold", () => {
    expect(cleanText("a\ud800b\udc00c")).toBe("a\ufffdb\ufffdc");
  });

  it("is the rule of the staff forms' text fields", () => {
    const schema = z.object({ title: requiredText(), message: optionalText(100) });
    expect(schema.parse({ title: "\u202eSurvey\u0000\nTitle ", message: "Line\u000bnext\u0001" })).toEqual({
      title: "Survey Title",
      message: "Line\nnext",
    });
    expect(schema.safeParse({ title: "\u0000\u202e" }).success).toBe(false);
  });
});
