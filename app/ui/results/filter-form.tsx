import { Link } from "react-router";
import type { FilterQuestion } from "#app/modules/insights/dashboard-view.ts";
import { responseChannels } from "#app/modules/responses/statuses.ts";
import { type Errors, SelectField, SubmitButton, TextField, type Values } from "#app/ui/form.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import { textOf } from "./format.ts";

export const filterFields = ["channel", "lang", "version", "from", "to", "q", "a", "weighted"] as const;

/**
 * The results filters as a GET form, so they work without JavaScript and a
 * filtered view can be bookmarked. A question's answers are listed once the
 * question is chosen and the form applied: a plain form cannot change one list
 * from another.
 */
export function ResultsFilterForm({
  questions,
  versions,
  weighting,
  values,
  errors,
  clearHref,
}: {
  questions: FilterQuestion[];
  versions: number[];
  weighting: boolean;
  values: Values;
  errors: Errors;
  clearHref: string;
}) {
  const t = useT();
  const lang = useLang();
  const chosen = questions.find((q) => q.code === values?.q);
  const scaleAnswers = ["5", "4", "3", "2", "1", "na"].map((v) => ({
    value: v,
    label: t(`results.filters.scale.${v}`),
  }));
  return (
    <form method="get" className="filters results-filters">
      <h2>{t("results.filters.title")}</h2>
      <div className="side-by-side">
        <SelectField
          name="channel"
          label={t("results.filters.channel")}
          errors={errors}
          values={values}
          options={[
            { value: "", label: t("responses.anyChannel") },
            ...responseChannels.map((v) => ({ value: v, label: t(`responses.channels.${v}`) })),
          ]}
        />
        <SelectField
          name="lang"
          label={t("results.filters.lang")}
          errors={errors}
          values={values}
          options={[
            { value: "", label: t("results.filters.anyLang") },
            { value: "en", label: t("responses.langs.en") },
            { value: "fr", label: t("responses.langs.fr") },
          ]}
        />
        <SelectField
          name="version"
          label={t("results.filters.version")}
          errors={errors}
          values={values}
          options={[
            { value: "", label: t("results.filters.anyVersion") },
            ...versions.map((v) => ({ value: String(v), label: t("surveys.versionN", { n: String(v) }) })),
          ]}
        />
      </div>
      <div className="side-by-side">
        <TextField
          name="from"
          label={t("results.filters.from")}
          hint={t("results.filters.monthHint")}
          errors={errors}
          values={values}
          short
        />
        <TextField
          name="to"
          label={t("results.filters.to")}
          hint={t("results.filters.monthHint")}
          errors={errors}
          values={values}
          short
        />
      </div>
      <div className="side-by-side">
        <SelectField
          name="q"
          label={t("results.filters.question")}
          hint={t("results.filters.questionHint")}
          errors={errors}
          values={values}
          options={[
            { value: "", label: t("results.filters.anyQuestion") },
            ...questions.map((q) => ({ value: q.code, label: `${textOf(lang, q)} (${q.code})` })),
          ]}
        />
        {chosen ? (
          <SelectField
            name="a"
            label={t("results.filters.answer")}
            errors={errors}
            values={values}
            options={[
              { value: "", label: t("results.filters.chooseAnswer") },
              ...(chosen.scale
                ? scaleAnswers
                : (chosen.options ?? []).map((o) => ({ value: o.code, label: lang === "fr" ? o.fr : o.en }))),
            ]}
          />
        ) : null}
      </div>
      {weighting ? (
        <SelectField
          name="weighted"
          label={t("results.filters.weighting")}
          errors={errors}
          values={values}
          options={[
            { value: "", label: t("results.filters.weightedDefault") },
            { value: "0", label: t("results.filters.unweighted") },
          ]}
        />
      ) : null}
      <div className="actions">
        <SubmitButton variant="secondary">{t("results.filters.apply")}</SubmitButton>
        <Link to={clearHref}>{t("results.filters.clear")}</Link>
      </div>
    </form>
  );
}
