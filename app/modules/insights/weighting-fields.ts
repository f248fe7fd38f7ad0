// What the weighting page and its server code share: the variables results
// can be weighted on, and the names of the form's share inputs.

/** A variable the results can be weighted on: language, channel or a single-choice question. */
export interface WeightableVariable {
  code: string;
  kind: "lang" | "channel" | "question";
  /** A question's wording; null for language and channel. */
  textEn: string | null;
  textFr: string | null;
  /** Its categories: those with responses, then a question's options no one chose. */
  categories: { code: string; count: number; en: string | null; fr: string | null }[];
  /** Complete responses without a category (a question left blank or not applicable). */
  missing: number;
}

/** The name of the form's input for a category's population share (percent). */
export const shareField = (variable: string, category: string) =>
  `share:${encodeURIComponent(variable)}:${encodeURIComponent(category)}`;
