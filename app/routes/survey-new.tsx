import { redirect } from "react-router";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { channels } from "#app/modules/measure/cmt-bank.ts";
import { newSurveySchema } from "#app/modules/measure/survey-input.ts";
import { createSurveyFromTemplate } from "#app/modules/measure/surveys.server.ts";
import { parseForm } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { CheckboxGroup, ErrorSummary, PostForm, SelectField, SubmitButton, TextField } from "#app/ui/form.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/survey-new";

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "surveys.design");
  return getOrganizationFrame(ctx);
}

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "surveys.design");
  const form = parseForm(newSurveySchema, await args.request.formData());
  if (!form.ok) return invalid(form.errors, form.values);
  const id = await orRespond(() => createSurveyFromTemplate(ctx, form.data));
  throw redirect(pathFor("survey", langOfPath(new URL(args.request.url).pathname), { org: ctx.orgSlug, surveyId: id }));
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "surveys.new");

export default function NewSurvey({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const errors = actionData?.errors;
  const values = actionData?.values;
  return (
    <OrgPage
      frame={loaderData}
      title={t("surveys.new")}
      crumbs={[{ label: t("surveys.title"), to: pathFor("surveys", lang, { org: loaderData.org.slug }) }]}
    >
      <p>{t("surveys.newIntro")}</p>
      <ErrorSummary
        errors={errors}
        fieldOrder={["titleEn", "titleFr", "serviceEn", "serviceFr", "channels", "variant"]}
      />
      <PostForm>
        <div className="side-by-side">
          <TextField name="titleEn" label={t("surveys.titleEn")} errors={errors} values={values} />
          <TextField name="titleFr" label={t("surveys.titleFr")} errors={errors} values={values} />
          <TextField
            name="serviceEn"
            label={t("surveys.serviceEn")}
            hint={t("surveys.serviceHint")}
            errors={errors}
            values={values}
          />
          <TextField
            name="serviceFr"
            label={t("surveys.serviceFr")}
            hint={t("surveys.serviceHint")}
            errors={errors}
            values={values}
          />
        </div>
        <CheckboxGroup
          name="channels"
          label={t("surveys.channels")}
          hint={t("members.rolesHint")}
          errors={errors}
          values={values}
          options={channels.map((c) => ({ value: c, label: t(`bank.channels.${c}`) }))}
        />
        <SelectField
          name="variant"
          label={t("surveys.variant")}
          hint={t("surveys.variantHint")}
          errors={errors}
          values={values}
          defaultValue="citizen"
          options={[
            { value: "citizen", label: t("bank.variants.citizen") },
            { value: "business", label: t("bank.variants.business") },
          ]}
        />
        <div className="actions">
          <SubmitButton>{t("surveys.create")}</SubmitButton>
        </div>
      </PostForm>
    </OrgPage>
  );
}
