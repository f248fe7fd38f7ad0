import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeNext } from "./http.server.ts";

describe("safeNext", () => {
  it("keeps paths of this site", () => {
    expect(safeNext("/fr/organisations/x?tab=1#top", "/en")).toBe("/fr/organisations/x?tab=1#top");
  });

  it("refuses anything a browser could take to another site", () => {
    for (const next of [
      "//evil.example",
      "/\t/evil.example",
      "/%09/evil.example".replace("%09", "\t"),
      "/\\evil.example",
      "https://evil.example",
      "/\n/evil.example",
      "javascript:alert(1)",
      "",
    ]) {
      expect(safeNext(next, "/en"), JSON.stringify(next)).toBe("/en");
    }
  });

  it("always answers a same-site path", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (next) => {
        const out = safeNext(next, "/en");
        expect(out.startsWith("/")).toBe(true);
        expect(out.startsWith("//")).toBe(false);
        expect(new URL(out, "https://outside-in.example").origin).toBe("https://outside-in.example");
      }),
      { numRuns: 500 },
    );
  });
});
