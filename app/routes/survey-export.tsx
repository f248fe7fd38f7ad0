import { data } from "react-router";
import { z } from "zod";
import { servicesContext } from "#app/context.ts";
import { formatNumber, tFor } from "#app/i18n/i18n.ts";
import { type Lang, langOfPath, pathFor } from "#app/i18n/paths.ts";
import { type GuardArgs, orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { parseQuery } from "#app/modules/platform/forms.ts";
import { countResponses, getExportPlan, startResponseExport } from "#app/modules/responses/export.server.ts";
import {
  codebookTable,
  csvStream,
  exportFileName,
  fileResponse,
  xlsxStream,
} from "#app/modules/responses/export-writers.server.ts";
import { CheckboxGroup, type Errors, ErrorSummary, RadioGroup, SubmitButton, type Values } from "#app/ui/form.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/survey-export";

const formats = ["csv", "xlsx", "codebook"] as const;
const valueModes = ["codes", "labels"] as const;

const exportQuery = z.object({
  format: z.enum(formats, "surveys.export.errors.format").optional(),
  values: z.enum(valueModes, "surveys.export.errors.values").default("codes"),
  labels: z.enum(["en", "fr"], "surveys.export.errors.labels").optional(),
  partial: z.literal("on").optional(),
});
type ExportQuery = z.output<typeof exportQuery>;

// A file is sent from middleware, before any loader: a loader's Response
// would be read whole into memory, where middleware's goes out as a stream.
export const middleware: Route.MiddlewareFunction[] = [
  async (args, next) => {
    const query = parseQuery(exportQuery, new URL(args.request.url).searchParams);
    if (!query.ok || !query.data.format) return next();
    return exportFile(args, query.data);
  },
];

async function exportFile(args: GuardArgs, query: ExportQuery): Promise<Response> {
  const ctx = await requireMember(args, "results.view");
  const lang = langOfPath(new URL(args.request.url).pathname);
  const t = tFor(lang);
  const surveyId = args.params.surveyId ?? "";
  let body: ReturnType<typeof csvStream>;
  let name: string;
  if (query.format === "codebook") {
    const plan = await orRespond(() => getExportPlan(ctx, surveyId));
    body = csvStream(codebookTable(plan.codebook, lang));
    name = exportFileName(title(plan.survey, lang), t("surveys.export.files.codebook"), "csv");
  } else {
    const { keyring } = args.context.get(servicesContext);
    const format = query.format ?? "csv";
    const { plan, rows } = await orRespond(() =>
      startResponseExport(ctx, keyring, surveyId, {
        format,
        values: query.values,
        labelLang: query.labels ?? lang,
        includePartial: query.partial === "on",
      }),
    );
    const responses = { header: plan.header, rows };
    body = format === "xlsx" ? xlsxStream(responses, codebookTable(plan.codebook, lang), lang) : csvStream(responses);
    name = exportFileName(title(plan.survey, lang), t("surveys.export.files.responses"), format);
  }
  return fileResponse(body, name);
}

const title = (s: { titleEn: string; titleFr: string }, lang: Lang) => (lang === "fr" ? s.titleFr : s.titleEn);

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "results.view");
  const params = new URL(args.request.url).searchParams;
  const query = parseQuery(exportQuery, params);
  const [frame, plan] = await Promise.all([
    getOrganizationFrame(ctx),
    orRespond(() => getExportPlan(ctx, args.params.surveyId)),
  ]);
  const [all, complete] = await Promise.all([
    countResponses(ctx, plan.survey.id, true),
    countResponses(ctx, plan.survey.id, false),
  ]);
  const page = {
    ...frame,
    survey: plan.survey,
    published: plan.versions.length > 0,
    counts: { complete, partial: all - complete },
    values: Object.fromEntries(params) as Values,
    errors: query.ok ? undefined : (query.errors as Errors),
  };
  return data(page, { status: query.ok ? 200 : 400 });
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "surveys.export.title");

export default function SurveyExport({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { org, survey, published, counts, values, errors } = loaderData;
  return (
    <OrgPage
      frame={loaderData}
      title={t("surveys.export.title")}
      crumbs={[
        { label: t("surveys.title"), to: pathFor("surveys", lang, { org: org.slug }) },
        { label: title(survey, lang), to: pathFor("survey", lang, { org: org.slug, surveyId: survey.id }) },
      ]}
    >
      <ErrorSummary errors={errors} fieldOrder={["format", "values", "labels", "partial"]} />
      <p>{t("surveys.export.intro")}</p>
      <p>
        {t("surveys.export.counts", {
          complete: formatNumber(lang, counts.complete),
          partial: formatNumber(lang, counts.partial),
        })}
      </p>
      {published ? null : (
        <Notice kind="warning">
          <p>{t("surveys.export.notPublished")}</p>
        </Notice>
      )}
      <Notice>
        <p>{t("surveys.export.privacy")}</p>
      </Notice>
      <form method="get">
        <RadioGroup
          name="format"
          label={t("surveys.export.format")}
          options={formats.map((f) => ({ value: f, label: t(`surveys.export.formats.${f}`) }))}
          checked={values?.format ?? "csv"}
          errors={errors}
        />
        <RadioGroup
          name="values"
          label={t("surveys.export.values")}
          options={valueModes.map((v) => ({ value: v, label: t(`surveys.export.valueModes.${v}`) }))}
          checked={values?.values ?? "codes"}
          errors={errors}
        />
        <RadioGroup
          name="labels"
          label={t("surveys.export.labels")}
          hint={t("surveys.export.labelsHint")}
          options={(["en", "fr"] as const).map((l) => ({ value: l, label: t(`surveys.export.labelLangs.${l}`) }))}
          checked={values?.labels ?? lang}
          errors={errors}
        />
        <CheckboxGroup
          name="partial"
          label={t("surveys.export.partialLegend")}
          options={[{ value: "on", label: t("surveys.export.partial") }]}
          defaultChecked={values?.partial ? ["on"] : []}
          errors={errors}
        />
        <div className="actions">
          <SubmitButton>{t("surveys.export.download")}</SubmitButton>
        </div>
      </form>
    </OrgPage>
  );
}
