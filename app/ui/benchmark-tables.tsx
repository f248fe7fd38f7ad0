import type { ReactNode } from "react";
import { formatNumber } from "#app/i18n/i18n.ts";
import type { BenchmarkItem } from "#app/modules/insights/benchmarking.server.ts";
import { useLang, useT } from "./use-root.ts";
import "./benchmark.css";

const groups = ["satisfaction", "expectation", "importance"] as const;

/** Where the survey stands on each core question: a text summary, then one table per kind of question. */
export function BenchmarkTables({ items, chart }: { items: BenchmarkItem[]; chart?: ReactNode }) {
  const t = useT();
  const lang = useLang();
  const score = (v: number) => formatNumber(lang, v, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return (
    <>
      <h2>{t("benchmark.summaryHeading")}</h2>
      <Summary items={items} score={score} />
      {chart}
      {groups.map((group) => {
        const rows = items.filter((i) => i.element === group);
        if (rows.length === 0) return null;
        return (
          <div className="table-wrap" key={group}>
            <table className="benchmark-table">
              <caption>{t(`benchmark.groups.${group}`)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("benchmark.columns.question")}</th>
                  <th scope="col" className="num">
                    {t("benchmark.columns.own")}
                  </th>
                  <th scope="col" className="num">
                    {t("benchmark.columns.n")}
                  </th>
                  <th scope="col" className="num">
                    {t("benchmark.columns.median")}
                  </th>
                  <th scope="col" className="num">
                    {t("benchmark.columns.quartiles")}
                  </th>
                  <th scope="col">{t("benchmark.columns.position")}</th>
                  <th scope="col" className="num">
                    {t("benchmark.columns.peers")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((item) => (
                  <Row key={item.code} item={item} score={score} />
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </>
  );
}

function Row({ item, score }: { item: BenchmarkItem; score: (v: number) => string }) {
  const t = useT();
  const lang = useLang();
  const r = item.result;
  const question = (
    <th scope="row">
      {lang === "fr" ? item.textFr : item.textEn} <span className="tag">{item.code}</span>
    </th>
  );
  if (r.status === "no-responses") {
    return (
      <tr>
        {question}
        <td colSpan={6} className="withheld">
          {t("benchmark.noResponses")}
        </td>
      </tr>
    );
  }
  const own = (
    <>
      <td className="num">{item.own === null ? "—" : score(item.own)}</td>
      <td className="num">{formatNumber(lang, item.n)}</td>
    </>
  );
  if (r.status === "suppressed") {
    return (
      <tr>
        {question}
        {own}
        <td colSpan={4} className="withheld">
          {t(`benchmark.suppressed.${r.reason}`)}
        </td>
      </tr>
    );
  }
  return (
    <tr>
      {question}
      {own}
      <td className="num">{score(r.median)}</td>
      <td className="num">{t("benchmark.range", { from: score(r.q1), to: score(r.q3) })}</td>
      <td>{t(`benchmark.bands.${r.position}`)}</td>
      <td className="num">{formatNumber(lang, r.peers)}</td>
    </tr>
  );
}

function Summary({ items, score }: { items: BenchmarkItem[]; score: (v: number) => string }) {
  const t = useT();
  const lang = useLang();
  const published = items.flatMap((i) => (i.result.status === "published" ? [{ item: i, r: i.result }] : []));
  const overall = published.find((p) => p.item.code === "CORE-OS-01");
  const above = published.filter((p) => p.r.own > p.r.median).length;
  const below = published.filter((p) => p.r.own < p.r.median).length;
  const withheld = items.filter((i) => i.result.status === "suppressed").length;
  const position = (fromMedian: number) =>
    fromMedian === 0
      ? t("benchmark.position.level")
      : t(`benchmark.position.${fromMedian > 0 ? "above" : "below"}`, { difference: score(Math.abs(fromMedian)) });
  return (
    <>
      {overall ? (
        <p>
          {t("benchmark.summary.overall", {
            own: score(overall.r.own),
            position: position(overall.r.fromMedian),
            median: score(overall.r.median),
            peers: formatNumber(lang, overall.r.peers),
            stands: t(`benchmark.stands.${overall.r.position}`),
            q1: score(overall.r.q1),
            q3: score(overall.r.q3),
          })}
        </p>
      ) : null}
      {published.length > 0 ? (
        <p>
          {t("benchmark.summary.count", {
            compared: formatNumber(lang, published.length),
            above: formatNumber(lang, above),
            below: formatNumber(lang, below),
          })}
        </p>
      ) : (
        <p>{t("benchmark.summary.none")}</p>
      )}
      {withheld > 0 ? <p>{t("benchmark.summary.withheld", { count: formatNumber(lang, withheld) })}</p> : null}
    </>
  );
}
