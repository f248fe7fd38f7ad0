import type { ReactNode } from "react";
import { useMatches } from "react-router";
import { useOtherLanguageHref } from "../layout.tsx";
import { useLang, useT } from "../use-root.ts";

/** The id of the respondent's answer form, which the language switch submits to keep answers. */
export const ANSWER_FORM_ID = "answers";

/**
 * The frame of respondents' pages: nothing but the survey. While a page of
 * questions is open, the language switch is a button of its form, so
 * switching saves what was typed; elsewhere it is a link.
 */
export function RespondentLayout({ children }: { children: ReactNode }) {
  const t = useT();
  const lang = useLang();
  const other = lang === "en" ? "fr" : "en";
  const otherHref = useOtherLanguageHref(lang);
  const leaf = useMatches().at(-1);
  const leafData = leaf?.loaderData as { answerForm?: boolean; organization?: string } | undefined;
  const hasForm = Boolean(leafData?.answerForm);
  // Respondents are asked by an organization, not by the software: name it on every page.
  const organization = leafData?.organization;
  return (
    <>
      {hasForm ? (
        // Enter in a text box presses a form's first submit button in document
        // order; this hidden one comes before the language switch, so Enter
        // means "Continue", never "switch language".
        <button type="submit" form={ANSWER_FORM_ID} name="intent" value="next" hidden tabIndex={-1} />
      ) : null}
      <header className="site-header site-header--respondent">
        <a className="skip-link" href="#main">
          {t("layout.skipToContent")}
        </a>
        <div className="container site-header__top">
          <span className="brand">{organization ?? "Outside-In"}</span>
          {hasForm ? (
            <button
              type="submit"
              form={ANSWER_FORM_ID}
              name="intent"
              value="switch"
              className="lang-toggle link-button"
              lang={other}
            >
              {t("layout.otherLanguage")}
            </button>
          ) : (
            <a className="lang-toggle" href={otherHref} lang={other} hrefLang={other}>
              {t("layout.otherLanguage")}
            </a>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <div className="container container--narrow">{children}</div>
      </main>
      <footer className="site-footer site-footer--respondent">
        <div className="container">
          <p>{t("respondent.footer")}</p>
        </div>
      </footer>
    </>
  );
}
