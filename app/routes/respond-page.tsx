import { data, redirect } from "react-router";
import { servicesContext } from "#app/context.ts";
import { type Lang, langOfPath, pathFor } from "#app/i18n/paths.ts";
import {
  type Answers,
  asFormValues,
  fieldName,
  mayFollow,
  readPage,
  unansweredRequired,
  visiblePages,
  withoutHidden,
} from "#app/modules/responses/answers.ts";
import {
  availability,
  formatToken,
  getSurveyAndResponse,
  normalizeToken,
  saveResponsePage,
} from "#app/modules/responses/respond.server.ts";
import { ANSWER_FORM_ID } from "#app/ui/respondent/layout.tsx";
import { QuestionPage } from "#app/ui/respondent/question-page.tsx";
import { SurveyClosed } from "#app/ui/respondent/survey-closed.tsx";
import { ThankYou } from "#app/ui/respondent/thank-you.tsx";
import type { Route } from "./+types/respond-page";

export const handle = { respondent: true };

async function openResponse({ context, params, request }: Route.LoaderArgs | Route.ActionArgs) {
  const services = context.get(servicesContext);
  const token = normalizeToken(params.token);
  const opened = token ? await getSurveyAndResponse(services.db, services.keyring, params.key, token) : null;
  if (!token || !opened?.response) throw data({ key: "respondent.unknownResponse" }, { status: 404 });
  const { survey, response: found } = opened;
  const url = new URL(request.url);
  const lang = langOfPath(url.pathname);
  // Staff keying in paper forms may finish them after the survey closes.
  const open = found.channel === "staff" || availability(survey) === "open";
  return { services, survey, response: found, token, url, lang, open };
}

const here = (lang: Lang, key: string, token: string, page?: string, extra = "") =>
  `${pathFor("respondPage", lang, { key, token })}${page ? `?page=${page}${extra}` : ""}`;

export async function loader(args: Route.LoaderArgs) {
  const { services, survey, response, token, url, lang, open } = await openResponse(args);
  const fr = lang === "fr";
  const title = fr ? survey.titleFr : survey.titleEn;
  const organization = fr ? survey.orgNameFr : survey.orgNameEn;
  if (response.status === "complete") {
    return {
      view: "done" as const,
      title,
      organization,
      answerForm: false,
      message: fr ? survey.closingMessageFr : survey.closingMessageEn,
      staff: response.channel === "staff",
    };
  }
  if (!open) {
    return {
      view: "closed" as const,
      title,
      organization,
      answerForm: false,
      message: fr ? survey.closingMessageFr : survey.closingMessageEn,
    };
  }
  const pages = visiblePages(survey.definition, response.answers);
  const firstUnfinished = pages.findIndex((p) => !response.pagesDone.includes(p.key));
  const reachable = firstUnfinished < 0 ? pages.length - 1 : firstUnfinished;
  const asked = pages.findIndex((p) => p.key === url.searchParams.get("page"));
  // No skipping ahead of the first page not yet answered.
  if (asked < 0 || asked > reachable) throw redirect(here(lang, survey.publicKey, token, pages[reachable]?.key));
  const page = pages[asked];
  if (!page) throw data({ key: "respondent.unknownResponse" }, { status: 404 });
  const resumePath = pathFor("respondPage", lang, { key: survey.publicKey, token });
  // Sent back here by a final submit that found this page's required answers missing.
  const incomplete = url.searchParams.has("incomplete")
    ? (unansweredRequired(survey.definition, response.answers).find((p) => p.pageKey === page.key)?.errors ?? [])
    : [];
  return {
    view: "page" as const,
    title,
    organization,
    answerForm: true,
    formId: ANSWER_FORM_ID,
    pageKey: page.key,
    pageTitle: fr ? page.titleFr : page.titleEn,
    number: asked + 1,
    total: pages.length,
    isFirst: asked === 0,
    isLast: !mayFollow(survey.definition, page.key, response.answers),
    items: page.items.map((i) => ({
      key: i.key,
      required: i.required,
      question: i.question,
      value: asFormValues(response.answers[i.code]),
      ...(i.grid ? { grid: i.grid } : {}),
    })),
    grids: page.grids ?? [],
    saved: url.searchParams.get("saved") === "1",
    errors: incomplete,
    incomplete: incomplete.length > 0,
    staffEntry: response.channel === "staff",
    resumeCode: formatToken(token),
    resumeUrl: `${services.settings.baseUrl}${resumePath}`,
  };
}

export async function action(args: Route.ActionArgs) {
  const { services, survey, response, token, lang, open } = await openResponse(args);
  const form = await args.request.formData();
  const pageKey = String(form.get("page") ?? "");
  const intent = String(form.get("intent") ?? "next");
  if (response.status === "complete" || !open) throw redirect(here(lang, survey.publicKey, token));
  const page = visiblePages(survey.definition, response.answers).find((p) => p.key === pageKey);
  if (!page || !["next", "back", "save", "switch"].includes(intent)) {
    throw redirect(here(lang, survey.publicKey, token));
  }
  const read = (field: string) => form.getAll(field).filter((v): v is string => typeof v === "string");
  const check = intent === "next";
  const staffEntry = response.channel === "staff";
  const { answers, cleared, errors } = readPage(page, response.answers, read, check, !staffEntry);
  if (errors.length > 0) {
    const values = Object.fromEntries(page.items.map((i) => [i.code, read(fieldName(i.code))]));
    return data({ errors, values }, { status: 400 });
  }
  const after: Answers = { ...response.answers };
  for (const code of cleared) delete after[code];
  const merged = withoutHidden(survey.definition, { ...after, ...answers });
  const pages = visiblePages(survey.definition, merged);
  const index = pages.findIndex((p) => p.key === page.key);
  const last = intent === "next" && index === pages.length - 1;
  // The final submit checks every page, not only this one.
  const missing = last && !staffEntry ? unansweredRequired(survey.definition, merged)[0] : undefined;
  const submit = last && !missing;
  await saveResponsePage(
    services.db,
    services.keyring,
    survey,
    response,
    { key: page.key, answers, cleared, done: check },
    submit,
  );
  switch (intent) {
    case "next":
      if (missing) throw redirect(here(lang, survey.publicKey, token, missing.pageKey, "&incomplete=1"));
      throw redirect(here(lang, survey.publicKey, token, submit ? undefined : pages[index + 1]?.key));
    case "back":
      throw redirect(here(lang, survey.publicKey, token, pages[Math.max(0, index - 1)]?.key));
    case "save":
      throw redirect(here(lang, survey.publicKey, token, page.key, "&saved=1"));
    default:
      throw redirect(here(lang === "en" ? "fr" : "en", survey.publicKey, token, page.key));
  }
}

export const meta: Route.MetaFunction = ({ loaderData }) => {
  if (!loaderData) return [{ title: "Outside-In" }];
  const title = loaderData.view === "page" ? `${loaderData.pageTitle} — ${loaderData.title}` : loaderData.title;
  return [{ title: `${title} — Outside-In` }];
};

export default function RespondPage({ loaderData, actionData }: Route.ComponentProps) {
  const d = loaderData;
  if (d.view === "done") return <ThankYou title={d.title} message={d.message} staff={d.staff} />;
  if (d.view === "closed") {
    return <SurveyClosed title={d.title} availability="closed" opensAt={null} message={d.message} kept />;
  }
  return <QuestionPage page={d} errors={actionData?.errors ?? d.errors} values={actionData?.values} />;
}
