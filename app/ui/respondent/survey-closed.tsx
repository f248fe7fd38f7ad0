import { useLang, useT } from "../use-root.ts";

/** What a respondent sees when a survey is closed or not open yet. */
export function SurveyClosed({
  title,
  availability,
  opensAt,
  message,
  kept = false,
}: {
  title: string;
  availability: "notYetOpen" | "closed";
  opensAt: string | null;
  message: string | null;
  kept?: boolean;
}) {
  const t = useT();
  const lang = useLang();
  const opens = opensAt
    ? new Intl.DateTimeFormat(lang === "fr" ? "fr-CA" : "en-CA", { dateStyle: "long", timeZone: "UTC" }).format(
        new Date(opensAt),
      )
    : "";
  return (
    <>
      <h1>{title}</h1>
      <div className="notice notice--warning">
        <h2>{t(availability === "closed" ? "respondent.closed.title" : "respondent.notYetOpen.title")}</h2>
        <p>
          {availability === "closed" ? t("respondent.closed.body") : t("respondent.notYetOpen.body", { date: opens })}
        </p>
        {kept ? <p>{t("respondent.closed.kept")}</p> : null}
      </div>
      {availability === "closed" && message ? <p>{message}</p> : null}
    </>
  );
}
