import { Link, redirect } from "react-router";
import { z } from "zod";
import { formatNumber } from "#app/i18n/i18n.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { formErrorOrThrow, orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { deleteSurvey, getSurveyDeletion } from "#app/modules/measure/survey-deletion.server.ts";
import { parseForm } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { ErrorSummary, PostForm, SubmitButton, TextField } from "#app/ui/form.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/survey-delete";

// The confirmation step of deleting a survey: this page says what will go,
// and for a survey that was published asks for its title to be typed.

const schema = z.object({ confirmTitle: z.string().max(200, "errors.tooLong").default("") });

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "surveys.design");
  const [frame, deletion] = await Promise.all([
    getOrganizationFrame(ctx),
    orRespond(() => getSurveyDeletion(ctx, args.params.surveyId)),
  ]);
  return { ...frame, deletion };
}

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "surveys.design");
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return invalid(form.errors, form.values);
  try {
    await deleteSurvey(ctx, args.params.surveyId, form.data.confirmTitle);
  } catch (error) {
    return formErrorOrThrow(error, "confirmTitle", form.values);
  }
  const lang = langOfPath(new URL(args.request.url).pathname);
  throw redirect(`${pathFor("surveys", lang, { org: ctx.orgSlug })}?done=deleted`);
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "surveys.delete.title");

export default function SurveyDelete({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { org, deletion: d } = loaderData;
  const title = lang === "fr" ? d.titleFr : d.titleEn;
  const back = pathFor("surveySettings", lang, { org: org.slug, surveyId: d.id });
  return (
    <OrgPage
      frame={loaderData}
      title={t("surveys.delete.title")}
      crumbs={[
        { label: t("surveys.title"), to: pathFor("surveys", lang, { org: org.slug }) },
        { label: title, to: pathFor("survey", lang, { org: org.slug, surveyId: d.id }) },
      ]}
    >
      <ErrorSummary errors={actionData?.errors} />
      <Notice kind="warning">
        <p>{t(d.responses + d.contacts > 0 ? "surveys.delete.counts" : "surveys.delete.empty", { title })}</p>
      </Notice>
      {d.responses + d.contacts > 0 ? (
        <dl className="summary-list">
          <dt>{t("surveys.delete.responses")}</dt>
          <dd>{formatNumber(lang, d.responses)}</dd>
          <dt>{t("surveys.delete.contacts")}</dt>
          <dd>{formatNumber(lang, d.contacts)}</dd>
        </dl>
      ) : null}
      <PostForm>
        {d.needsTitle ? (
          <TextField
            name="confirmTitle"
            label={t("surveys.delete.typeTitle")}
            hint={t("surveys.delete.typeTitleHint", { titleEn: d.titleEn, titleFr: d.titleFr })}
            errors={actionData?.errors}
            values={actionData?.values}
            autoComplete="off"
          />
        ) : null}
        <div className="actions">
          <SubmitButton variant="danger">{t("surveys.delete.button")}</SubmitButton>
          <Link to={back}>{t("surveys.delete.cancel")}</Link>
        </div>
      </PostForm>
    </OrgPage>
  );
}
