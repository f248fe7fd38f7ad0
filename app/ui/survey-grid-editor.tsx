import { gridKind } from "#app/modules/measure/grids.ts";
import type { SurveyGrid, SurveyItem } from "#app/modules/measure/definition.ts";
import type { ReactNode } from "react";
import { PostForm } from "./form.tsx";
import { useLang, useT } from "./use-root.ts";

interface RowQuestion {
  textEn: string;
  textFr: string;
  type: string;
  scale: string | null;
}

/** A grid in the builder: its stem in both languages, its rows, and a way to undo it. */
export function GridBlock({ grid, editable, children }: { grid: SurveyGrid; editable: boolean; children: ReactNode }) {
  const t = useT();
  const lang = useLang();
  return (
    <li className="survey-grid">
      <p className="item-meta">{t("surveys.grid.label")}</p>
      <div className="side-by-side">
        <p lang="en">{grid.titleEn}</p>
        <p lang="fr">{grid.titleFr}</p>
      </div>
      {editable ? (
        <PostForm className="inline-form">
          <input type="hidden" name="op" value="ungroupGrid" />
          <input type="hidden" name="gridKey" value={grid.key} />
          <button type="submit" className="link-button">
            {t("surveys.grid.ungroup", { title: lang === "fr" ? grid.titleFr : grid.titleEn })}
          </button>
        </PostForm>
      ) : null}
      <ol className="survey-items">{children}</ol>
    </li>
  );
}

/**
 * "Show as a grid": tick two or more scale questions of the page that share
 * an answer scale and give the grid's stem in both languages.
 */
export function GroupAsGridForm({
  pageKey,
  pageNumber,
  items,
  questions,
}: {
  pageKey: string;
  pageNumber: number;
  items: SurveyItem[];
  questions: Record<string, RowQuestion>;
}) {
  const t = useT();
  const eligible = items.filter((i) => {
    const q = questions[i.code];
    return !i.grid && q && gridKind(q);
  });
  if (eligible.length < 2) return null;
  const id = (name: string) => `grid-${pageKey}-${name}`;
  return (
    <details className="show-if">
      <summary>{t("surveys.grid.summary", { n: String(pageNumber) })}</summary>
      <PostForm>
        <input type="hidden" name="op" value="groupGrid" />
        <input type="hidden" name="pageKey" value={pageKey} />
        <fieldset>
          <legend>{t("surveys.grid.rows")}</legend>
          <p className="hint">{t("surveys.grid.rowsHint")}</p>
          {eligible.map((i) => (
            <div className="choice" key={i.key}>
              <input type="checkbox" id={id(i.key)} name="itemKeys" value={i.key} />
              <label htmlFor={id(i.key)}>
                {i.code} – {questions[i.code]?.textEn}
              </label>
            </div>
          ))}
        </fieldset>
        <div className="side-by-side">
          <div className="field">
            <label htmlFor={id("titleEn")}>{t("surveys.grid.titleEn")}</label>
            <input id={id("titleEn")} name="titleEn" lang="en" />
          </div>
          <div className="field">
            <label htmlFor={id("titleFr")}>{t("surveys.grid.titleFr")}</label>
            <input id={id("titleFr")} name="titleFr" lang="fr" />
          </div>
        </div>
        <button type="submit" className="button button--secondary">
          {t("surveys.grid.group")}
        </button>
      </PostForm>
    </details>
  );
}
