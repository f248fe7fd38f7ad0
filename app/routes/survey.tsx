import { Link, redirect } from "react-router";
import { z } from "zod";
import { formatDate } from "#app/i18n/i18n.ts";
import { langOfPath, type PageId, pathFor } from "#app/i18n/paths.ts";
import { formErrorOrThrow, orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { can } from "#app/modules/identity/policy.ts";
import { publishProblems } from "#app/modules/measure/definition.ts";
import { draftChangeSchema } from "#app/modules/measure/survey-input.ts";
import { translationWarnings } from "#app/modules/measure/translation-check.ts";
import {
  changeDraft,
  closeSurvey,
  findSurveyVersions,
  getDraftQuestions,
  getSurvey,
  publishSurvey,
} from "#app/modules/measure/surveys.server.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import { parseForm } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { ErrorSummary, PostForm, SelectField, SubmitButton, TextField } from "#app/ui/form.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { SurveyPageEditor } from "#app/ui/survey-page-editor.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/survey";

const lifecycleSchema = z.object({ op: z.enum(["publish", "close"]) });

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "results.view");
  const surveyId = args.params.surveyId;
  const [frame, s] = await Promise.all([getOrganizationFrame(ctx), orRespond(() => getSurvey(ctx, surveyId))]);
  const [questions, versions] = await Promise.all([getDraftQuestions(ctx, s.draft), findSurveyVersions(ctx, surveyId)]);
  return {
    ...frame,
    survey: s,
    questions: Object.fromEntries(questions),
    versions,
    problems: publishProblems(s.draft),
    translation: translationWarnings(s, s.draft, questions),
    canDesign: can(ctx.roles, "surveys.design"),
    done: new URL(args.request.url).searchParams.get("done"),
  };
}

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "surveys.design");
  const surveyId = args.params.surveyId;
  const body = await args.request.formData();
  const lang = langOfPath(new URL(args.request.url).pathname);
  const back = (done: string) => `${pathFor("survey", lang, { org: ctx.orgSlug, surveyId })}?done=${done}`;
  try {
    const op = body.get("op");
    if (op === "publish" || op === "close") {
      const form = parseForm(lifecycleSchema, body);
      if (!form.ok) return invalid({ form: "errors.invalid" });
      if (form.data.op === "publish") await publishSurvey(ctx, surveyId);
      else await closeSurvey(ctx, surveyId);
      throw redirect(back(form.data.op === "publish" ? "published" : "closed"));
    }
    const form = parseForm(draftChangeSchema, body);
    // The grid and logic forms repeat on the page: one message at the top says what to fix.
    if (!form.ok && op === "groupGrid") {
      return invalid({ form: form.errors.itemKeys ? "surveys.grid.errors.rows" : "surveys.grid.errors.titles" });
    }
    if (!form.ok && op === "showIf") return invalid({ form: form.errors.condition ?? "surveys.errors.logic" });
    if (!form.ok) return invalid(form.errors, form.values);
    const d = form.data;
    const change =
      d.op === "addQuestion"
        ? { op: d.op, pageKey: d.pageKey, code: d.questionCode }
        : d.op === "showIf"
          ? { op: d.op, itemKey: d.itemKey, ...(d.condition ?? { conditionCode: null, values: [] }) }
          : d;
    await changeDraft(ctx, surveyId, change);
    throw redirect(back("saved"));
  } catch (error) {
    const onCode = (e: AppError) =>
      e.key === "surveys.errors.unknownCode" || e.key === "surveys.errors.alreadyIn" ? "questionCode" : "form";
    const kept = Object.fromEntries([...body].filter(([k]) => k === "questionCode" || k === "pageKey"));
    return formErrorOrThrow(error, onCode, kept as Record<string, string>);
  }
}

export const meta: Route.MetaFunction = ({ location, loaderData }) =>
  pageTitle(location.pathname, "surveys.itemTitle", {
    name: loaderData
      ? location.pathname.startsWith("/fr")
        ? loaderData.survey.titleFr
        : loaderData.survey.titleEn
      : "",
  });

