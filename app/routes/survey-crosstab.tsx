import { formatNumber, type Lang } from "#app/i18n/i18n.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { getCrosstab } from "#app/modules/insights/crosstab.server.ts";
import { Chart } from "#app/ui/charts/chart.tsx";
import { BuilderForm } from "#app/ui/crosstab/builder-form.tsx";
import { ComparisonResult, CrosstabTables, CrosstabTests } from "#app/ui/crosstab/results.tsx";
import { crosstabView } from "#app/ui/crosstab/view.server.ts";
import { ErrorSummary } from "#app/ui/form.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/survey-crosstab";

const FIELDS = ["rows", "columns", "first", "second", "channel", "lang", "version", "from", "to", "q", "a"];

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "results.view");
  const url = new URL(args.request.url);
  const lang = langOfPath(url.pathname);
  const [frame, page] = await Promise.all([
    getOrganizationFrame(ctx),
    orRespond(() => getCrosstab(ctx, args.params.surveyId, url.searchParams)),
  ]);
  const values = Object.fromEntries(
    FIELDS.flatMap((k) => (url.searchParams.get(k) ? [[k, url.searchParams.get(k) ?? ""]] : [])),
  );
  if (page.choice) Object.assign(values, { rows: page.choice.rows, columns: page.choice.columns });
  const view = crosstabView(page, lang);
  return {
    ...frame,
    survey: { id: page.survey.id, titleEn: page.survey.titleEn, titleFr: page.survey.titleFr },
    errors: page.errors ?? undefined,
    values,
    rows: page.choice?.rows ?? values.rows ?? "",
    versions: page.variables.rows.find((v) => v.id === "version")?.values ?? [],
    filterQuestions: page.questions.categories.map((q) => ({
      value: q.code,
      label: lang === "fr" ? q.textFr : q.textEn,
      answers: (q.options ?? []).map((o) => ({ value: o.code, label: lang === "fr" ? o.fr : o.en })),
    })),
    overall: page.questions.overall
      ? lang === "fr"
        ? page.questions.overall.textFr
        : page.questions.overall.textEn
      : null,
    view,
  };
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "crosstab.title");

export default function SurveyCrosstab({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { org, survey: s, errors, values, view } = loaderData;
  const labels = Object.fromEntries(
    ["rows", "columns", "first", "second", "from", "to", "q", "a"].map((k) => [k, t(`crosstab.fields.${k}`)]),
  );
  return (
    <OrgPage
      frame={loaderData}
      title={t("crosstab.title")}
      crumbs={[
        { label: t("surveys.title"), to: pathFor("surveys", lang, { org: org.slug }) },
        {
          label: lang === "fr" ? s.titleFr : s.titleEn,
          to: pathFor("survey", lang, { org: org.slug, surveyId: s.id }),
        },
      ]}
    >
      <p>{t("crosstab.intro")}</p>
      <ErrorSummary
        errors={errors}
        fieldOrder={FIELDS}
        labels={{
          ...labels,
          channel: t("crosstab.variables.channel"),
          lang: t("crosstab.variables.lang"),
          version: t("crosstab.variables.version"),
        }}
      />
      <BuilderForm
        errors={errors}
        values={values}
        rowOptions={view.rowOptions}
        columnOptions={view.columnOptions}
        groupOptions={view.groupOptions}
        canCompare={view.canCompare}
        rows={loaderData.rows}
        versions={loaderData.versions}
        questions={loaderData.filterQuestions}
      />
      {errors ? null : <Outcome view={view} overall={loaderData.overall} />}
    </OrgPage>
  );
}

function Outcome({ view, overall }: { view: Route.ComponentProps["loaderData"]["view"]; overall: string | null }) {
  const t = useT();
  const lang = useLang();
  if (view.n === 0) return <p>{t("crosstab.empty.noResponses")}</p>;
  return (
    <>
      <h2>{t("crosstab.tableHeading")}</h2>
      <p>{t(view.weighted ? "crosstab.weighted" : "crosstab.unweighted", { n: formatCount(lang, view.n ?? 0) })}</p>
      {view.notes.some((n) => n.key === "notConverged" || n.key === "rakingFailed") ? (
        <Notice kind="warning">
          <p>{t("crosstab.notes.raking")}</p>
        </Notice>
      ) : null}
      {view.table ? (
        <>
          {view.table.tests?.smallExpected ? (
            <Notice kind="warning">
              <p>{t("crosstab.notes.smallExpected", { value: formatCount(lang, view.table.tests.expectedMin, 1) })}</p>
            </Notice>
          ) : null}
          <p>{t("crosstab.inTable", { n: formatCount(lang, view.table.n) })}</p>
          {view.chart ? <Chart model={view.chart} /> : null}
          <CrosstabTables table={view.table} weighted={view.weighted} />
          <h2>{t("crosstab.tests.heading")}</h2>
          {view.table.tests ? (
            <CrosstabTests tests={view.table.tests} weighted={view.weighted} />
          ) : (
            <p>{t("crosstab.notes.oneGroup")}</p>
          )}
        </>
      ) : (
        <p>{t("crosstab.empty.noTable")}</p>
      )}
      {view.comparison || view.comparisonProblem ? (
        <>
          <h2>{t("crosstab.comparison.heading", { question: overall ?? "" })}</h2>
          {view.comparison ? (
            <ComparisonResult comparison={view.comparison} weighted={view.weighted} />
          ) : (
            <p>{t(view.comparisonProblem ?? "crosstab.errors.tooFewToCompare")}</p>
          )}
        </>
      ) : null}
    </>
  );
}

function formatCount(lang: Lang, value: number, digits = 0) {
  return formatNumber(lang, value, { maximumFractionDigits: digits });
}
