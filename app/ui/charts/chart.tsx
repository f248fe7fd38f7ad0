import { useId } from "react";
import "../charts.css";
import { useT } from "../use-root.ts";
import type { ChartModel } from "./model.ts";

/**
 * A chart as a figure: the server-rendered SVG, a caption with the title and a
 * text summary, and the same numbers as a table. Build the model in the loader
 * with renderChart (charts/index.server.ts); this component only shows it.
 */
export function Chart({ model }: { model: ChartModel }) {
  const t = useT();
  const captionId = useId();
  return (
    <figure className={`chart chart--${model.kind}`} aria-labelledby={captionId}>
      <figcaption id={captionId}>
        <span className="chart__title">{model.title}</span> <span className="chart__summary">{model.summary}</span>
      </figcaption>
      <div className="chart__plot" dangerouslySetInnerHTML={{ __html: model.svg }} />
      <details className="chart__data">
        <summary>{t("charts.showTable")}</summary>
        <div className="table-wrap">
          <table>
            <caption>{model.title}</caption>
            <thead>
              <tr>
                {model.table.head.map((heading, i) => (
                  <th key={i} scope="col">
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {model.table.rows.map((row, i) => (
                <tr key={i}>
                  <th scope="row">{row.header}</th>
                  {row.cells.map((cell, j) => (
                    <td key={j}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
