import { formatNumber } from "#app/i18n/i18n.ts";
import type { Lang } from "#app/i18n/paths.ts";
import type { FrozenQuestion } from "#app/modules/measure/definition.ts";
import { isFreeText } from "#app/modules/responses/answers.ts";
import { valueLabels } from "#app/modules/responses/export-format.ts";
import { Paragraphs } from "./paragraphs.tsx";
import { useLang, useT } from "./use-root.ts";

interface Item {
  code: string;
  question: FrozenQuestion;
  answer: number | string | string[] | undefined;
  removed: boolean;
}

/** A coded answer as the respondent saw it: "Satisfied (4)", several choices joined. */
function readable(q: FrozenQuestion, answer: number | string | string[], lang: Lang): string {
  const labels = new Map((valueLabels(q) ?? []).map((v) => [v.code, v[lang]]));
  const one = (code: string) => {
    const label = labels.get(code);
    return label && label !== code ? `${label} (${code})` : code;
  };
  if (Array.isArray(answer)) return answer.map(one).join("; ");
  if (typeof answer === "number") return labels.size > 0 ? one(String(answer)) : formatNumber(lang, answer);
  return one(answer);
}

/** Every question of the version a response answered, with its answer; free text keeps its paragraphs. */
export function ResponseAnswers({ items }: { items: Item[] }) {
  const t = useT();
  const lang = useLang();
  return (
    <dl className="answers">
      {items.map(({ code, question: q, answer, removed }) => (
        <div key={code}>
          <dt>
            {lang === "fr" ? q.textFr : q.textEn} <span className="code">{code}</span>
          </dt>
          <dd>
            {removed ? (
              <em>{t("responses.removed")}</em>
            ) : answer === undefined ? (
              <em>{t("responses.noAnswer")}</em>
            ) : isFreeText(q) ? (
              <Paragraphs text={String(answer)} />
            ) : (
              readable(q, answer, lang)
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
