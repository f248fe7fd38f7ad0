import "../crosstab.css";
import { responseChannels } from "#app/modules/responses/statuses.ts";
import { type Errors, SelectField, SubmitButton, TextField, type Values } from "../form.tsx";
import { useT } from "../use-root.ts";

type Option = { value: string; label: string };

export interface BuilderFormProps {
  errors: Errors;
  values: Values;
  rowOptions: Option[];
  columnOptions: Option[];
  groupOptions: Option[];
  canCompare: boolean;
  /** The row variable the group choices belong to. */
  rows: string;
  versions: string[];
  questions: { value: string; label: string; answers: Option[] }[];
}

/** The builder as one GET form: table, comparison and filters, so it works without JavaScript. */
export function BuilderForm(props: BuilderFormProps) {
  const t = useT();
  const { errors, values } = props;
  const none = { value: "", label: t("crosstab.form.none") };
  return (
    <form method="get" className="filters crosstab-form">
      <fieldset>
        <legend>{t("crosstab.form.table")}</legend>
        <div className="side-by-side">
          <SelectField
            name="rows"
            label={t("crosstab.form.rows")}
            errors={errors}
            values={values}
            options={props.rowOptions}
          />
          <SelectField
            name="columns"
            label={t("crosstab.form.columns")}
            errors={errors}
            values={values}
            options={props.columnOptions}
          />
        </div>
      </fieldset>
      {props.canCompare ? (
        <fieldset>
          <legend>{t("crosstab.form.compare")}</legend>
          <p className="hint">{t("crosstab.form.compareHint")}</p>
          <input type="hidden" name="of" value={props.rows} />
          <div className="side-by-side">
            <SelectField
              name="first"
              label={t("crosstab.form.first")}
              errors={errors}
              values={values}
              options={[none, ...props.groupOptions]}
            />
            <SelectField
              name="second"
              label={t("crosstab.form.second")}
              errors={errors}
              values={values}
              options={[none, ...props.groupOptions]}
            />
          </div>
        </fieldset>
      ) : null}
      <fieldset>
        <legend>{t("crosstab.form.filters")}</legend>
        <div className="side-by-side">
          <SelectField
            name="channel"
            label={t("crosstab.variables.channel")}
            errors={errors}
            values={values}
            options={[
              { value: "", label: t("crosstab.form.any") },
              ...responseChannels.map((c) => ({ value: c, label: t(`responses.channels.${c}`) })),
            ]}
          />
          <SelectField
            name="lang"
            label={t("crosstab.variables.lang")}
            errors={errors}
            values={values}
            options={[
              { value: "", label: t("crosstab.form.any") },
              ...(["en", "fr"] as const).map((l) => ({ value: l, label: t(`responses.langs.${l}`) })),
            ]}
          />
          <SelectField
            name="version"
            label={t("crosstab.variables.version")}
            errors={errors}
            values={values}
            options={[
              { value: "", label: t("crosstab.form.any") },
              ...props.versions.map((v) => ({ value: v, label: t("crosstab.versionValue", { version: v }) })),
            ]}
          />
        </div>
        <div className="side-by-side">
          <TextField
            name="from"
            label={t("crosstab.form.from")}
            hint={t("crosstab.form.monthHint")}
            errors={errors}
            values={values}
            short
          />
          <TextField
            name="to"
            label={t("crosstab.form.to")}
            hint={t("crosstab.form.monthHint")}
            errors={errors}
            values={values}
            short
          />
        </div>
        <div className="side-by-side">
          <SelectField
            name="q"
            label={t("crosstab.form.question")}
            errors={errors}
            values={values}
            options={[
              { value: "", label: t("crosstab.form.anyQuestion") },
              ...props.questions.map(({ value, label }) => ({ value, label })),
            ]}
          />
          <AnswerField errors={errors} values={values} questions={props.questions} />
        </div>
      </fieldset>
      <div className="actions">
        <SubmitButton>{t("crosstab.form.submit")}</SubmitButton>
      </div>
    </form>
  );
}

/** The answers of every filterable question, grouped by question (no script links the two lists). */
function AnswerField({ errors, values, questions }: Pick<BuilderFormProps, "errors" | "values" | "questions">) {
  const t = useT();
  const error = errors?.a;
  const value = typeof values?.a === "string" ? values.a : "";
  return (
    <div className={error ? "field field--error" : "field"}>
      <label htmlFor="a">{t("crosstab.form.answer")}</label>
      {error ? (
        <span className="error-message" id="a-error">
          <span className="visually-hidden">{t("forms.errorPrefix")} </span>
          {t(error)}
        </span>
      ) : null}
      <select
        id="a"
        name="a"
        defaultValue={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "a-error" : undefined}
      >
        <option value="">{t("crosstab.form.anyAnswer")}</option>
        {questions.map((q) => (
          <optgroup key={q.value} label={q.label}>
            {q.answers.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
