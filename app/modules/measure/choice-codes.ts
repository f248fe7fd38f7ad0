import type { FrozenQuestion } from "./definition.ts";

/** The fixed answer codes of a scale or choice question; null for free answers (text, number, date). */
export function choiceCodes(q: Pick<FrozenQuestion, "type" | "options">): string[] | null {
  switch (q.type) {
    case "scale5":
      return ["1", "2", "3", "4", "5", "na"];
    case "scale10":
      return Array.from({ length: 11 }, (_, i) => String(i));
    case "single":
    case "multi":
      return (q.options ?? []).map((o) => o.code);
    default:
      return null;
  }
}
