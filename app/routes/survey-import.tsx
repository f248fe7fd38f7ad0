import { Link, redirect } from "react-router";
import { servicesContext } from "#app/context.ts";
import { formatDateTime, formatNumber } from "#app/i18n/i18n.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { getSurvey } from "#app/modules/measure/surveys.server.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { fileError, uploadedFile } from "#app/modules/responses/import-form.server.ts";
import { stageImport } from "#app/modules/responses/import-stage.server.ts";
import { findImports } from "#app/modules/responses/import.server.ts";
import { type ErrorParams, ErrorSummary, FileField, PostForm, SubmitButton } from "#app/ui/form.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/survey-import";

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "surveys.design");
  const [frame, s] = await Promise.all([
    getOrganizationFrame(ctx),
    orRespond(() => getSurvey(ctx, args.params.surveyId)),
  ]);
  return {
    ...frame,
    survey: { id: s.id, titleEn: s.titleEn, titleFr: s.titleFr, publishedVersion: s.publishedVersion },
    imports: await findImports(ctx, s.id),
  };
}

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "surveys.design");
  const { keyring } = args.context.get(servicesContext);
  const surveyId = args.params.surveyId;
  const file = await uploadedFile(await args.request.formData());
  if (!file) return invalid({ file: "import.errors.file" });
  let importId: string;
  try {
    importId = await stageImport(ctx, keyring, surveyId, file);
  } catch (error) {
    return fileError(error);
  }
  const lang = langOfPath(new URL(args.request.url).pathname);
  throw redirect(pathFor("surveyImportStep", lang, { org: ctx.orgSlug, surveyId, importId }));
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "import.title");

export default function SurveyImport({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { org, survey: s, imports } = loaderData;
  const errors = actionData?.errors;
  const params = actionData && "params" in actionData ? (actionData.params as ErrorParams) : undefined;
  const stepPath = (importId: string) => pathFor("surveyImportStep", lang, { org: org.slug, surveyId: s.id, importId });
  return (
    <OrgPage
      frame={loaderData}
      title={t("import.title")}
      crumbs={[
        { label: t("surveys.title"), to: pathFor("surveys", lang, { org: org.slug }) },
        {
          label: lang === "fr" ? s.titleFr : s.titleEn,
          to: pathFor("survey", lang, { org: org.slug, surveyId: s.id }),
        },
      ]}
    >
      <ErrorSummary errors={errors} params={params} />
      <p>{t("import.intro")}</p>
      {s.publishedVersion ? (
        <PostForm encType="multipart/form-data">
          <FileField
            name="file"
            label={t("fields.file")}
            hint={t("import.fileHint")}
            accept=".csv,.txt,.tsv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            errors={errors}
            errorParams={params}
          />
          <div className="actions">
            <SubmitButton>{t("import.upload")}</SubmitButton>
          </div>
        </PostForm>
      ) : (
        <Notice kind="warning">
          <p>{t("import.errors.notPublished")}</p>
        </Notice>
      )}
      {imports.length > 0 ? (
        <>
          <h2>{t("import.recent")}</h2>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t("import.recent")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("import.started")}</th>
                  <th scope="col">{t("import.rowsWithAnswers")}</th>
                  <th scope="col">{t("import.status")}</th>
                </tr>
              </thead>
              <tbody>
                {imports.map((i) => (
                  <tr key={i.id}>
                    <td>
                      <Link to={stepPath(i.id)}>{formatDateTime(lang, i.createdAt)}</Link>
                    </td>
                    <td>{formatNumber(lang, i.filledRows)}</td>
                    <td>
                      {i.status === "committed"
                        ? t("import.statuses.committed", { count: formatNumber(lang, i.imported ?? 0) })
                        : t("import.statuses.staged")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </OrgPage>
  );
}
