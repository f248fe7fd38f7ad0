// What the cross-tab page shows, prepared in the loader in the page's
// language: the choices' labels, the table with labels, the tests, the
// comparison, and the row-percentage chart.
import { tFor, type Lang } from "#app/i18n/i18n.ts";
import type { CrosstabPage } from "#app/modules/insights/crosstab.server.ts";
import type { CrosstabVariable } from "#app/modules/insights/crosstab.ts";
import { renderChart } from "#app/ui/charts/index.server.ts";
import { valueLabel, variableLabel } from "./labels.ts";

const finite = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : null);
const option = (page: CrosstabPage, lang: Lang) => (v: CrosstabVariable) => ({
  value: v.id,
  label: variableLabel(v, page.questions, lang),
});

export function crosstabView(page: CrosstabPage, lang: Lang) {
  const t = tFor(lang);
  const { variables, choice, result } = page;
  const rowVariable = variables.rows.find((v) => v.id === choice?.rows);
  const columnVariable = variables.columns.find((v) => v.id === choice?.columns);
  const label = (v: CrosstabVariable | undefined) => (value: string) =>
    v ? valueLabel(v, value, page.questions, lang) : value;
  const table = result?.table;
  const rowsLabel = rowVariable ? variableLabel(rowVariable, page.questions, lang) : "";
  const columnsLabel = columnVariable ? variableLabel(columnVariable, page.questions, lang) : "";
  const shown =
    table && rowVariable && columnVariable
      ? {
          rowsLabel,
          columnsLabel,
          rows: table.rows.map(label(rowVariable)),
          columns: table.columns.map(label(columnVariable)),
          counts: table.counts,
          rowPercent: table.rowPercent,
          columnPercent: table.columnPercent,
          n: table.n,
          tests:
            table.rows.length > 1 && table.columns.length > 1
              ? {
                  chi2: table.chi2,
                  df: table.df,
                  p: finite(table.p),
                  cramersV: finite(table.cramersV),
                  expectedMin: table.expectedMin,
                  smallExpected: table.smallExpected,
                  raoScott: table.raoScott ?? null,
                }
              : null,
        }
      : null;
  const chart =
    shown && table
      ? renderChart(
          {
            kind: "shares",
            title: t("crosstab.chartTitle", { rows: rowsLabel, columns: columnsLabel }),
            rowHeading: rowsLabel,
            rows: shown.rows,
            columns: shown.columns,
            rowPercent: table.rowPercent,
            rowTotals: table.counts.map((line) => line.reduce((a, b) => a + b, 0)),
          },
          lang,
        )
      : null;
  const comparison = result?.comparison
    ? {
        ...result.comparison,
        groups: result.comparison.groups.map((g) => ({ ...g, label: label(rowVariable)(g.label) })),
      }
    : null;
  return {
    rowOptions: variables.rows.map(option(page, lang)),
    columnOptions: variables.columns.map(option(page, lang)),
    groupOptions: rowVariable ? rowVariable.values.map((value) => ({ value, label: label(rowVariable)(value) })) : [],
    canCompare: variables.columns.some((v) => v.kind === "satisfaction"),
    n: result?.n ?? null,
    weighted: result?.weighted ?? false,
    table: shown,
    chart,
    comparison,
    comparisonProblem: result?.comparisonProblem ?? null,
    notes: result?.notes ?? [],
  };
}
