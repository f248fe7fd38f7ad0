import { Link, redirect } from "react-router";
import { servicesContext } from "#app/context.ts";
import { formatNumber, tFor } from "#app/i18n/i18n.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { formErrorOrThrow, type GuardArgs, orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { exportFileName, fileResponse, csvStream } from "#app/modules/responses/export-writers.server.ts";
import { fileError, uploadedFile } from "#app/modules/responses/import-form.server.ts";
import { columnLetter, type Recoding } from "#app/modules/responses/import-mapping.ts";
import { replaceImportFile } from "#app/modules/responses/import-stage.server.ts";
import {
  commitImport,
  discardImport,
  getImport,
  importErrors,
  saveMapping,
  saveRecoding,
} from "#app/modules/responses/import.server.ts";
import {
  currentStep,
  mappingView,
  recodingView,
  reportView,
  steps,
} from "#app/modules/responses/import-view.server.ts";
import { type ErrorParams, ErrorSummary } from "#app/ui/form.tsx";
import { columnLabel, MappingStep } from "#app/ui/import/mapping-step.tsx";
import { MISSING, RecodingStep } from "#app/ui/import/recoding-step.tsx";
import { ReportStep } from "#app/ui/import/report-step.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/survey-import-step";

// The errors of a dry run, as a CSV file, from middleware so it streams.
export const middleware: Route.MiddlewareFunction[] = [
  async (args, next) => {
    if (new URL(args.request.url).searchParams.get("download") !== "errors") return next();
    return errorsFile(args);
  },
];

async function errorsFile(args: GuardArgs) {
  const ctx = await requireMember(args, "surveys.design");
  const { keyring } = args.context.get(servicesContext);
  const lang = langOfPath(new URL(args.request.url).pathname);
  const t = tFor(lang);
  const { surveyId = "", importId = "" } = args.params;
  const { survey, header: headings, batches } = await orRespond(() => importErrors(ctx, keyring, surveyId, importId));
  async function* rows() {
    for await (const batch of batches) {
      for (const e of batch) {
        const column = e.column === null ? null : columnLetter(e.column);
        const header = e.column === null ? null : (headings[e.column] ?? null);
        yield [e.row, column, header, e.code, e.value ?? null, t(`ingest.errors.${e.reason}`, e.params ?? {})];
      }
    }
  }
  const header = ["row", "column", "heading", "question", "value", "problem"].map((h) => t(`import.errorsFile.${h}`));
  const title = lang === "fr" ? survey.titleFr : survey.titleEn;
  return fileResponse(csvStream({ header, rows: rows() }), exportFileName(title, t("import.errorsFile.name"), "csv"));
}

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "surveys.design");
  const { keyring } = args.context.get(servicesContext);
  const url = new URL(args.request.url);
  const lang = langOfPath(url.pathname);
  const [frame, data] = await Promise.all([
    getOrganizationFrame(ctx),
    orRespond(() => getImport(ctx, keyring, args.params.surveyId, args.params.importId)),
  ]);
  const step = currentStep(data, url.searchParams.get("step"));
  const { import: row } = data;
  return {
    ...frame,
    survey: data.survey,
    importId: row.id,
    file: { format: row.format, encoding: row.encoding, delimiter: row.delimiter, filledRows: row.filledRows },
    step,
    // Uploading the file was step 1.
    stepNumber: steps.indexOf(step) + 2,
    stepCount: steps.length + 1,
    mapping: step === "mapping" ? mappingView(data, lang, Number(url.searchParams.get("version")) || null) : null,
    recoding: step === "recoding" ? recodingView(data, lang) : null,
    report: step === "report" ? reportView(data, lang) : null,
    imported: row.imported,
  };
}

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "surveys.design");
  const { keyring } = args.context.get(servicesContext);
  const { surveyId, importId } = args.params;
  const lang = langOfPath(new URL(args.request.url).pathname);
  const here = pathFor("surveyImportStep", lang, { org: ctx.orgSlug, surveyId, importId });
  const form = await args.request.formData();
  const field = (name: string) => String(form.get(name) ?? "");
  try {
    switch (field("intent")) {
      case "mapping": {
        const columns: string[] = [];
        for (let i = 0; form.has(`col_${i}`); i++) columns.push(field(`col_${i}`));
        const defaultLang = field("defaultLang") === "fr" ? "fr" : "en";
        const mapping = { version: Number(field("version")), columns, defaultLang } as const;
        const { problems } = await saveMapping(ctx, surveyId, importId, mapping);
        if (problems.size > 0) {
          const errors = Object.fromEntries([...problems].map(([i, key]) => [`col_${i}`, key]));
          return invalid(errors, Object.fromEntries(columns.map((c, i) => [`col_${i}`, c])));
        }
        break;
      }
      case "recoding": {
        const view = recodingView(await getImport(ctx, keyring, surveyId, importId), lang);
        if (field("hash") !== view.hash) return invalid({ form: "import.errors.changed" });
        const recoding: Recoding = {};
        let n = 0;
        for (const q of view.questions) {
          for (const v of q.values) {
            const chosen = field(`r_${n++}`);
            if (chosen) (recoding[q.code] ??= {})[v.value] = chosen === MISSING ? "" : chosen;
          }
        }
        await saveRecoding(ctx, keyring, surveyId, importId, recoding);
        break;
      }
      case "commit":
        await commitImport(ctx, keyring, surveyId, importId);
        break;
      case "replace": {
        const file = await uploadedFile(form);
        if (!file) return invalid({ file: "import.errors.file" });
        try {
          await replaceImportFile(ctx, keyring, surveyId, importId, file);
        } catch (error) {
          return fileError(error);
        }
        break;
      }
      case "discard":
        await discardImport(ctx, surveyId, importId);
        throw redirect(pathFor("surveyImport", lang, { org: ctx.orgSlug, surveyId }));
      default:
        return invalid({ form: "errors.invalid" });
    }
  } catch (error) {
    return formErrorOrThrow(error, "form");
  }
  throw redirect(here);
}

