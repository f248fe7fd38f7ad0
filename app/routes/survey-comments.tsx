import { Link } from "react-router";
import { z } from "zod";
import { servicesContext } from "#app/context.ts";
import { formatDate, formatNumber } from "#app/i18n/i18n.ts";
import { pathFor } from "#app/i18n/paths.ts";
import { orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { findComments, SEARCH_MAX_LENGTH } from "#app/modules/insights/comments.server.ts";
import { parseResultsFilter } from "#app/modules/insights/filters.ts";
import { getSurvey } from "#app/modules/measure/surveys.server.ts";
import { INT32_MAX, parseQuery } from "#app/modules/platform/forms.ts";
import { responseChannels } from "#app/modules/responses/statuses.ts";
import { type Errors, ErrorSummary, SelectField, SubmitButton, TextField } from "#app/ui/form.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/survey-comments";
import "#app/ui/comments.css";

const blank = (v: unknown) => (v === "" ? undefined : v);
const ownQuery = z.object({
  search: z.preprocess(blank, z.string().trim().max(SEARCH_MAX_LENGTH, "comments.errors.search").optional()),
  question: z.preprocess(blank, z.string().max(64, "comments.errors.question").optional()),
  page: z.preprocess(
    blank,
    z.coerce
      .number("comments.errors.page")
      .int("comments.errors.page")
      .min(1, "comments.errors.page")
      .max(INT32_MAX, "comments.errors.page")
      .optional(),
  ),
});

const FIELDS = ["search", "question", "channel", "lang", "version", "from", "to", "q", "a", "page"] as const;

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "results.view");
  const { keyring } = args.context.get(servicesContext);
  const params = new URL(args.request.url).searchParams;
  const own = parseQuery(ownQuery, params);
  const filter = parseResultsFilter(
    new URLSearchParams([...params].filter(([k]) => !["search", "question", "page"].includes(k))),
  );
  // Something that makes no sense is shown as an error above the unfiltered comments, as on the responses page.
  const errors: Record<string, string> = {
    ...(own.ok ? {} : own.errors),
    ...(filter.ok ? {} : Object.fromEntries(Object.entries(filter.errors).map(([k, v]) => [k, filterError(v)]))),
  };
  const ownData = own.ok ? own.data : {};
  const [frame, s] = await Promise.all([
    getOrganizationFrame(ctx),
    orRespond(() => getSurvey(ctx, args.params.surveyId)),
  ]);
  const query = { search: ownData.search, filter: filter.ok ? filter.filter : {}, page: ownData.page ?? 1 };
  let result = await orRespond(() => findComments(ctx, keyring, s.id, { ...query, question: ownData.question }));
  if (ownData.question && !result.questions.some((q) => q.code === ownData.question)) {
    // Not one of this survey's open questions: said above the comments of every question.
    errors.question = "comments.errors.question";
    result = await findComments(ctx, keyring, s.id, query);
  }
  const values = Object.fromEntries(
    FIELDS.flatMap((k) => (k !== "page" && params.get(k) ? [[k, params.get(k) as string]] : [])),
  );
  return {
    ...frame,
    survey: { id: s.id, titleEn: s.titleEn, titleFr: s.titleFr, publishedVersion: s.publishedVersion },
    ...result,
    values,
    errors: Object.keys(errors).length > 0 ? (errors as Errors) : undefined,
  };
}

/** The results filters' messages, in this page's catalogue. */
const filterError = (key: string) => `comments.errors.${key.split(".").pop() ?? "invalid"}`;

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "comments.title");

