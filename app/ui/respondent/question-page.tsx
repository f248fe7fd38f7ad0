import type { Lang } from "#app/i18n/paths.ts";
import type { FrozenQuestion, SurveyGrid } from "#app/modules/measure/definition.ts";
import { PostForm } from "../form.tsx";
import { useLang, useT } from "../use-root.ts";
import { QuestionList } from "./question-list.tsx";

export interface QuestionPageData {
  formId: string;
  title: string;
  pageKey: string;
  pageTitle: string;
  number: number;
  total: number;
  isFirst: boolean;
  isLast: boolean;
  items: { key: string; required: boolean; question: FrozenQuestion; value: string[]; grid?: string }[];
  grids?: SurveyGrid[];
  saved: boolean;
  /** Sent back by a final submit that found required answers missing here. */
  incomplete: boolean;
  /** Staff keying in a paper form: nothing is required. */
  staffEntry: boolean;
  resumeCode: string;
  resumeUrl: string;
}

interface PageError {
  code: string;
  key: string;
  params?: Record<string, string>;
}

/** One page of questions: progress, errors, the questions, then Continue / Back / Save for later. */
export function QuestionPage({
  page,
  errors = [],
  values,
}: {
  page: QuestionPageData;
  errors?: PageError[];
  values?: Record<string, string[]>;
}) {
  const t = useT();
  const lang = useLang();
  const errorOf = new Map(errors.map((e) => [e.code, e]));
  return (
    <>
      <p className="survey-name">{page.title}</p>
      <h1>{page.pageTitle}</h1>
      <p className="progress-label" id="progress-label">
        {t("respondent.progress", { n: String(page.number), total: String(page.total) })}
      </p>
      <progress value={page.number} max={page.total} aria-labelledby="progress-label" />
      {page.staffEntry ? (
        <div className="notice">
          <p>{t("respondent.staffEntry")}</p>
        </div>
      ) : null}
      {page.saved ? <SavedPanel code={page.resumeCode} url={page.resumeUrl} /> : null}
      {errors.length > 0 ? <AnswerErrorSummary errors={errors} page={page} lang={lang} /> : null}
      <PostForm id={page.formId}>
        <input type="hidden" name="page" value={page.pageKey} />
        <QuestionList
          items={page.items}
          grids={page.grids}
          lang={lang}
          answerOf={(item) => values?.[item.question.code] ?? item.value ?? []}
          errorOf={(item) => errorOf.get(item.question.code)}
        />
        <div className="button-group">
          <button type="submit" name="intent" value="next" className="button">
            {t(page.isLast ? "respondent.submit" : "respondent.next")}
          </button>
          {page.isFirst ? null : (
            <button type="submit" name="intent" value="back" className="button button--secondary">
              {t("respondent.back")}
            </button>
          )}
        </div>
        <p>
          <button type="submit" name="intent" value="save" className="link-button">
            {t("respondent.saveForLater")}
          </button>
        </p>
      </PostForm>
    </>
  );
}

function AnswerErrorSummary({ errors, page, lang }: { errors: PageError[]; page: QuestionPageData; lang: Lang }) {
  const t = useT();
  const textOf = new Map(
    page.items.map((i) => [i.question.code, lang === "fr" ? i.question.textFr : i.question.textEn]),
  );
  return (
    // eslint-disable-next-line jsx-a11y/no-autofocus -- GOV.UK: focus the summary so the error is heard first.
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} autoFocus>
      <h2 id="error-summary-title">{t("forms.errorSummary")}</h2>
      {page.incomplete ? <p>{t("respondent.incomplete")}</p> : null}
      <ul>
        {errors.map((e) => (
          <li key={e.code}>
            <a href={`#q_${e.code}`}>
              {t("forms.fieldError", { label: textOf.get(e.code) ?? e.code, message: t(e.key, e.params ?? {}) })}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function SavedPanel({ code, url }: { code: string; url: string }) {
  const t = useT();
  return (
    <div className="notice notice--success" role="status">
      <h2>{t("respondent.saved.title")}</h2>
      <p>{t("respondent.saved.code")}</p>
      <p className="resume-code">{code}</p>
      <p>{t("respondent.saved.link")}</p>
      <p className="resume-link">{url}</p>
    </div>
  );
}
