import { Link, redirect } from "react-router";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { formErrorOrThrow, orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { surveyPrivacySchema, surveySettingsSchema } from "#app/modules/measure/survey-input.ts";
import { updateSurveyPrivacy } from "#app/modules/measure/survey-privacy.server.ts";
import { getSurvey, updateSurveySettings } from "#app/modules/measure/surveys.server.ts";
import { parseForm } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { getRetentionStatus } from "#app/modules/responses/retention.server.ts";
import { countResponsesByStatus } from "#app/modules/responses/review.server.ts";
import { ErrorSummary, PostForm, SubmitButton, TextArea, TextField } from "#app/ui/form.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { type NextRun, SurveyPrivacyForm } from "#app/ui/survey-privacy.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/survey-settings";

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "surveys.design");
  const [frame, s] = await Promise.all([
    getOrganizationFrame(ctx),
    orRespond(() => getSurvey(ctx, args.params.surveyId)),
  ]);
  const [retention, counts] = await Promise.all([getRetentionStatus(ctx, s), countResponsesByStatus(ctx, s.id)]);
  const now = Date.now();
  const next = (at: Date | null): NextRun => (at ? { at, due: at.getTime() <= now } : null);
  return {
    ...frame,
    survey: { ...s, opensAt: day(s.opensAt), closesAt: day(s.closesAt) },
    retention: {
      anonymized: retention.anonymized,
      responses: counts.complete + counts.partial,
      nextAnonymization: next(retention.nextAnonymization),
      nextPartialDeletion: next(retention.nextPartialDeletion),
    },
    done: new URL(args.request.url).searchParams.get("done") === "privacy",
  };
}

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "surveys.design");
  const body = await args.request.formData();
  const lang = langOfPath(new URL(args.request.url).pathname);
  const surveyId = args.params.surveyId;
  if (body.get("intent") === "privacy") {
    const form = parseForm(surveyPrivacySchema, body);
    if (!form.ok) return invalid(form.errors, form.values);
    try {
      await updateSurveyPrivacy(ctx, surveyId, form.data);
    } catch (error) {
      return formErrorOrThrow(error, "anonymous", form.values);
    }
    throw redirect(`${pathFor("surveySettings", lang, { org: ctx.orgSlug, surveyId })}?done=privacy`);
  }
  const form = parseForm(surveySettingsSchema, body);
  if (!form.ok) return invalid(form.errors, form.values);
  try {
    await updateSurveySettings(ctx, surveyId, form.data);
  } catch (error) {
    return formErrorOrThrow(error, "closesAt", form.values);
  }
  throw redirect(`${pathFor("survey", lang, { org: ctx.orgSlug, surveyId })}?done=settings`);
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "surveys.settings");

export default function SurveySettings({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { survey: s, org, retention, done } = loaderData;
  const privacy = actionData?.values?.intent === "privacy";
  const errors = privacy ? undefined : actionData?.errors;
  const values = privacy ? undefined : actionData?.values;
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
      {done ? (
        <Notice kind="success">
          <p>{t("surveys.done.privacy")}</p>
        </Notice>
      ) : null}
      <ErrorSummary
        errors={actionData?.errors}
        fieldOrder={[
          "titleEn",
          "titleFr",
          "serviceEn",
          "serviceFr",
          "opensAt",
          "closesAt",
          "responseTarget",
          "privacyNoticeEn",
          "privacyNoticeFr",
          "anonymous",
          "retentionMonths",
        ]}
      />
      <h2>{t("surveys.detailsHeading")}</h2>
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
      <SurveyPrivacyForm
        survey={s}
        status={retention}
        errors={privacy ? actionData?.errors : undefined}
        values={privacy ? actionData?.values : undefined}
      />
      <h2>{t("surveys.delete.heading")}</h2>
      <p>{t("surveys.delete.settingsIntro")}</p>
      <p>
        <Link className="button button--danger" to={pathFor("surveyDelete", lang, { org: org.slug, surveyId: s.id })}>
          {t("surveys.delete.link")}
        </Link>
      </p>
    </OrgPage>
  );
}
