import { redirect } from "react-router";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { formErrorOrThrow, orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { surveySettingsSchema } from "#app/modules/measure/survey-input.ts";
import { getSurvey, updateSurveySettings } from "#app/modules/measure/surveys.server.ts";
import { parseForm } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { ErrorSummary, PostForm, SubmitButton, TextArea, TextField } from "#app/ui/form.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/survey-settings";

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "surveys.design");
  const [frame, s] = await Promise.all([
    getOrganizationFrame(ctx),
    orRespond(() => getSurvey(ctx, args.params.surveyId)),
  ]);
  return { ...frame, survey: { ...s, opensAt: day(s.opensAt), closesAt: day(s.closesAt) } };
}

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "surveys.design");
  const form = parseForm(surveySettingsSchema, await args.request.formData());
  if (!form.ok) return invalid(form.errors, form.values);
  try {
    await updateSurveySettings(ctx, args.params.surveyId, form.data);
  } catch (error) {
    return formErrorOrThrow(error, "closesAt", form.values);
  }
  const lang = langOfPath(new URL(args.request.url).pathname);
  throw redirect(`${pathFor("survey", lang, { org: ctx.orgSlug, surveyId: args.params.surveyId })}?done=settings`);
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "surveys.settings");

export default function SurveySettings({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { survey: s, org } = loaderData;
  const errors = actionData?.errors;
  const values = actionData?.values;
  return (
    <OrgPage
      frame={loaderData}
      title={t("surveys.settings")}
      crumbs={[
        { label: t("surveys.title"), to: pathFor("surveys", lang, { org: org.slug }) },
        {
          label: lang === "fr" ? s.titleFr : s.titleEn,
          to: pathFor("survey", lang, { org: org.slug, surveyId: s.id }),
        },
      ]}
    >
      <ErrorSummary
        errors={errors}
        fieldOrder={["titleEn", "titleFr", "serviceEn", "serviceFr", "opensAt", "closesAt", "responseTarget"]}
      />
      <PostForm>
        <div className="side-by-side">
          <TextField
            name="titleEn"
            label={t("surveys.titleEn")}
            errors={errors}
            values={values}
            defaultValue={s.titleEn}
          />
          <TextField
            name="titleFr"
            label={t("surveys.titleFr")}
            errors={errors}
            values={values}
            defaultValue={s.titleFr}
          />
          <TextField
            name="serviceEn"
            label={t("surveys.serviceEn")}
            errors={errors}
            values={values}
            defaultValue={s.serviceEn}
          />
          <TextField
            name="serviceFr"
            label={t("surveys.serviceFr")}
            errors={errors}
            values={values}
            defaultValue={s.serviceFr}
          />
          <TextField
            name="opensAt"
            type="date"
            label={t("surveys.opensAt")}
            hint={t("surveys.dateHint")}
            errors={errors}
            values={values}
            defaultValue={s.opensAt}
            short
          />
          <TextField
            name="closesAt"
            type="date"
            label={t("surveys.closesAt")}
            hint={t("surveys.dateHint")}
            errors={errors}
            values={values}
            defaultValue={s.closesAt}
            short
          />
        </div>
        <TextField
          name="responseTarget"
          label={t("surveys.responseTarget")}
          hint={t("surveys.responseTargetHint")}
          inputMode="numeric"
          errors={errors}
          values={values}
          defaultValue={s.responseTarget?.toString() ?? ""}
          short
        />
        <div className="side-by-side">
          <TextArea
            name="closingMessageEn"
            label={t("surveys.closingMessageEn")}
            errors={errors}
            values={values}
            defaultValue={s.closingMessageEn ?? ""}
            lang="en"
          />
          <TextArea
            name="closingMessageFr"
            label={t("surveys.closingMessageFr")}
            errors={errors}
            values={values}
            defaultValue={s.closingMessageFr ?? ""}
            lang="fr"
          />
        </div>
        <div className="actions">
          <SubmitButton>{t("forms.save")}</SubmitButton>
        </div>
      </PostForm>
    </OrgPage>
  );
}
