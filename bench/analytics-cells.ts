// Pre-aggregated cells: the additive sufficient statistics of the results
// page per survey × version × month × channel × language, built from the
// typed table. A dashboard filtered on those dimensions sums cells.
import {
  type Aggregates,
  column,
  d,
  DRIVER_CODES,
  pairs,
  QUESTIONS,
  readMoments,
  type Row,
  TABS,
} from "./analytics-queries.ts";

const DIMS = "survey_id, version, month, channel, lang";
const momentColumns = ["n", ...DRIVER_CODES.map((_, j) => `s${j}`), ...pairs.map(([j, k]) => `p${j}_${k}`)];

export const cellTables = [
  `CREATE TABLE cell_item (survey_id uuid, version int, month text, channel text, lang text,
     code text, value text, n bigint)`,
  `CREATE TABLE cell_tab (survey_id uuid, version int, month text, channel text, lang text,
     tab int, row_value text, column_value text, n bigint)`,
  `CREATE TABLE cell_moment (survey_id uuid, version int, month text, channel text, lang text,
     ${momentColumns.map((c) => `${c} bigint`).join(", ")})`,
];

/** Statements that (re)compute the cells of the typed rows matching `where` (delete them first). */
export function buildCells(where = "true") {
  const items = QUESTIONS.map((q) => `('${q}', ${column(q)}::text)`).join(", ");
  const tabs = TABS.map(([r, c], i) => `(${i}, ${r}::text, ${c}::text)`).join(", ");
  const complete = DRIVER_CODES.map((c) => `${column(c)} IS NOT NULL`).join(" AND ");
  return [
    `INSERT INTO cell_item SELECT ${DIMS}, q.code, q.value, count(*)
       FROM response_typed, LATERAL (VALUES ${items}) AS q(code, value)
       WHERE q.value IS NOT NULL AND ${where} GROUP BY ${DIMS}, q.code, q.value`,
    `INSERT INTO cell_tab SELECT ${DIMS}, t.tab, t.r, t.c, count(*)
       FROM response_typed, LATERAL (VALUES ${tabs}) AS t(tab, r, c)
       WHERE t.r IS NOT NULL AND t.c IS NOT NULL AND ${where} GROUP BY ${DIMS}, t.tab, t.r, t.c`,
    `INSERT INTO cell_moment SELECT ${DIMS}, count(*),
       ${DRIVER_CODES.map((_, j) => `sum(${d(j)})`).join(", ")},
       ${pairs.map(([j, k]) => `sum(${d(j)} * ${d(k)})`).join(", ")}
       FROM response_typed WHERE ${complete} AND ${where} GROUP BY ${DIMS}`,
  ];
}

export function deleteCells(where: string) {
  return ["cell_item", "cell_tab", "cell_moment"].map((t) => `DELETE FROM ${t} WHERE ${where}`);
}

/** The dashboard's three queries on cells, for the cells matching `where`. */
export function cellQueries(where = "true") {
  return {
    items: `SELECT code, value, sum(n) AS n FROM cell_item WHERE ${where} GROUP BY code, value`,
    drivers: `SELECT ${momentColumns.map((c) => `sum(${c}) AS ${c}`).join(", ")} FROM cell_moment WHERE ${where}`,
    tabs: `SELECT tab, row_value, column_value, sum(n) AS n FROM cell_tab WHERE ${where} GROUP BY tab, row_value, column_value`,
  };
}

export function readCells(items: Row[], drivers: Row, tabs: Row[]): Aggregates {
  return {
    items: new Map(items.map((r) => [`${String(r.code)}|${String(r.value)}`, Number(r.n)])),
    drivers: readMoments(drivers),
    tabs: tabs.map((r) => ({
      tab: Number(r.tab),
      row: String(r.row_value),
      column: String(r.column_value),
      n: Number(r.n),
    })),
  };
}
