// Names of the cross-tab builder's variables and of their values, per language.
import { tFor, type Lang } from "#app/i18n/i18n.ts";
import type { CrosstabVariable } from "#app/modules/insights/crosstab.ts";
import type { ResultsQuestions } from "#app/modules/insights/questions.ts";
import { SATISFIED } from "#app/modules/insights/results.ts";

export function variableLabel(variable: CrosstabVariable, questions: ResultsQuestions, lang: Lang): string {
  const t = tFor(lang);
  if (variable.kind === "attribute") return t(`crosstab.variables.${variable.id}`);
  if (variable.kind === "satisfaction") return t("crosstab.variables.satisfied");
  const question = [...questions.scales, ...questions.categories].find((q) => q.code === variable.id);
  const text = question ? (lang === "fr" ? question.textFr : question.textEn) : variable.id;
  return `${text} (${variable.id})`;
}

export function valueLabel(variable: CrosstabVariable, value: string, questions: ResultsQuestions, lang: Lang): string {
  const t = tFor(lang);
  switch (variable.kind) {
    case "satisfaction":
      return t(value === SATISFIED ? "crosstab.satisfied" : "crosstab.notSatisfied");
    case "scale":
      return t("crosstab.rating", { value });
    case "attribute":
      if (variable.id === "version") return t("crosstab.versionValue", { version: value });
      return t(`responses.${variable.id === "lang" ? "langs" : "channels"}.${value}`, { defaultValue: value });
    case "category": {
      const option = questions.categories.find((q) => q.code === variable.id)?.options?.find((o) => o.code === value);
      return option ? (lang === "fr" ? option.fr : option.en) : value;
    }
  }
}
