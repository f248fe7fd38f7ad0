import type { Lang } from "#app/i18n/paths.ts";
import type { SurveyGrid } from "#app/modules/measure/definition.ts";
import { pageBlocks } from "#app/modules/measure/grids.ts";
import { GridField } from "./grid-field.tsx";
import { type FieldError, type Question, QuestionField } from "./question-field.tsx";

export interface ListedQuestion {
  key: string;
  required: boolean;
  question: Question;
  grid?: string;
  /** The answer given so far, as form values. */
  value?: string[];
}

/** A page's questions in order, with a grid's rows under their stem. */
export function QuestionList({
  items,
  grids,
  lang,
  answerOf,
  errorOf,
}: {
  items: ListedQuestion[];
  grids?: SurveyGrid[];
  lang: Lang;
  answerOf?: (item: ListedQuestion) => string[];
  errorOf?: (item: ListedQuestion) => FieldError | undefined;
}) {
  return (
    <>
      {pageBlocks(items, grids).map((block) =>
        block.kind === "item" ? (
          <QuestionField
            key={block.item.key}
            question={block.item.question}
            lang={lang}
            required={block.item.required}
            value={answerOf?.(block.item) ?? []}
            error={errorOf?.(block.item)}
          />
        ) : (
          <GridField
            key={block.grid.key}
            stem={lang === "fr" ? block.grid.titleFr : block.grid.titleEn}
            lang={lang}
            rows={block.items.map((item) => ({ ...item, value: answerOf?.(item) ?? [], error: errorOf?.(item) }))}
          />
        ),
      )}
    </>
  );
}