export const meta: Route.MetaFunction = ({ location, loaderData }) =>
  pageTitle(location.pathname, loaderData ? `import.steps.${loaderData.step}` : "import.title");

export default function SurveyImportStep({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { org, survey: s, step, file } = loaderData;
  const errors = actionData?.errors;
  const params = actionData && "params" in actionData ? (actionData.params as ErrorParams) : undefined;
  const surveyPath = { org: org.slug, surveyId: s.id };
  const labels = Object.fromEntries(
    (loaderData.mapping?.columns ?? []).map((c) => [`col_${c.index}`, columnLabel(t, c)]),
  );
  return (
    <OrgPage
      frame={loaderData}
      title={t(`import.steps.${step}`)}
      crumbs={[
        { label: t("surveys.title"), to: pathFor("surveys", lang, { org: org.slug }) },
        { label: lang === "fr" ? s.titleFr : s.titleEn, to: pathFor("survey", lang, surveyPath) },
        { label: t("import.title"), to: pathFor("surveyImport", lang, surveyPath) },
      ]}
    >
      <p className="import-step">
        {t("import.stepOf", { n: String(loaderData.stepNumber), total: String(loaderData.stepCount) })}
      </p>
      <ErrorSummary errors={errors} params={params} labels={labels} fieldOrder={["form", "file"]} />
      <dl className="summary-list">
        <dt>{t("import.fileFormat")}</dt>
        <dd>
          {t(`import.formats.${file.format}`)}
          {file.encoding ? ` · ${t(`import.encodings.${file.encoding}`)}` : ""}
          {file.delimiter ? ` · ${t(`import.delimiters.${delimiterName(file.delimiter)}`)}` : ""}
        </dd>
        <dt>{t("import.rowsWithAnswers")}</dt>
        <dd>{formatNumber(lang, file.filledRows)}</dd>
      </dl>
      {loaderData.mapping ? (
        <MappingStep view={loaderData.mapping} errors={errors} values={actionData?.values} />
      ) : null}
      {loaderData.recoding ? <RecodingStep view={loaderData.recoding} /> : null}
      {loaderData.report ? <ReportStep view={loaderData.report} errors={errors} params={params} /> : null}
      {step === "result" ? (
        <>
          <Notice kind="success">
            <p>{t("import.result.done", { count: formatNumber(lang, loaderData.imported ?? 0) })}</p>
          </Notice>
          <ul>
            <li>
              <Link to={pathFor("surveyDistribution", lang, surveyPath)}>{t("import.result.distribution")}</Link>
            </li>
            <li>
              <Link to={pathFor("surveyImport", lang, surveyPath)}>{t("import.result.another")}</Link>
            </li>
          </ul>
        </>
      ) : null}
    </OrgPage>
  );
}

const delimiterName = (d: string) => (d === ";" ? "semicolon" : d === "\t" ? "tab" : "comma");
