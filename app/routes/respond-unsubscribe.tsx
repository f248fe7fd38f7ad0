import { data, redirect } from "react-router";
import { servicesContext } from "#app/context.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { findSubscription, unsubscribeContact } from "#app/modules/responses/invitation-link.server.ts";
import { getSurveyForRespondent } from "#app/modules/responses/respond.server.ts";
import { PostForm, SubmitButton } from "#app/ui/form.tsx";
import { useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/respond-unsubscribe";

// The unsubscribe link of an invitation. Opening it only asks: mail scanners
// follow links, and must not unsubscribe anyone. The button does it, and
// doing it twice is the same as once.

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
  const subscription = await findSubscription(services.db, survey, args.params.token);
  if (subscription === "unknown") throw unknownLink();
  const fr = lang === "fr";
  return {
    title: fr ? survey.titleFr : survey.titleEn,
    organization: fr ? survey.orgNameFr : survey.orgNameEn,
    subscription,
  };
}

export async function action(args: Route.ActionArgs) {
  const { services, survey, lang } = await openSurvey(args);
  if ((await unsubscribeContact(services.db, survey, args.params.token)) === "unknown") throw unknownLink();
  throw redirect(pathFor("respondUnsubscribe", lang, { key: survey.publicKey, token: args.params.token }));
}

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: loaderData ? `${loaderData.title} — Outside-In` : "Outside-In" },
];

export default function RespondUnsubscribe({ loaderData: d }: Route.ComponentProps) {
  const t = useT();
  if (d.subscription === "unsubscribed") {
    return (
      <div className="panel panel--confirmation">
        <h1>{t("respondent.unsubscribe.doneTitle")}</h1>
        <p>{t("respondent.unsubscribe.done", { title: d.title })}</p>
      </div>
    );
  }
  return (
    <>
      <h1>{t("respondent.unsubscribe.title")}</h1>
      <p>{t("respondent.unsubscribe.intro", { title: d.title })}</p>
      <PostForm>
        <SubmitButton>{t("respondent.unsubscribe.button")}</SubmitButton>
      </PostForm>
    </>
  );
}
