import { randomBytes } from "node:crypto";
import { data, redirect } from "react-router";
import { z } from "zod";
import { servicesContext } from "#app/context.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { parseForm } from "#app/modules/platform/forms.ts";
import { visiblePages } from "#app/modules/responses/answers.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import {
  availability,
  getResponseByToken,
  getSurveyForRespondent,
  normalizeToken,
  startResponse,
} from "#app/modules/responses/respond.server.ts";
import { ErrorSummary, PostForm, SubmitButton, TextField } from "#app/ui/form.tsx";
import { SurveyClosed } from "#app/ui/respondent/survey-closed.tsx";
import { SurveyIntro } from "#app/ui/respondent/survey-intro.tsx";
import { useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/respond-start";

export const handle = { respondent: true };

async function openSurvey({ context, params }: Route.LoaderArgs | Route.ActionArgs) {
  const services = context.get(servicesContext);
  const found = await getSurveyForRespondent(services.db, params.key);
  if (!found) throw data({ key: "respondent.unknown" }, { status: 404 });
  return { services, survey: found };
}

export async function loader(args: Route.LoaderArgs) {
  const { survey } = await openSurvey(args);
  const lang = langOfPath(new URL(args.request.url).pathname);
  const fr = lang === "fr";
  return {
    title: fr ? survey.titleFr : survey.titleEn,
    organization: fr ? survey.orgNameFr : survey.orgNameEn,
    availability: availability(survey),
    opensAt: survey.opensAt?.toISOString() ?? null,
    closingMessage: fr ? survey.closingMessageFr : survey.closingMessageEn,
    privacyNotice: fr ? survey.privacyNoticeFr : survey.privacyNoticeEn,
    anonymous: survey.anonymous,
    pageCount: survey.definition.pages.length,
    // A one-off key per visit: a double-clicked or retried Start finds the same response.
    startKey: randomBytes(18).toString("base64url"),
  };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start"), startKey: z.string().regex(/^[\w-]{16,64}$/, "errors.invalid") }),
  z.object({ intent: z.literal("resume"), resumeCode: z.string().trim().min(1, "respondent.errors.resumeCode") }),
]);

export async function action(args: Route.ActionArgs) {
  const { services, survey } = await openSurvey(args);
  const lang = langOfPath(new URL(args.request.url).pathname);
  const form = parseForm(actionSchema, await args.request.formData());
  if (!form.ok) return invalid(form.errors, form.values);
  if (form.data.intent === "resume") {
    const token = normalizeToken(form.data.resumeCode);
    const found = token ? await getResponseByToken(services.db, services.keyring, survey, token) : null;
    if (!token || !found) return invalid({ resumeCode: "respondent.errors.resumeCode" }, form.values);
    throw redirect(pathFor("respondPage", lang, { key: survey.publicKey, token }));
  }
  if (availability(survey) !== "open") throw redirect(pathFor("respondStart", lang, { key: survey.publicKey }));
  const token = await startResponse(services.db, services.settings.authSecret, survey, {
    lang,
    startKey: form.data.startKey,
    channel: "web",
  });
  // Straight to the first page, not to the response's address that would
  // redirect there: one round trip less on a slow phone. (A Start sent again
  // after answering pages also lands here, on page 1 with its answers kept.)
  const first = visiblePages(survey.definition, {})[0]?.key;
  throw redirect(`${pathFor("respondPage", lang, { key: survey.publicKey, token })}${first ? `?page=${first}` : ""}`);
}

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: loaderData ? `${loaderData.title} — Outside-In` : "Outside-In" },
];

export default function RespondStart({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const s = loaderData;
  const errors = actionData?.errors;
  if (s.availability !== "open") {
    return (
      <SurveyClosed title={s.title} availability={s.availability} opensAt={s.opensAt} message={s.closingMessage} />
    );
  }
  return (
    <>
      <h1>{s.title}</h1>
      <ErrorSummary errors={errors} />
      <SurveyIntro pageCount={s.pageCount} anonymous={s.anonymous} privacyNotice={s.privacyNotice} />
      <PostForm>
        <input type="hidden" name="startKey" value={s.startKey} />
        <input type="hidden" name="intent" value="start" />
        <SubmitButton>{t("respondent.start.button")}</SubmitButton>
      </PostForm>
      <h2>{t("respondent.start.resumeTitle")}</h2>
      <PostForm>
        <input type="hidden" name="intent" value="resume" />
        <TextField
          name="resumeCode"
          label={t("respondent.start.resumeLabel")}
          hint={t("respondent.start.resumeHint")}
          errors={errors}
          values={actionData?.values}
        />
        <SubmitButton variant="secondary">{t("respondent.start.resumeButton")}</SubmitButton>
      </PostForm>
    </>
  );
}
