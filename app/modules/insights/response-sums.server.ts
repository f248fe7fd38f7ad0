// The cells' sums (rating counts and the core model's moments), computed on
// request from the complete responses a filter selects, for filters the cells
// cannot answer: an answer to a question, or a period that is not whole
// months. The database does the summing in one pass, so a filter
// that keeps a million responses sends a few hundred numbers to Node instead
// of the million responses (decision 0025).
import { and, sql, type SQL } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { response } from "#app/modules/responses/schema.ts";
import { CELL_MODEL, EVERY_RESPONSE, type MomentSum, type MonthlyCount, type RatingCount } from "./cells.ts";
import type { ResultsFilter } from "./filters.ts";
import { conditions, type ResultsScope } from "./response-set.server.ts";

const RATINGS = sql`('1', '2', '3', '4', '5')`;

/** A valid rating of `code` (a JSON number 1–5; "not applicable" and blanks are not). */
const rated = (code: string) =>
  sql`(jsonb_typeof(${response.answers} -> ${code}::text) = 'number' AND (${response.answers} ->> ${code}::text) IN ${RATINGS})`;

const ratingOf = (code: string) => sql`(${response.answers} ->> ${code}::text)::bigint`;

async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const result = await db.execute(query);
  return (result as unknown as { rows: T[] }).rows;
}

/** A rating of `code` as a column: its value 1–5, or null for "not applicable", a blank or anything else. */
const ratingColumn = (code: string, name: string) =>
  sql`CASE WHEN ${rated(code)} THEN ${ratingOf(code)} END AS ${sql.raw(name)}`;

/**
 * What readCells gives, for any filter, summed over the matching complete
 * responses in one pass: the inner query reads each rating from the JSON
 * once; the outer one counts each (question, rating) and sums the model's
 * products over the responses that rated all of CELL_MODEL. OFFSET 0 keeps
 * the planner from folding the inner query into the outer one, which would
 * read the JSON again for every count (10 × slower, measured).
 */
export async function readResponseSums(
  scope: ResultsScope,
  surveyId: string,
  filter: ResultsFilter,
  codes: string[],
): Promise<{ counts: RatingCount[]; moments: MomentSum[] }> {
  const all = [...new Set([...CELL_MODEL, ...codes])];
  const column = (code: string) => `r${all.indexOf(code)}`;
  const x = ["1::bigint", ...CELL_MODEL.map(column)];
  const complete = CELL_MODEL.map((code) => `${column(code)} IS NOT NULL`).join(" AND ");
  const pairs = x.flatMap((_, j) => x.slice(0, j + 1).map((__, k) => [j, k] as const));
  const outputs = [
    "count(*)::float8",
    ...codes.flatMap((code) => [1, 2, 3, 4, 5].map((v) => `count(*) FILTER (WHERE ${column(code)} = ${v})::float8`)),
    ...pairs.map(([j, k]) => `sum(${x[j]} * ${x[k]}) FILTER (WHERE ${complete})::float8`),
  ].map((expression, i) => `${expression} AS o${i}`);
  const where = and(...conditions(scope, surveyId, filter)) as SQL;
  const [row = {}] = await rowsOf<Record<string, number | null>>(
    scope.db,
    sql`SELECT ${sql.raw(outputs.join(", "))}
        FROM (SELECT ${sql.join(
          all.map((code) => ratingColumn(code, column(code))),
          sql`, `,
        )} FROM ${response} WHERE ${where} OFFSET 0) AS rated`,
  );
  const out = (i: number) => Number(row[`o${i}`] ?? 0);
  const counts: RatingCount[] = [{ code: EVERY_RESPONSE, rating: 0, n: out(0) }];
  codes.forEach((code, q) =>
    [1, 2, 3, 4, 5].forEach((v) => counts.push({ code, rating: v, n: out(1 + q * 5 + v - 1) })),
  );
  const moments = pairs.map(([j, k], i) => ({ j, k, s: out(1 + codes.length * 5 + i) }));
  return { counts, moments };
}

/** What readMonthlyCounts gives (counts of each rating of `codes` per month), for any filter. */
export async function readResponseMonthlyCounts(
  scope: ResultsScope,
  surveyId: string,
  filter: ResultsFilter,
  codes: string[],
): Promise<MonthlyCount[]> {
  const where = and(...conditions(scope, surveyId, filter)) as SQL;
  const month = sql`to_char(${response.submittedAt} AT TIME ZONE 'UTC', 'YYYY-MM')`;
  const perCode = await Promise.all(
    codes.map(async (code) => {
      const rating = code === EVERY_RESPONSE ? sql`0` : ratingOf(code);
      const valid = code === EVERY_RESPONSE ? sql`true` : rated(code);
      const rows = await rowsOf<{ month: string; rating: number; n: number }>(
        scope.db,
        sql`SELECT ${month} AS month, ${rating} AS rating, count(*)::float8 AS n
            FROM ${response} WHERE ${where} AND ${valid}
            GROUP BY 1, 2 ORDER BY 1`,
      );
      return rows.map((r) => ({ month: r.month, code, rating: Number(r.rating), n: Number(r.n) }));
    }),
  );
  return perCode.flat();
}