export default function SurveyBuilder({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { survey: s, org, questions, problems, translation, canDesign, versions, done } = loaderData;
  const errors = actionData?.errors;
  const editable = canDesign && s.status !== "closed";
  return (
    <OrgPage
      frame={loaderData}
      title={lang === "fr" ? s.titleFr : s.titleEn}
      crumbs={[{ label: t("surveys.title"), to: pathFor("surveys", lang, { org: org.slug }) }]}
    >
      {done ? (
        <Notice kind="success">
          <p>{t(`surveys.done.${done}`, { defaultValue: t("surveys.done.saved") })}</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} fieldOrder={["form", "questionCode", "pageKey", "titleEn", "titleFr"]} />
      <dl className="summary-list">
        <dt>{t("surveys.status")}</dt>
        <dd>
          {t(`surveys.statuses.${s.status}`)}
          {s.publishedVersion ? ` · ${t("surveys.versionN", { n: String(s.publishedVersion) })}` : ""}
          {s.status === "published" && s.draftChanged ? ` · ${t("surveys.unpublishedChanges")}` : ""}
        </dd>
        <dt>{t("surveys.service")}</dt>
        <dd>{lang === "fr" ? s.serviceFr : s.serviceEn}</dd>
        <dt>{t("surveys.channels")}</dt>
        <dd>{s.channels.map((c) => t(`bank.channels.${c}`)).join(", ")}</dd>
        <dt>{t("surveys.variant")}</dt>
        <dd>{t(`bank.variants.${s.variant}`)}</dd>
        {versions.length > 0 ? (
          <>
            <dt>{t("surveys.versions")}</dt>
            <dd>
              {versions
                .map((v) => t("surveys.versionOn", { n: String(v.version), date: formatDate(lang, v.publishedAt) }))
                .join("; ")}
            </dd>
          </>
        ) : null}
      </dl>
      {canDesign ? (
        <p>
          <Link to={pathFor("surveySettings", lang, { org: org.slug, surveyId: s.id })}>{t("surveys.settings")}</Link>
        </p>
      ) : null}
      <p>
        <Link to={pathFor("surveyPreview", lang, { org: org.slug, surveyId: s.id })}>{t("surveys.preview.link")}</Link>
      </p>
      {s.publishedVersion ? (
        <SurveyLinks
          id="survey-results-links"
          title={t("surveys.sections.results")}
          links={[
            ["surveyResults", "results.link"],
            ["surveyCrosstab", "crosstab.link"],
            ["surveyComments", "comments.link"],
            ["surveyBenchmark", "benchmark.link"],
            ["surveyWeighting", "weighting.link"],
            ["surveyReport", "reports.link"],
            ["surveyShareLinks", "shareLinks.link"],
          ]}
          params={{ org: org.slug, surveyId: s.id }}
        />
      ) : null}
      {s.publishedVersion ? (
        <SurveyLinks
          id="survey-collect-links"
          title={t("surveys.sections.collect")}
          links={[
            ["surveyDistribution", "distribution.link"],
            ["surveyResponses", "responses.link"],
            ...(canDesign ? ([["surveyImport", "import.link"]] as const) : []),
            ["surveyExport", "surveys.export.link"],
          ]}
          params={{ org: org.slug, surveyId: s.id }}
        />
      ) : null}
      {problems.length > 0 ? (
        <Notice kind="warning">
          <p>{t("surveys.problems.intro")}</p>
          <ul>
            {problems.map((p) => (
              <li key={`${p.key}-${p.page ?? ""}`}>
                {t(p.key, { page: String(s.draft.pages.findIndex((pg) => pg.key === p.page) + 1) })}
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {canDesign && translation.length > 0 ? (
        <Notice kind="info">
          <h2>{t("surveys.translation.heading")}</h2>
          <ul>
            {translation.map((w) => (
              <li key={`${w.key}-${w.field}-${w.where}`}>{t(w.key, { field: t(w.field, { where: w.where }) })}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {s.draft.pages.map((page, index) => (
        <SurveyPageEditor
          key={page.key}
          page={page}
          index={index}
          questions={questions}
          editable={editable}
          earlier={s.draft.pages.slice(0, index).flatMap((p) => p.items.map((i) => i.code))}
        />
      ))}
      {editable ? (
        <>
          <h2>{t("surveys.addQuestionHeading")}</h2>
          <p>
            {t("surveys.addQuestionIntro")}{" "}
            <Link to={pathFor("questionBank", lang, { org: org.slug })}>{t("bank.title")}</Link>
          </p>
          <PostForm>
            <input type="hidden" name="op" value="addQuestion" />
            <TextField
              name="questionCode"
              label={t("surveys.questionCode")}
              hint={t("surveys.questionCodeHint")}
              errors={errors}
              values={actionData?.values}
              short
            />
            <SelectField
              name="pageKey"
              label={t("surveys.toPage")}
              errors={errors}
              values={actionData?.values}
              defaultValue={s.draft.pages.at(-1)?.key}
              options={s.draft.pages.map((p, i) => ({
                value: p.key,
                label: t("surveys.pageN", { n: String(i + 1), title: lang === "fr" ? p.titleFr : p.titleEn }),
              }))}
            />
            <div className="actions">
              <SubmitButton variant="secondary">{t("surveys.addQuestion")}</SubmitButton>
            </div>
          </PostForm>
          <h2>{t("surveys.addPageHeading")}</h2>
          <PostForm>
            <input type="hidden" name="op" value="addPage" />
            <div className="side-by-side">
              <TextField name="titleEn" label={t("surveys.pageTitleEn")} errors={errors} />
              <TextField name="titleFr" label={t("surveys.pageTitleFr")} errors={errors} />
            </div>
            <div className="actions">
              <SubmitButton variant="secondary">{t("surveys.addPage")}</SubmitButton>
            </div>
          </PostForm>
          <h2>{t("surveys.publishHeading")}</h2>
          <p>{t(s.status === "draft" ? "surveys.publishIntro" : "surveys.republishIntro")}</p>
          <PostForm>
            <input type="hidden" name="op" value="publish" />
            <div className="actions">
              <SubmitButton>{t(s.status === "draft" ? "surveys.publish" : "surveys.republish")}</SubmitButton>
            </div>
          </PostForm>
          {s.status === "published" ? (
            <PostForm>
              <input type="hidden" name="op" value="close" />
              <h2>{t("surveys.closeHeading")}</h2>
              <p>{t("surveys.closeIntro")}</p>
              <div className="actions">
                <SubmitButton variant="danger">{t("surveys.close")}</SubmitButton>
              </div>
            </PostForm>
          ) : null}
        </>
      ) : null}
    </OrgPage>
  );
}

/** A titled list of the survey's pages of one kind, for people who scan the page by headings or links. */
function SurveyLinks(props: {
  id: string;
  title: string;
  links: readonly (readonly [PageId, string])[];
  params: Record<string, string>;
}) {
  const t = useT();
  const lang = useLang();
  return (
    <nav aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      <ul>
        {props.links.map(([page, key]) => (
          <li key={page}>
            <Link to={pathFor(page, lang, props.params)}>{t(key)}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
