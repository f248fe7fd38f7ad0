import { redirect } from "react-router";
import { z } from "zod";
import { requestInfoContext, servicesContext } from "#app/context.ts";
import { formatDateTime, formatStaffTime, tFor } from "#app/i18n/i18n.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { formErrorOrThrow, orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { requestOrigin } from "#app/modules/identity/security-events.server.ts";
import { can } from "#app/modules/identity/policy.ts";
import { getSurvey } from "#app/modules/measure/surveys.server.ts";
import { parseForm } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { deleteResponse } from "#app/modules/responses/deletion.server.ts";
import { getResponse } from "#app/modules/responses/review.server.ts";
import { CheckboxGroup, ErrorSummary, PostForm, SubmitButton } from "#app/ui/form.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { OrgPage } from "#app/ui/org-page.tsx";
import { ResponseAnswers } from "#app/ui/response-answers.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/survey-response";

const deleteSchema = z.object({
  intent: z.literal("delete"),
  confirm: z.literal("yes", { error: "responses.errors.confirmDelete" }),
});

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "results.view");
  const { keyring } = args.context.get(servicesContext);
  const [frame, s] = await Promise.all([
    getOrganizationFrame(ctx),
    orRespond(() => getSurvey(ctx, args.params.surveyId)),
  ]);
  const origin = requestOrigin(args.request, args.context.get(requestInfoContext).clientIp);
  const r = await orRespond(() => getResponse(ctx, keyring, s.id, args.params.responseId, origin));
  return {
    ...frame,
    survey: { id: s.id, titleEn: s.titleEn, titleFr: s.titleFr },
    response: r,
    canDelete: can(ctx.roles, "responses.delete"),
  };
}

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "responses.delete");
  const form = parseForm(deleteSchema, await args.request.formData());
  if (!form.ok) return invalid(form.errors, form.values);
  const { surveyId, responseId } = args.params;
  try {
    await deleteResponse(ctx, surveyId, responseId);
  } catch (error) {
    return formErrorOrThrow(error, "confirm", form.values);
  }
  const lang = langOfPath(new URL(args.request.url).pathname);
  throw redirect(`${pathFor("surveyResponses", lang, { org: ctx.orgSlug, surveyId })}?done=deleted`);
}

export const meta: Route.MetaFunction = ({ location, loaderData }) => {
  const lang = langOfPath(location.pathname);
  const date = loaderData ? formatStaffTime(lang, loaderData.response.startedAt) : "";
  return [{ title: `${tFor(lang)("responses.itemTitle", { date })} — Outside-In` }];
};

export default function SurveyResponse({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { org, survey: s, response: r, canDelete } = loaderData;
  const when = (d: string | null) => (d ? formatStaffTime(lang, d) : "—");
  return (
    <OrgPage
      frame={loaderData}
      title={t("responses.itemTitle", { date: formatStaffTime(lang, r.startedAt) })}
      crumbs={[
        { label: t("surveys.title"), to: pathFor("surveys", lang, { org: org.slug }) },
        {
          label: lang === "fr" ? s.titleFr : s.titleEn,
          to: pathFor("survey", lang, { org: org.slug, surveyId: s.id }),
        },
        { label: t("responses.title"), to: pathFor("surveyResponses", lang, { org: org.slug, surveyId: s.id }) },
      ]}
    >
      <ErrorSummary errors={actionData?.errors} />
      {r.anonymizedAt ? (
        <Notice>
          <p>{t("responses.anonymizedNotice", { date: formatDateTime(lang, r.anonymizedAt) })}</p>
        </Notice>
      ) : null}
      <dl className="summary-list">
        <dt>{t("responses.status")}</dt>
        <dd>{t(`responses.statuses.${r.status}`)}</dd>
        <dt>{t("responses.channel")}</dt>
        <dd>
          {t(`responses.channels.${r.channel}`)}
          {r.enteredBy ? ` · ${t("responses.enteredBy", { name: r.enteredBy })}` : ""}
        </dd>
        <dt>{t("responses.lang")}</dt>
        <dd>{t(`responses.langs.${r.lang}`)}</dd>
        <dt>{t("responses.version")}</dt>
        <dd>{r.version}</dd>
        <dt>{t("responses.started")}</dt>
        <dd>{when(r.startedAt)}</dd>
        <dt>{t("responses.submitted")}</dt>
        <dd>{when(r.submittedAt)}</dd>
      </dl>
      <h2>{t("responses.answers")}</h2>
      <ResponseAnswers items={r.items} />
      {canDelete ? (
        <section aria-labelledby="delete-response">
          <h2 id="delete-response">{t("responses.delete.heading")}</h2>
          <p>{t("responses.delete.intro")}</p>
          <PostForm>
            <input type="hidden" name="intent" value="delete" />
            <CheckboxGroup
              name="confirm"
              label={t("responses.confirmLegend")}
              errors={actionData?.errors}
              options={[{ value: "yes", label: t("responses.delete.confirm") }]}
            />
            <div className="actions">
              <SubmitButton variant="danger">{t("responses.delete.button")}</SubmitButton>
            </div>
          </PostForm>
        </section>
      ) : null}
    </OrgPage>
  );
}
