import { formatNumber } from "#app/i18n/i18n.ts";
import { CheckboxGroup, type Errors, PostForm, SubmitButton } from "./form.tsx";
import { useLang, useT } from "./use-root.ts";

/** Deleting a survey's unsubmitted responses, for designers and admins, confirmed by a tick. */
export function DeletePartials({ deletable, recent, errors }: { deletable: number; recent: number; errors: Errors }) {
  const t = useT();
  const lang = useLang();
  if (deletable === 0 && recent === 0) return null;
  const count = formatNumber(lang, deletable);
  return (
    <section aria-labelledby="delete-partials">
      <h2 id="delete-partials">{t("responses.deletePartials.heading")}</h2>
      <p>
        {deletable > 0 ? t("responses.deletePartials.intro", { n: count }) : t("responses.deletePartials.none")}
        {recent > 0 ? ` ${t("responses.deletePartials.recent", { n: formatNumber(lang, recent) })}` : ""}
      </p>
      {deletable > 0 ? (
        <PostForm>
          <input type="hidden" name="intent" value="deletePartials" />
          <CheckboxGroup
            name="confirm"
            label={t("responses.confirmLegend")}
            errors={errors}
            options={[{ value: "yes", label: t("responses.deletePartials.confirm", { n: count }) }]}
          />
          <div className="actions">
            <SubmitButton variant="danger">{t("responses.deletePartials.button")}</SubmitButton>
          </div>
        </PostForm>
      ) : null}
    </section>
  );
}
