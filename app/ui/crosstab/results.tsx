import { Fragment } from "react";
import { formatNumber, type Lang } from "#app/i18n/i18n.ts";
import type { crosstabView } from "./view.server.ts";
import { useLang, useT } from "../use-root.ts";

type View = ReturnType<typeof crosstabView>;
type Shown = NonNullable<View["table"]>;

const fixed = (lang: Lang, x: number | null, digits: number) =>
  x === null || !Number.isFinite(x)
    ? "—"
    : formatNumber(lang, x, { minimumFractionDigits: digits, maximumFractionDigits: digits });

function usePValue() {
  const t = useT();
  const lang = useLang();
  return (p: number | null) =>
    p !== null && p < 0.001 ? t("crosstab.pBelow", { value: formatNumber(lang, 0.001) }) : fixed(lang, p, 3);
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** One of the three views of the table: counts, row % or column %, with totals. */
function Table({
  table,
  kind,
  weighted,
}: {
  table: Shown;
  kind: "counts" | "rowPercent" | "columnPercent";
  weighted: boolean;
}) {
  const t = useT();
  const lang = useLang();
  const count = (x: number) => fixed(lang, x, weighted ? 1 : 0);
  const percent = (x: number) => fixed(lang, x, 1);
  const cells = table[kind];
  const columnTotals = table.columns.map((_, j) => sum(table.counts.map((line) => line[j] ?? 0)));
  const total = sum(columnTotals);
  const format = kind === "counts" ? count : percent;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t(`crosstab.tables.${kind}`, { rows: table.rowsLabel, columns: table.columnsLabel })}</caption>
        <thead>
          <tr>
            <th scope="col">{table.rowsLabel}</th>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
            <th scope="col">{t("crosstab.tables.total")}</th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => {
            const rowTotal = sum(table.counts[i] ?? []);
            return (
              <tr key={row}>
                <th scope="row">{row}</th>
                {(cells[i] ?? []).map((x, j) => (
                  <td key={j}>{format(x)}</td>
                ))}
                <td>
                  {kind === "counts"
                    ? count(rowTotal)
                    : percent(kind === "rowPercent" ? 100 : (100 * rowTotal) / total)}
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("crosstab.tables.total")}</th>
            {columnTotals.map((x, j) => (
              <td key={j}>
                {kind === "counts" ? count(x) : percent(kind === "columnPercent" ? 100 : (100 * x) / total)}
              </td>
            ))}
            <td>{kind === "counts" ? count(total) : percent(100)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function CrosstabTables({ table, weighted }: { table: Shown; weighted: boolean }) {
  return (
    <>
      <Table table={table} kind="counts" weighted={weighted} />
      <Table table={table} kind="rowPercent" weighted={weighted} />
      <Table table={table} kind="columnPercent" weighted={weighted} />
    </>
  );
}

export function CrosstabTests({ tests, weighted }: { tests: NonNullable<Shown["tests"]>; weighted: boolean }) {
  const t = useT();
  const lang = useLang();
  const pValue = usePValue();
  return (
    <dl className="summary-list">
      <dt>{t("crosstab.tests.chi2")}</dt>
      <dd>{fixed(lang, tests.chi2, 2)}</dd>
      <dt>{t("crosstab.tests.df")}</dt>
      <dd>{formatNumber(lang, tests.df)}</dd>
      {weighted && tests.raoScott ? (
        <>
          <dt>{t("crosstab.tests.raoScott")}</dt>
          <dd>
            {t("crosstab.tests.raoScottValue", {
              f: fixed(lang, tests.raoScott.f, 2),
              ndf: fixed(lang, tests.raoScott.ndf, 2),
              ddf: fixed(lang, tests.raoScott.ddf, 1),
            })}
          </dd>
        </>
      ) : null}
      <dt>{t(weighted ? "crosstab.tests.pWeighted" : "crosstab.tests.p")}</dt>
      <dd>{pValue(tests.p)}</dd>
      <dt>{t("crosstab.tests.cramersV")}</dt>
      <dd>{fixed(lang, tests.cramersV, 3)}</dd>
    </dl>
  );
}

export function ComparisonResult({
  comparison,
  weighted,
}: {
  comparison: NonNullable<View["comparison"]>;
  weighted: boolean;
}) {
  const t = useT();
  const lang = useLang();
  const pValue = usePValue();
  const [first, second] = comparison.groups;
  return (
    <>
      <p>{t(weighted ? "crosstab.comparison.designBased" : "crosstab.comparison.welch")}</p>
      <dl className="summary-list">
        {[first, second].map((g) =>
          g ? (
            <Fragment key={g.label}>
              <dt>{g.label}</dt>
              <dd>{t("crosstab.comparison.mean", { mean: fixed(lang, g.mean, 1), n: formatNumber(lang, g.n) })}</dd>
            </Fragment>
          ) : null,
        )}
        <dt>{t("crosstab.comparison.diff", { second: second?.label ?? "", first: first?.label ?? "" })}</dt>
        <dd>
          {t("crosstab.comparison.diffValue", {
            diff: fixed(lang, comparison.diff, 1),
            lo: fixed(lang, comparison.ci[0], 1),
            hi: fixed(lang, comparison.ci[1], 1),
          })}
        </dd>
        <dt>{t("crosstab.comparison.t")}</dt>
        <dd>{fixed(lang, comparison.t, 2)}</dd>
        <dt>{t("crosstab.comparison.df")}</dt>
        <dd>{fixed(lang, comparison.df, 1)}</dd>
        <dt>{t("crosstab.comparison.p")}</dt>
        <dd>{pValue(comparison.p)}</dd>
      </dl>
    </>
  );
}