export default function SurveyComments({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { org, survey: s, questions, comments, total, page, pages, values, errors } = loaderData;
  const here = pathFor("surveyComments", lang, { org: org.slug, surveyId: s.id });
  const pageLink = (n: number) => `${here}?${new URLSearchParams({ ...values, page: String(n) })}`;
  const questionText = (code: string) => {
    const q = questions.find((item) => item.code === code);
    return q ? (lang === "fr" ? q.textFr : q.textEn) : code;
  };
  const searched = Object.keys(values).length > 0;
  return (
    <OrgPage
      frame={loaderData}
      title={t("comments.title")}
      crumbs={[
        { label: t("surveys.title"), to: pathFor("surveys", lang, { org: org.slug }) },
        {
          label: lang === "fr" ? s.titleFr : s.titleEn,
          to: pathFor("survey", lang, { org: org.slug, surveyId: s.id }),
        },
      ]}
    >
      <ErrorSummary errors={errors} fieldOrder={[...FIELDS]} labels={fieldLabels(t)} />
      <Notice>
        <p>{t("comments.privacy")}</p>
      </Notice>
      {questions.length === 0 ? (
        <p>{t("comments.noQuestion")}</p>
      ) : (
        <>
          <CommentFilters errors={errors} values={values} questions={questions} />
          <h2 id="comments-heading">{t("comments.found", { n: formatNumber(lang, total) })}</h2>
          {comments.length === 0 ? (
            <p>{t(searched ? "comments.noMatch" : "comments.empty")}</p>
          ) : (
            <ol className="comment-list" aria-labelledby="comments-heading">
              {comments.map((c) => (
                <li key={`${c.responseId}-${c.code}`} className="comment">
                  <blockquote lang={c.lang}>
                    <p>{c.text}</p>
                  </blockquote>
                  <p className="comment__meta">
                    <span>{questionText(c.code)}</span> · <span>{t(`comments.langs.${c.lang}`)}</span> ·{" "}
                    <time dateTime={new Date(c.submittedAt).toISOString()}>{formatDate(lang, c.submittedAt)}</time>
                  </p>
                </li>
              ))}
            </ol>
          )}
          {pages > 1 ? (
            <nav aria-label={t("comments.pagination")} className="actions">
              {page > 1 ? <Link to={pageLink(page - 1)}>{t("comments.newer")}</Link> : null}
              <span>{t("comments.pageOf", { page: formatNumber(lang, page), pages: formatNumber(lang, pages) })}</span>
              {page < pages ? <Link to={pageLink(page + 1)}>{t("comments.older")}</Link> : null}
            </nav>
          ) : null}
        </>
      )}
    </OrgPage>
  );
}

function fieldLabels(t: ReturnType<typeof useT>): Record<string, string> {
  return Object.fromEntries(FIELDS.map((f) => [f, t(`comments.fields.${f}`)]));
}

function CommentFilters({
  errors,
  values,
  questions,
}: {
  errors: Errors;
  values: Record<string, string>;
  questions: { code: string; textEn: string; textFr: string }[];
}) {
  const t = useT();
  const lang = useLang();
  return (
    <form method="get" className="filters" role="search" aria-labelledby="comment-search-title">
      <h2 id="comment-search-title">{t("comments.searchTitle")}</h2>
      <TextField
        type="search"
        name="search"
        label={t("comments.fields.search")}
        hint={t("comments.searchHint")}
        errors={errors}
        values={values}
      />
      <div className="side-by-side">
        <SelectField
          name="question"
          label={t("comments.fields.question")}
          errors={errors}
          values={values}
          options={[
            { value: "", label: t("comments.anyQuestion") },
            ...questions.map((q) => ({ value: q.code, label: lang === "fr" ? q.textFr : q.textEn })),
          ]}
        />
        <SelectField
          name="channel"
          label={t("comments.fields.channel")}
          errors={errors}
          values={values}
          options={[
            { value: "", label: t("comments.anyChannel") },
            ...responseChannels.map((v) => ({ value: v, label: t(`responses.channels.${v}`) })),
          ]}
        />
        <SelectField
          name="lang"
          label={t("comments.fields.lang")}
          errors={errors}
          values={values}
          options={[
            { value: "", label: t("comments.anyLang") },
            { value: "en", label: t("comments.langs.en") },
            { value: "fr", label: t("comments.langs.fr") },
          ]}
        />
      </div>
      <div className="side-by-side">
        <TextField
          name="from"
          label={t("comments.fields.from")}
          hint={t("comments.monthHint")}
          errors={errors}
          values={values}
          short
        />
        <TextField
          name="to"
          label={t("comments.fields.to")}
          hint={t("comments.monthHint")}
          errors={errors}
          values={values}
          short
        />
      </div>
      {/* A filter on an answer, when the dashboard linked here with one, is kept. */}
      {values.q ? <input type="hidden" name="q" value={values.q} /> : null}
      {values.a ? <input type="hidden" name="a" value={values.a} /> : null}
      {values.version ? <input type="hidden" name="version" value={values.version} /> : null}
      <div className="actions">
        <SubmitButton variant="secondary">{t("comments.apply")}</SubmitButton>
      </div>
    </form>
  );
}
