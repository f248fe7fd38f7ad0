import { data, redirect } from "react-router";
import { servicesContext } from "#app/context.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { findInvitation, startInvitedResponse } from "#app/modules/responses/invitation-link.server.ts";
import { availability, getSurveyForRespondent } from "#app/modules/responses/respond.server.ts";
import { PostForm, SubmitButton } from "#app/ui/form.tsx";
import { SurveyClosed } from "#app/ui/respondent/survey-closed.tsx";
import { SurveyIntro } from "#app/ui/respondent/survey-intro.tsx";
import { useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/respond-invitation";

// An e-mailed invitation's private link. Opening it changes nothing (mail
// scanners open links too): it shows the survey's start, or goes on to the
// answers this person already began. Starting is a form post.

export const handle = { respondent: true };

async function openSurvey({ context, params, request }: Route.LoaderArgs | Route.ActionArgs) {
  const services = context.get(servicesContext);
  const survey = await getSurveyForRespondent(services.db, params.key);
  if (!survey) throw data({ key: "respondent.unknown" }, { status: 404 });
  return { services, survey, lang: langOfPath(new URL(request.url).pathname) };
}

const unknownLink = () => data({ key: "respondent.invitation.unknown" }, { status: 404 });

export async function loader(args: Route.LoaderArgs) {
  const { services, survey, lang } = await openSurvey(args);
  const found = await findInvitation(services.db, services.settings.authSecret, survey, args.params.token);
  const fr = lang === "fr";
  const title = fr ? survey.titleFr : survey.titleEn;
  const organization = fr ? survey.orgNameFr : survey.orgNameEn;
  const message = fr ? survey.closingMessageFr : survey.closingMessageEn;
  if (found.kind === "responded") return { view: "responded" as const, title, organization };
  const state = availability(survey);
  if (state !== "open") {
    return {
      view: "closed" as const,
      title,
      organization,
      availability: state,
      opensAt: survey.opensAt?.toISOString() ?? null,
      message,
    };
  }
  if (found.kind === "unknown") throw unknownLink();
  if (found.kind === "started")
    throw redirect(pathFor("respondPage", lang, { key: survey.publicKey, token: found.token }));
  return {
    view: "start" as const,
    title,
    organization,
    pageCount: survey.definition.pages.length,
    anonymous: survey.anonymous,
    privacyNotice: fr ? survey.privacyNoticeFr : survey.privacyNoticeEn,
  };
}

export async function action(args: Route.ActionArgs) {
  const { services, survey, lang } = await openSurvey(args);
  const here = pathFor("respondInvitation", lang, { key: survey.publicKey, token: args.params.token });
  if (availability(survey) !== "open") throw redirect(here);
  const found = await startInvitedResponse(services.db, services.settings.authSecret, survey, args.params.token, lang);
  if (found.kind === "unknown") throw unknownLink();
  if (found.kind !== "started") throw redirect(here);
  throw redirect(pathFor("respondPage", lang, { key: survey.publicKey, token: found.token }));
}

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: loaderData ? `${loaderData.title} — Outside-In` : "Outside-In" },
];

export default function RespondInvitation({ loaderData: d }: Route.ComponentProps) {
  const t = useT();
  if (d.view === "closed") {
    return <SurveyClosed title={d.title} availability={d.availability} opensAt={d.opensAt} message={d.message} />;
  }
  if (d.view === "responded") {
    return (
      <>
        <h1>{d.title}</h1>
        <div className="notice notice--info">
          <h2>{t("respondent.invitation.responded.title")}</h2>
          <p>{t("respondent.invitation.responded.body")}</p>
        </div>
      </>
    );
  }
  return (
    <>
      <h1>{d.title}</h1>
      <p>{t("respondent.invitation.intro")}</p>
      <SurveyIntro pageCount={d.pageCount} anonymous={d.anonymous} privacyNotice={d.privacyNotice} />
      <PostForm>
        <SubmitButton>{t("respondent.start.button")}</SubmitButton>
      </PostForm>
    </>
  );
}
