import { useT } from "../use-root.ts";

/** After submitting: the same page answers a reload or a second submit, so nothing is sent twice. */
export function ThankYou({ title, message, staff }: { title: string; message: string | null; staff: boolean }) {
  const t = useT();
  return (
    <>
      <div className="panel panel--confirmation">
        <h1>{t("respondent.done.title")}</h1>
        <p>{t("respondent.done.received", { title })}</p>
      </div>
      {message ? <p className="closing-message">{message}</p> : null}
      {staff ? <p>{t("respondent.done.staff")}</p> : <p>{t("respondent.done.close")}</p>}
    </>
  );
}
