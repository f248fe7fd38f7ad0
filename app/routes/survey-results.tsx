import { Link } from "react-router";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { getDashboard } from "#app/modules/insights/dashboard.server.ts";
import { isKnownAnswer } from "#app/modules/insights/dashboard-view.ts";
import { parseResultsFilter } from "#app/modules/insights/filters.ts";
import { ErrorSummary } from "#app/ui/form.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { resultsCharts } from "#app/ui/results/charts.server.ts";
import { ResultsDashboard } from "#app/ui/results/dashboard.tsx";
import { filterFields, ResultsFilterForm } from "#app/ui/results/filter-form.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/survey-results";

/** What is wrong with a filter that parsed but does not fit this survey: a question it lacks, an answer it has not. */
function misfit(
  view: Awaited<ReturnType<typeof getDashboard>>,
  params: URLSearchParams,
): Record<string, string> | null {
  const q = params.get("q");
  const a = params.get("a");
  if (!q) return null;
  if (!view.filterQuestions.some((f) => f.code === q)) return { q: "results.errors.unknownQuestion" };
  if (a && !isKnownAnswer(view.filterQuestions, q, a)) return { a: "results.errors.unknownAnswer" };
  return null;
}

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "results.view");
  const surveyId = args.params.surveyId;
  const params = new URL(args.request.url).searchParams;
  const parsed = parseResultsFilter(params);
  const weightedParam = params.get("weighted") ?? "";
  const weighted = weightedParam !== "0";
  const frame = await getOrganizationFrame(ctx);
  let errors: Record<string, string> = parsed.ok ? {} : { ...parsed.errors };
  if (weightedParam !== "" && weightedParam !== "0") errors.weighted = "results.errors.weighted";
  const filter = parsed.ok && !errors.weighted ? parsed.filter : {};
  let view = await orRespond(() => getDashboard(ctx, surveyId, filter, { weighted }));
  const wrong = misfit(view, params);
  // A filter that makes no sense shows its errors above the unfiltered results, like the responses list.
  if (wrong) {
    errors = { ...errors, ...wrong };
    if (Object.keys(filter).length) view = await orRespond(() => getDashboard(ctx, surveyId, {}, { weighted }));
  }
  const values = Object.fromEntries(
    filterFields.flatMap((k) => {
      const v = params.get(k);
      return v ? [[k, v.slice(0, 200)]] : [];
    }),
  );
  const lang = langOfPath(new URL(args.request.url).pathname);
  const charts = view.n > 0 ? resultsCharts(view, lang) : undefined;
  return { ...frame, view, charts, values, errors: Object.keys(errors).length ? errors : undefined };
}

export const meta: Route.MetaFunction = ({ location, loaderData }) =>
  pageTitle(location.pathname, "results.pageTitle", {
    name: loaderData
      ? location.pathname.startsWith("/fr")
        ? loaderData.view.survey.titleFr
        : loaderData.view.survey.titleEn
      : "",
  });

export default function SurveyResults({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { org, view, charts, values, errors } = loaderData;
  const s = view.survey;
  const here = pathFor("surveyResults", lang, { org: org.slug, surveyId: s.id });
  const labels = Object.fromEntries(filterFields.map((f) => [f, t(`results.filters.labels.${f}`)]));
  return (
    <OrgPage
      frame={loaderData}
      title={t("results.title")}
      crumbs={[
        { label: t("surveys.title"), to: pathFor("surveys", lang, { org: org.slug }) },
        {
          label: lang === "fr" ? s.titleFr : s.titleEn,
          to: pathFor("survey", lang, { org: org.slug, surveyId: s.id }),
        },
      ]}
    >
      <ErrorSummary errors={errors} fieldOrder={[...filterFields]} labels={labels} />
      {errors ? (
        <Notice kind="warning">
          <p>{t("results.filters.showingUnfiltered")}</p>
        </Notice>
      ) : null}
      {view.weighting.available ? (
        <Notice>
          <p>
            {t(view.weighting.applied ? "results.weighting.applied" : "results.weighting.notApplied", {
              variables: view.weighting.variables
                .map((v) => t(`results.weighting.variables.${v}`, { defaultValue: v }))
                .join(", "),
            })}
          </p>
        </Notice>
      ) : null}
      <ResultsFilterForm
        questions={view.filterQuestions}
        versions={view.versions}
        weighting={view.weighting.available}
        values={values}
        errors={errors}
        clearHref={here}
      />
      {view.n === 0 ? (
        <Notice>
          <h2>{t(view.filtered ? "results.empty.noMatchTitle" : "results.empty.noResponsesTitle")}</h2>
          <p>{t(view.filtered ? "results.empty.noMatch" : "results.empty.noResponses")}</p>
          {view.filtered ? (
            <p>
              <Link to={here}>{t("results.filters.clear")}</Link>
            </p>
          ) : null}
        </Notice>
      ) : (
        <ResultsDashboard view={view} charts={charts} />
      )}
    </OrgPage>
  );
}
