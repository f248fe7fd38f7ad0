import { Paragraphs } from "../paragraphs.tsx";
import { useT } from "../use-root.ts";

/** Before the first page: how long the survey is and what happens to the answers. */
export function SurveyIntro({
  pageCount,
  anonymous,
  privacyNotice,
}: {
  pageCount: number;
  anonymous: boolean;
  privacyNotice: string | null;
}) {
  const t = useT();
  return (
    <>
      <p>{t("respondent.start.intro", { count: pageCount })}</p>
      <h2>{t("respondent.start.privacyTitle")}</h2>
      <p>{t(anonymous ? "respondent.start.anonymous" : "respondent.start.confidential")}</p>
      {privacyNotice ? <Paragraphs text={privacyNotice} className="privacy-notice" /> : null}
    </>
  );
}
