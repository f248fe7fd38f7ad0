import { describe, expect, it } from "vitest";
import { langOfPath, langs, type PageId, pageOfRouteId, pages, pathFor, patternFor, routeId } from "./paths.ts";

describe("localized paths", () => {
  const ids = Object.keys(pages) as PageId[];

  it("give every page a distinct URL pattern in each language", () => {
    for (const lang of langs) {
      const patterns = ids.map((id) => patternFor(id, lang));
      expect(new Set(patterns).size).toBe(patterns.length);
      for (const p of patterns) expect(p.startsWith(`/${lang}`)).toBe(true);
    }
  });

  it("use the same parameters in both languages", () => {
    const params = (p: string) => [...p.matchAll(/:(\w+)/g)].map((m) => m[1]).sort();
    for (const id of ids) expect(params(pages[id].fr)).toEqual(params(pages[id].en));
  });

  it("fill and encode parameters", () => {
    expect(pathFor("orgMembers", "fr", { org: "ville-de-gatineau" })).toBe(
      "/fr/organisations/ville-de-gatineau/membres",
    );
    expect(pathFor("orgMember", "en", { org: "a b", userId: "x/y" })).toBe("/en/orgs/a%20b/members/x%2Fy");
    expect(pathFor("home", "fr")).toBe("/fr");
    expect(() => pathFor("orgHome", "en")).toThrow(/missing param org/);
  });

  it("read the language from the first segment, English otherwise", () => {
    expect(langOfPath("/fr/connexion")).toBe("fr");
    expect(langOfPath("/en")).toBe("en");
    expect(langOfPath("/french")).toBe("en");
    expect(langOfPath("/")).toBe("en");
  });

  it("round-trip route ids", () => {
    expect(pageOfRouteId(routeId("orgAudit", "fr"))).toEqual({ page: "orgAudit", lang: "fr" });
    expect(pageOfRouteId("root")).toBeNull();
    expect(pageOfRouteId("de:home")).toBeNull();
  });
});
