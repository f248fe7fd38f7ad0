// The results page's aggregates as SQL that PostgreSQL and DuckDB both run
// unchanged, over a "source" that exposes one typed row per complete response
// (the JSONB answers projected on the fly, a typed side table, or DuckDB's
// copy of either), and the page's statistics computed from them.
import {
  crossTabFromCounts,
  type CrossProducts,
  driversFromMoments,
  summarizeCounts,
} from "#app/stats/from-moments.ts";

/** The 20 core questions: 19 on the 1–5 scale, and the number of contacts (a choice). */
export const SCALES = [
  "CORE-OS-01",
  ...["TIM", "KNO", "COU", "FAI", "OUT", "ACC"].flatMap((d) => [`CORE-${d}-01`, `CORE-${d}-02`, `CORE-${d}-03`]),
];
export const CONTACTS = "CORE-NC-01";
export const QUESTIONS = [...SCALES, CONTACTS];
/** Column name of a question in a typed source: CORE-OS-01 → os_01. */
export const column = (code: string) => code.slice(5).replace("-", "_").toLowerCase();
/** Overall satisfaction, then the six perception questions (the drivers). */
export const DRIVER_CODES = ["CORE-OS-01", ...["TIM", "KNO", "COU", "FAI", "OUT", "ACC"].map((d) => `CORE-${d}-01`)];
/** Cross-tab fields: the cell dimensions and four questions. */
export const FIELDS = ["lang", "channel", "month", "nc_01", "os_01", "tim_01", "out_01", "acc_01"];
export const TABS: [row: string, column: string][] = [
  ["lang", "os_01"],
  ["channel", "os_01"],
  ["month", "os_01"],
  ["nc_01", "os_01"],
  ["lang", "tim_01"],
  ["channel", "tim_01"],
  ["nc_01", "tim_01"],
  ["lang", "out_01"],
  ["channel", "out_01"],
  ["nc_01", "acc_01"],
];

/** Everything the page needs, additive over responses. */
export interface Aggregates {
  /** Count of each answer of each question (code, value). */
  items: Map<string, number>;
  drivers: CrossProducts;
  /** Count of each (row, column) of each cross-tab. */
  tabs: { tab: number; row: string; column: string; n: number }[];
}

const itemSets = QUESTIONS.map((q) => `(${column(q)})`).join(", ");
const tabSets = TABS.map(([r, c]) => `(${r}, ${c})`).join(", ");
export const pairs = DRIVER_CODES.flatMap((_, j) => DRIVER_CODES.slice(0, j + 1).map((__, k) => [j, k] as const));
export const d = (j: number) => column(DRIVER_CODES[j] ?? "");

/** The three queries over `source` (a table or a parenthesized subquery, with its alias). */
export function aggregateQueries(source: string) {
  const items = `SELECT GROUPING(${QUESTIONS.map(column).join(", ")}) AS g, ${QUESTIONS.map(column).join(", ")}, count(*) AS n
    FROM ${source} GROUP BY GROUPING SETS (${itemSets})`;
  const complete = DRIVER_CODES.map((c) => `${column(c)} IS NOT NULL`).join(" AND ");
  const drivers = `SELECT count(*) AS n, ${DRIVER_CODES.map((_, j) => `sum(${d(j)}) AS s${j}`).join(", ")},
    ${pairs.map(([j, k]) => `sum(${d(j)} * ${d(k)}) AS p${j}_${k}`).join(", ")}
    FROM ${source} WHERE ${complete}`;
  const tabs = `SELECT GROUPING(${FIELDS.join(", ")}) AS g, ${FIELDS.join(", ")}, count(*) AS n
    FROM ${source} GROUP BY GROUPING SETS (${tabSets})`;
  return { items, drivers, tabs };
}

/** GROUPING(a, b, …) has a 1 bit for each column NOT in the set, the first column highest. */
const maskFor = (names: readonly string[], kept: readonly string[]) =>
  names.reduce((mask, name, i) => (kept.includes(name) ? mask : mask | (1 << (names.length - 1 - i))), 0);
const itemMasks = new Map(QUESTIONS.map((q) => [maskFor(QUESTIONS.map(column), [column(q)]), q]));
const tabMasks = new Map(TABS.map((t, i) => [maskFor(FIELDS, t), i]));

export type Row = Record<string, unknown>;
const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** Reads the three results (rows as objects, numbers possibly bigint or string) into aggregates. */
export function readAggregates(items: Row[], drivers: Row, tabs: Row[]): Aggregates {
  const counts = new Map<string, number>();
  for (const row of items) {
    const code = itemMasks.get(Number(row.g));
    const value = code && text(row[column(code)]);
    if (code && value !== null) counts.set(`${code}|${value}`, (counts.get(`${code}|${value}`) ?? 0) + Number(row.n));
  }
  const cells = tabs.flatMap((row) => {
    const tab = tabMasks.get(Number(row.g));
    const [r, c] = tab === undefined ? [] : (TABS[tab] ?? []);
    const rowValue = r && text(row[r]);
    const columnValue = c && text(row[c]);
    if (tab === undefined || !rowValue || !columnValue) return [];
    return [{ tab, row: rowValue, column: columnValue, n: Number(row.n) }];
  });
  return { items: counts, drivers: readMoments(drivers), tabs: cells };
}

/** The driver query's single row (count, sums s_j, products p_j_k) as cross-products. */
export function readMoments(drivers: Row): CrossProducts {
  const p = DRIVER_CODES.length;
  return {
    n: Number(drivers.n),
    sumW: Number(drivers.n),
    sums: DRIVER_CODES.map((_, j) => Number(drivers[`s${j}`] ?? 0)),
    products: Array.from({ length: p }, (_, j) =>
      Array.from({ length: p }, (__, k) => Number(drivers[`p${Math.max(j, k)}_${Math.min(j, k)}`] ?? 0)),
    ),
  };
}

/** The results page: a score summary per scale question, the contacts distribution, drivers with LMG, 10 cross-tabs. */
export function computeResults(a: Aggregates) {
  const scores = SCALES.map((code) =>
    summarizeCounts([1, 2, 3, 4, 5].map((r) => ({ n: a.items.get(`${code}|${r}`) ?? 0 }))),
  );
  const contacts = [...a.items].filter(([key]) => key.startsWith(`${CONTACTS}|`));
  const drivers = driversFromMoments(DRIVER_CODES.slice(1), a.drivers);
  const tabs = TABS.map((_, i) => crossTabFromCounts(a.tabs.filter((c) => c.tab === i)));
  return { scores, contacts, drivers, tabs };
}

/** A stable fingerprint of the aggregates, to check that every approach read the same numbers. */
export function fingerprint(a: Aggregates): string {
  const items = [...a.items].sort(([x], [y]) => (x < y ? -1 : 1));
  const tabs = [...a.tabs]
    .map((t) => `${t.tab}|${t.row}|${t.column}|${t.n}`)
    .sort()
    .join(";");
  return JSON.stringify([items, a.drivers, tabs]);
}
