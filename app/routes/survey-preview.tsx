import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { getDraftQuestions, getSurvey } from "#app/modules/measure/surveys.server.ts";
import { Breadcrumbs, Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { orgName } from "#app/ui/org-name.ts";
import { QuestionList } from "#app/ui/respondent/question-list.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/survey-preview";

/** The draft as a respondent would see it, every page one after the other, in the page's language. */
export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "results.view");
  const [frame, survey] = await Promise.all([
    getOrganizationFrame(ctx),
    orRespond(() => getSurvey(ctx, args.params.surveyId)),
  ]);
  const questions = await getDraftQuestions(ctx, survey.draft);
  const lang = langOfPath(new URL(args.request.url).pathname);
  return {
    ...frame,
    survey: { id: survey.id, title: lang === "fr" ? survey.titleFr : survey.titleEn },
    pages: survey.draft.pages.map((p) => ({
      key: p.key,
      title: lang === "fr" ? p.titleFr : p.titleEn,
      grids: p.grids ?? [],
      items: p.items.flatMap((i) => {
        const q = questions.get(i.code);
        return q ? [{ key: i.key, required: i.required, question: q, ...(i.grid ? { grid: i.grid } : {}) }] : [];
      }),
    })),
  };
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "surveys.preview.title");

export default function SurveyPreview({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { org, survey, pages } = loaderData;
  return (
    <>
      <Breadcrumbs
        items={[
          { label: orgName(org, lang), to: pathFor("orgHome", lang, { org: org.slug }) },
          { label: t("surveys.title"), to: pathFor("surveys", lang, { org: org.slug }) },
          { label: survey.title, to: pathFor("survey", lang, { org: org.slug, surveyId: survey.id }) },
          { label: t("surveys.preview.title") },
        ]}
      />
      <h1>{survey.title}</h1>
      <Notice kind="warning">
        <p>{t("surveys.preview.notice")}</p>
      </Notice>
      {pages.map((page, index) => (
        <section key={page.key} aria-labelledby={`preview-${page.key}`} className="survey-page">
          <h2 id={`preview-${page.key}`}>
            {t("surveys.preview.pageOf", { n: String(index + 1), total: String(pages.length), title: page.title })}
          </h2>
          <QuestionList items={page.items} grids={page.grids} lang={lang} />
        </section>
      ))}
    </>
  );
}
