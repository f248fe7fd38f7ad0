// Warnings about a survey's two languages, for the designer: text given in
// one language only, or French that is the English copied over. They do not
// block publishing (a proper noun may read the same in both), they ask for a look.
import type { SurveyDefinition } from "./definition.ts";

export interface TranslationWarning {
  /** Catalogue key of the message. */
  key: "surveys.translation.oneLanguage" | "surveys.translation.same";
  /** Catalogue key naming the text, e.g. "surveys.translation.fields.help". */
  field: string;
  /** Where it is: a question code, a page number, or empty for the survey. */
  where: string;
}

interface Bilingual {
  en: string | null | undefined;
  fr: string | null | undefined;
}

interface QuestionTexts {
  textEn: string;
  textFr: string;
  helpEn: string | null;
  helpFr: string | null;
  options: { code: string; en: string; fr: string }[] | null;
}

const clean = (v: string | null | undefined) => (v ?? "").trim();

/** Long enough that the same words in both languages are more likely a copy than a name. */
const worthComparing = (text: string) => text.length >= 12 || text.split(/\s+/).length >= 3;

function check(pair: Bilingual, field: string, where: string): TranslationWarning[] {
  const en = clean(pair.en);
  const fr = clean(pair.fr);
  if (!en && !fr) return [];
  if (!en || !fr) return [{ key: "surveys.translation.oneLanguage", field, where }];
  if (worthComparing(en) && en.toLocaleLowerCase("en") === fr.toLocaleLowerCase("fr")) {
    return [{ key: "surveys.translation.same", field, where }];
  }
  return [];
}

export function translationWarnings(
  survey: {
    titleEn: string;
    titleFr: string;
    serviceEn: string;
    serviceFr: string;
    closingMessageEn: string | null;
    closingMessageFr: string | null;
    privacyNoticeEn: string | null;
    privacyNoticeFr: string | null;
  },
  definition: SurveyDefinition,
  questions: ReadonlyMap<string, QuestionTexts>,
): TranslationWarning[] {
  const f = (name: string) => `surveys.translation.fields.${name}`;
  const warnings = [
    ...check({ en: survey.titleEn, fr: survey.titleFr }, f("title"), ""),
    ...check({ en: survey.serviceEn, fr: survey.serviceFr }, f("service"), ""),
    ...check({ en: survey.closingMessageEn, fr: survey.closingMessageFr }, f("closingMessage"), ""),
    ...check({ en: survey.privacyNoticeEn, fr: survey.privacyNoticeFr }, f("privacyNotice"), ""),
  ];
  definition.pages.forEach((page, index) => {
    const where = String(index + 1);
    warnings.push(...check({ en: page.titleEn, fr: page.titleFr }, f("pageTitle"), where));
    for (const grid of page.grids ?? []) {
      warnings.push(...check({ en: grid.titleEn, fr: grid.titleFr }, f("gridTitle"), where));
    }
  });
  const seen = new Set<string>();
  for (const item of definition.pages.flatMap((p) => p.items)) {
    const q = questions.get(item.code);
    if (!q || seen.has(item.code)) continue;
    seen.add(item.code);
    warnings.push(...check({ en: q.textEn, fr: q.textFr }, f("question"), item.code));
    warnings.push(...check({ en: q.helpEn, fr: q.helpFr }, f("help"), item.code));
    for (const option of q.options ?? []) warnings.push(...check(option, f("option"), item.code));
  }
  return warnings;
}
