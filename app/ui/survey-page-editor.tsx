import type { SurveyItem, SurveyPage } from "#app/modules/measure/definition.ts";
import { pageBlocks } from "#app/modules/measure/grids.ts";
import { PostForm } from "./form.tsx";
import { GridBlock, GroupAsGridForm } from "./survey-grid-editor.tsx";
import { answerLabel, type QuestionSummary, ShowIfForm } from "./survey-logic-editor.tsx";
import { useLang, useT } from "./use-root.ts";

/** A small one-button form acting on one item of the draft. */
function ItemButton({
  op,
  itemKey,
  label,
  extra,
}: {
  op: string;
  itemKey: string;
  label: string;
  extra?: Record<string, string>;
}) {
  return (
    <PostForm className="inline-form">
      <input type="hidden" name="op" value={op} />
      <input type="hidden" name="itemKey" value={itemKey} />
      {Object.entries(extra ?? {}).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <button type="submit" className="link-button">
        {label}
      </button>
    </PostForm>
  );
}

/** One question of the draft, in both languages, with its controls. */
function ItemEntry({
  item,
  questions,
  editable,
  earlier,
}: {
  item: SurveyItem;
  questions: Record<string, QuestionSummary>;
  editable: boolean;
  earlier: string[];
}) {
  const t = useT();
  const lang = useLang();
  const q = questions[item.code];
  const name = item.code;
  return (
    <li>
      <div className="side-by-side">
        <p lang="en">{q?.textEn ?? t("surveys.missingQuestion")}</p>
        <p lang="fr">{q?.textFr ?? t("surveys.missingQuestion")}</p>
      </div>
      <p className="item-meta">
        <span className="code">{item.code}</span> · {q ? t(`bank.types.${q.type}`) : ""}
        {item.locked ? <span className="tag tag--core">{t("surveys.lockedCore")}</span> : null}
        {item.required ? <span className="tag">{t("surveys.required")}</span> : null}
      </p>
      {item.showIf ? (
        <p className="item-meta">
          {t("surveys.logic.shownIf", {
            code: item.showIf.code,
            answers: item.showIf.values
              .map((v) => {
                const q = questions[item.showIf?.code ?? ""];
                return q ? answerLabel(q, v, lang, t("respondent.notApplicable")) : v;
              })
              .join(", "),
          })}
        </p>
      ) : null}
      {editable ? (
        <div className="item-actions">
          <ItemButton op="move" itemKey={item.key} extra={{ direction: "up" }} label={t("surveys.moveUp", { name })} />
          <ItemButton
            op="move"
            itemKey={item.key}
            extra={{ direction: "down" }}
            label={t("surveys.moveDown", { name })}
          />
          <ItemButton
            op="required"
            itemKey={item.key}
            extra={{ required: item.required ? "no" : "yes" }}
            label={t(item.required ? "surveys.makeOptional" : "surveys.makeRequired", { name })}
          />
          {item.locked ? null : (
            <ItemButton op="removeQuestion" itemKey={item.key} label={t("surveys.remove", { name })} />
          )}
        </div>
      ) : null}
      {editable && !item.locked ? <ShowIfForm item={item} earlier={earlier} questions={questions} /> : null}
    </li>
  );
}

/** One page of a draft survey: its questions and grids in both languages, and their controls. */
export function SurveyPageEditor({
  page,
  index,
  questions,
  editable,
  earlier,
}: {
  page: SurveyPage;
  index: number;
  questions: Record<string, QuestionSummary>;
  editable: boolean;
  /** Codes of the questions on earlier pages, which skip logic may test. */
  earlier: string[];
}) {
  const t = useT();
  const lang = useLang();
  const title = (lang === "fr" ? page.titleFr : page.titleEn) || t("surveys.untitled");
  const entry = (item: SurveyItem) => (
    <ItemEntry key={item.key} item={item} questions={questions} editable={editable} earlier={earlier} />
  );
  return (
    <section className="survey-page" aria-labelledby={`page-${page.key}`}>
      <h2 id={`page-${page.key}`}>{t("surveys.pageN", { n: String(index + 1), title })}</h2>
      {page.items.length === 0 ? <p>{t("surveys.emptyPage")}</p> : null}
      <ol className="survey-items">
        {pageBlocks(page.items, page.grids).map((block) =>
          block.kind === "item" ? (
            entry(block.item)
          ) : (
            <GridBlock key={block.grid.key} grid={block.grid} editable={editable}>
              {block.items.map(entry)}
            </GridBlock>
          ),
        )}
      </ol>
      {editable ? (
        <GroupAsGridForm pageKey={page.key} pageNumber={index + 1} items={page.items} questions={questions} />
      ) : null}
      {editable && page.items.length === 0 ? (
        <PostForm>
          <input type="hidden" name="op" value="removePage" />
          <input type="hidden" name="pageKey" value={page.key} />
          <button type="submit" className="link-button">
            {t("surveys.removePage", { n: String(index + 1) })}
          </button>
        </PostForm>
      ) : null}
    </section>
  );
}
