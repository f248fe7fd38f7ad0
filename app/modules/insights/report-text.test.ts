import { describe, expect, it } from "vitest";
import { parseResultsFilter } from "./filters.ts";
import { describeFilter } from "./report-text.ts";

const filterOf = (query: string) => {
  const parsed = parseResultsFilter(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.filter;
};

describe("what a report says it includes", () => {
  it("names each filter in the reader's language, the period's last month included", () => {
    const filter = filterOf("version=2&channel=web&lang=fr&from=2026-01&to=2026-03");
    expect(describeFilter(filter, "en")).toBe(
      "version 2, collected by Public link, answered in French, from January 2026, to March 2026",
    );
    expect(describeFilter(filter, "fr")).toBe(
      "version 2, recueillies par Lien public, données en français, à partir de janvier 2026, jusqu’à mars 2026",
    );
  });

  it("says every complete response when nothing is filtered", () => {
    expect(describeFilter(filterOf(""), "fr")).toBe("toutes les réponses soumises");
  });
});
