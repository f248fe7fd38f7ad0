import { redirect } from "react-router";
import { z } from "zod";
import { tFor } from "#app/i18n/i18n.ts";
import { type Lang, langOfPath, pathFor } from "#app/i18n/paths.ts";
import { parseResultsFilter } from "#app/modules/insights/filters.ts";
import { getReportData } from "#app/modules/insights/report-data.server.ts";
import { reportCsv, reportWorkbook } from "#app/modules/insights/report-files.server.ts";
import {
  deleteReportSubscription,
  getReportSubscription,
  reportFormats,
  saveReportSubscription,
} from "#app/modules/insights/report-subscription.server.ts";
import type { ReportLanguage } from "#app/modules/insights/report-text.ts";
import { formErrorOrThrow, type GuardArgs, orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { findSurveyVersions, getSurvey } from "#app/modules/measure/surveys.server.ts";
import { parseForm, parseQuery } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { exportFileName } from "#app/modules/responses/export-writers.server.ts";
import { responseChannels } from "#app/modules/responses/statuses.ts";
import { reportPdf } from "#app/ui/report-pdf/report-pdf.server.tsx";
import { ReportPage } from "#app/ui/report-page.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import type { Route } from "./+types/survey-report";

const reportQuery = z
  .object({
    format: z.enum(reportFormats, "reports.errors.format").optional(),
    language: z.enum(["en", "fr", "both"], "reports.errors.language").optional(),
  })
  .refine((q) => !(q.format === "csv" && q.language === "both"), {
    error: "reports.errors.csvBilingual",
    path: ["language"],
  });

const subscriptionForm = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("subscribe"),
      lang: z.enum(["en", "fr"], "reports.errors.language"),
      formats: z
        .union([z.enum(reportFormats), z.array(z.enum(reportFormats))], "reports.errors.formats")
        .transform((v) => ([] as (typeof reportFormats)[number][]).concat(v)),
    }),
    z.object({ intent: z.literal("unsubscribe") }),
  ],
  "reports.errors.intent",
);

// The filter's messages are the results pages' keys; the report page words them itself.
const filterErrors = (errors: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(errors).map(([k, v]) => [k, v.replace(/^results\.errors\./, "reports.filterErrors.")]),
  );

const contentTypes = {
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
} as const;

// A file goes out from middleware, like the export's, before the page's loader runs.
export const middleware: Route.MiddlewareFunction[] = [
  async (args, next) => {
    const params = new URL(args.request.url).searchParams;
    const query = parseQuery(reportQuery, params);
    const filter = parseResultsFilter(params);
    if (args.request.method !== "GET" || !query.ok || !query.data.format || !filter.ok) return next();
    return reportFile(args, query.data.format, query.data.language, filter.filter);
  },
];

async function reportFile(
  args: GuardArgs,
  format: (typeof reportFormats)[number],
  language: ReportLanguage | undefined,
  filter: Parameters<typeof getReportData>[2],
): Promise<Response> {
  const ctx = await requireMember(args, "results.view");
  const lang = langOfPath(new URL(args.request.url).pathname);
  const chosen: ReportLanguage = language ?? lang;
  const report = await orRespond(() => getReportData(ctx, args.params.surveyId ?? "", filter));
  const t = tFor(lang);
  const bytes =
    format === "pdf"
      ? await reportPdf(report, chosen)
      : format === "xlsx"
        ? await reportWorkbook(report, chosen)
        : reportCsv(report, chosen === "both" ? lang : chosen);
  const kind = t(format === "csv" ? "reports.files.scores" : "reports.files.report");
  const name = exportFileName(report.survey.title[lang], kind, format, report.generatedAt);
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": contentTypes[format],
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "results.view");
  const params = new URL(args.request.url).searchParams;
  const query = parseQuery(reportQuery, params);
  const filter = parseResultsFilter(params);
  const [frame, s] = await Promise.all([
    getOrganizationFrame(ctx),
    orRespond(() => getSurvey(ctx, args.params.surveyId)),
  ]);
  const [versions, subscription] = await Promise.all([findSurveyVersions(ctx, s.id), getReportSubscription(ctx, s.id)]);
  const errors = { ...(query.ok ? {} : query.errors), ...(filter.ok ? {} : filterErrors(filter.errors)) };
  const page = {
    ...frame,
    survey: { id: s.id, titleEn: s.titleEn, titleFr: s.titleFr },
    versions: versions.map((v) => v.version),
    channels: [...responseChannels],
    subscription,
    values: Object.fromEntries(params) as Record<string, string>,
    errors: Object.keys(errors).length > 0 ? errors : undefined,
    done: params.get("done"),
  };
  // Like the results pages' filters, a GET form's mistakes are shown on the page it serves.
  return page;
}

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "results.view");
  const lang: Lang = langOfPath(new URL(args.request.url).pathname);
  const form = parseForm(subscriptionForm, await args.request.formData());
  if (!form.ok) return invalid(form.errors, form.values);
  const surveyId = args.params.surveyId;
  try {
    if (form.data.intent === "subscribe")
      await saveReportSubscription(ctx, surveyId, { lang: form.data.lang, formats: form.data.formats });
    else await deleteReportSubscription(ctx, surveyId);
  } catch (error) {
    return formErrorOrThrow(error, "formats", form.values);
  }
  const done = form.data.intent === "subscribe" ? "subscribed" : "unsubscribed";
  return redirect(`${pathFor("surveyReport", lang, { org: ctx.orgSlug, surveyId })}?done=${done}#subscription`);
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "reports.title");

export default function SurveyReport({ loaderData, actionData }: Route.ComponentProps) {
  return <ReportPage page={loaderData} action={actionData} />;
}
