// Answers as people and our own exports write them, read back: a scale's
// labels in either language, and the many ways of writing "not applicable"
// or "don't know". One vocabulary for the importer and the analyst CLI, so
// whatever the app writes, both read. Pure: no I/O.
import { scales } from "./cmt-bank.ts";

/**
 * For comparing what people type: no accents, no case, single spaces,
 * straight apostrophes, and no space inside « » or before ? ! : ; (French
 * typography puts one there, a spreadsheet's heading often does not).
 */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/\s+/g, " ")
    .replace(/ ([?!:;»])/g, "$1")
    .replace(/« /g, "«")
    .trim();
}

// Folded. A respondent with no answer to give: the CMT scales' "not
// applicable" (our export's code and both labels), and "don't know", which
// the CMT scores the same way (left out of the base).
const notApplicableWords = new Set([
  "na",
  "n/a",
  "n.a.",
  "n.a",
  "not applicable",
  "does not apply",
  "sans objet",
  "s/o",
  "s.o.",
  "so",
  "ne s'applique pas",
  "non applicable",
  "don't know",
  "dont know",
  "do not know",
  "dk",
  "d/k",
  "don't know / not applicable",
  "ne sait pas",
  "je ne sais pas",
  "nsp",
  "ne sais pas",
]);

/** Whether a cell says the question had no answer to give (not applicable, don't know), in either language. */
export const isNotApplicable = (cell: string): boolean => notApplicableWords.has(fold(cell));

// Every CMT five-point scale's labels, both languages, folded, to the rating they stand for.
const ratingByLabel = new Map<string, number>(
  Object.values(scales).flatMap((scale) =>
    scale.points.flatMap((p) => [[fold(p.en), p.code] as const, [fold(p.fr), p.code] as const]),
  ),
);

/** The rating 1–5 a CMT scale's label stands for ("Very satisfied", « Très satisfait »…), if it is one. */
export const ratingOfLabel = (cell: string): number | undefined => ratingByLabel.get(fold(cell));
