import { Link, redirect } from "react-router";
import { z } from "zod";
import { tFor } from "#app/i18n/i18n.ts";
import { type Lang, langOfPath, pathFor } from "#app/i18n/paths.ts";
import { formErrorOrThrow, orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { can } from "#app/modules/identity/policy.ts";
import {
  getBenchmark,
  getSurveyServiceType,
  setSurveyServiceType,
  type SurveyBenchmark as Benchmarked,
} from "#app/modules/insights/benchmarking.server.ts";
import { serviceTypeCodes, serviceTypes } from "#app/modules/insights/service-types.ts";
import { getSurvey } from "#app/modules/measure/surveys.server.ts";
import { parseForm } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { BenchmarkTables } from "#app/ui/benchmark-tables.tsx";
import { Chart } from "#app/ui/charts/chart.tsx";
import { type ChartModel, renderChart } from "#app/ui/charts/index.server.ts";
import { ErrorSummary, PostForm, SelectField, SubmitButton } from "#app/ui/form.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/survey-benchmark";

/** The satisfaction questions that could be compared, as a chart. */
function satisfactionChart(benchmark: Benchmarked, lang: Lang): ChartModel | null {
  if (benchmark.status !== "ready") return null;
  const t = tFor(lang);
  const rows = benchmark.items.flatMap((i) =>
    i.element === "satisfaction" && i.result.status === "published"
      ? [{ label: lang === "fr" ? i.textFr : i.textEn, ...i.result }]
      : [],
  );
  if (rows.length === 0) return null;
  return renderChart(
    { kind: "benchmark", title: t("benchmark.chart.title"), rowHeading: t("benchmark.columns.question"), rows },
    lang,
  );
}

const schema = z.object({ serviceType: z.enum(serviceTypeCodes, { error: "benchmark.errors.serviceType" }) });

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "results.view");
  const surveyId = args.params.surveyId;
  const [frame, s] = await Promise.all([getOrganizationFrame(ctx), orRespond(() => getSurvey(ctx, surveyId))]);
  const serviceType = await getSurveyServiceType(ctx, s.id);
  const benchmark = await getBenchmark(ctx, s.id);
  const lang = langOfPath(new URL(args.request.url).pathname);
  return {
    ...frame,
    survey: { id: s.id, titleEn: s.titleEn, titleFr: s.titleFr, channels: s.channels },
    serviceType,
    benchmark,
    chart: satisfactionChart(benchmark, lang),
    canDesign: can(ctx.roles, "surveys.design"),
    canManage: can(ctx.roles, "org.settings.manage"),
    done: new URL(args.request.url).searchParams.get("done"),
  };
}

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "surveys.design");
  const body = await args.request.formData();
  const form = parseForm(schema, body);
  if (!form.ok) return invalid(form.errors, form.values);
  try {
    await setSurveyServiceType(ctx, args.params.surveyId, form.data.serviceType);
  } catch (error) {
    return formErrorOrThrow(error, "serviceType", form.values);
  }
  const lang = langOfPath(new URL(args.request.url).pathname);
  throw redirect(
    `${pathFor("surveyBenchmark", lang, { org: ctx.orgSlug, surveyId: args.params.surveyId })}?done=serviceType`,
  );
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "benchmark.title");

export default function SurveyBenchmark({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { org, survey: s, serviceType, benchmark, chart, canDesign, canManage, done } = loaderData;
  const title = lang === "fr" ? s.titleFr : s.titleEn;
  const errors = actionData?.errors;
  return (
    <OrgPage
      frame={loaderData}
      title={t("benchmark.title")}
      crumbs={[
        { label: t("surveys.title"), to: pathFor("surveys", lang, { org: org.slug }) },
        { label: title, to: pathFor("survey", lang, { org: org.slug, surveyId: s.id }) },
      ]}
    >
      {done === "serviceType" ? (
        <Notice kind="success">
          <p>{t("benchmark.done.serviceType")}</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} labels={{ serviceType: t("benchmark.serviceType") }} />
      <p className="lead">{t("benchmark.intro")}</p>
      <dl className="summary-list">
        <dt>{t("fields.orderOfGovernment")}</dt>
        <dd>{t(`orders.${org.orderOfGovernment}`)}</dd>
        <dt>{t("benchmark.serviceType")}</dt>
        <dd>{serviceType ? serviceTypes.find((x) => x.code === serviceType)?.[lang] : t("benchmark.noServiceType")}</dd>
        <dt>{t("surveys.channels")}</dt>
        <dd>{s.channels.map((c) => t(`bank.channels.${c}`)).join(", ")}</dd>
      </dl>
      {benchmark.status === "not-participating" ? (
        <Notice kind="info">
          <p>{t("benchmark.notParticipating")}</p>
          {canManage ? (
            <p>
              <Link to={pathFor("orgBenchmarking", lang, { org: org.slug })}>{t("benchmark.settings.link")}</Link>
            </p>
          ) : (
            <p>{t("benchmark.askAdmin")}</p>
          )}
        </Notice>
      ) : null}
      {benchmark.status === "no-service-type" ? (
        <Notice kind="info">
          <p>{t(canDesign ? "benchmark.chooseServiceType" : "benchmark.askDesigner")}</p>
        </Notice>
      ) : null}
      {benchmark.status === "ready" ? (
        <BenchmarkTables items={benchmark.items} chart={chart ? <Chart model={chart} /> : null} />
      ) : null}
      <h2>{t("benchmark.howHeading")}</h2>
      <p>{t("benchmark.how1")}</p>
      <p>{t("benchmark.how2")}</p>
      {canDesign ? (
        <PostForm>
          <h2>{t("benchmark.serviceTypeHeading")}</h2>
          <SelectField
            name="serviceType"
            label={t("benchmark.serviceType")}
            hint={t("benchmark.serviceTypeHint")}
            errors={errors}
            values={actionData?.values}
            defaultValue={serviceType ?? ""}
            options={[
              { value: "", label: t("benchmark.chooseOne") },
              ...serviceTypes.map((x) => ({ value: x.code, label: x[lang] })),
            ]}
          />
          <div className="actions">
            <SubmitButton variant="secondary">{t("benchmark.saveServiceType")}</SubmitButton>
          </div>
        </PostForm>
      ) : null}
    </OrgPage>
  );
}
