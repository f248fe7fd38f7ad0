import { channels, dimensions, drivers, elements, questionTypes, scales } from "#app/modules/measure/cmt-bank.ts";
import { CheckboxGroup, type Errors, SelectField, TextArea, TextField, type Values } from "./form.tsx";
import { useT } from "./use-root.ts";

export interface QuestionDefaults {
  type: string;
  scale: string | null;
  options: { en: string; fr: string }[] | null;
  min: number | null;
  max: number | null;
  textEn: string;
  textFr: string;
  helpEn: string | null;
  helpFr: string | null;
  channels: string[];
  dimension: string | null;
  driver: string | null;
  element: string;
  variant: string;
  module: string;
}

/**
 * The fields of a bank question, English and French side by side. The type is
 * chosen once, at creation: results of a question keep their meaning.
 */
export function QuestionFields({
  errors,
  values,
  defaults,
  typeLocked,
}: {
  errors: Errors;
  values: Values;
  defaults?: QuestionDefaults;
  typeLocked?: boolean;
}) {
  const t = useT();
  const pick = (prefix: string, list: readonly string[], none?: boolean) => [
    ...(none ? [{ value: "", label: t("bank.none") }] : []),
    ...list.map((v) => ({ value: v, label: t(`${prefix}.${v}`, { defaultValue: v }) })),
  ];
  return (
    <>
      <div className="side-by-side">
        <TextArea
          name="textEn"
          label={t("bank.textEn")}
          errors={errors}
          values={values}
          defaultValue={defaults?.textEn}
          lang="en"
        />
        <TextArea
          name="textFr"
          label={t("bank.textFr")}
          errors={errors}
          values={values}
          defaultValue={defaults?.textFr}
          lang="fr"
        />
      </div>
      <div className="side-by-side">
        <TextArea
          name="helpEn"
          label={t("bank.helpEn")}
          errors={errors}
          values={values}
          defaultValue={defaults?.helpEn ?? ""}
          lang="en"
        />
        <TextArea
          name="helpFr"
          label={t("bank.helpFr")}
          errors={errors}
          values={values}
          defaultValue={defaults?.helpFr ?? ""}
          lang="fr"
        />
      </div>
      {typeLocked ? (
        <input type="hidden" name="type" value={defaults?.type} />
      ) : (
        <SelectField
          name="type"
          label={t("bank.type")}
          errors={errors}
          values={values}
          defaultValue={defaults?.type ?? "scale5"}
          options={pick("bank.types", questionTypes)}
        />
      )}
      <SelectField
        name="scale"
        label={t("bank.scale")}
        hint={t("bank.scaleHint")}
        errors={errors}
        values={values}
        defaultValue={defaults?.scale ?? "satisfaction"}
        options={pick("bank.scales", Object.keys(scales), true)}
      />
      <div className="side-by-side">
        <TextArea
          name="optionsEn"
          label={t("bank.optionsEn")}
          hint={t("bank.optionsHint")}
          errors={errors}
          values={values}
          defaultValue={defaults?.options?.map((o) => o.en).join("\n") ?? ""}
          lang="en"
        />
        <TextArea
          name="optionsFr"
          label={t("bank.optionsFr")}
          hint={t("bank.optionsHint")}
          errors={errors}
          values={values}
          defaultValue={defaults?.options?.map((o) => o.fr).join("\n") ?? ""}
          lang="fr"
        />
      </div>
      <div className="side-by-side">
        <TextField
          name="min"
          label={t("bank.min")}
          hint={t("bank.rangeHint")}
          inputMode="numeric"
          short
          errors={errors}
          values={values}
          defaultValue={defaults?.min?.toString() ?? ""}
        />
        <TextField
          name="max"
          label={t("bank.max")}
          hint={t("bank.rangeHint")}
          inputMode="numeric"
          short
          errors={errors}
          values={values}
          defaultValue={defaults?.max?.toString() ?? ""}
        />
      </div>
      <CheckboxGroup
        name="channels"
        label={t("bank.channelsLabel")}
        hint={t("members.rolesHint")}
        errors={errors}
        values={values}
        defaultChecked={defaults?.channels ?? [...channels]}
        options={pick("bank.channels", channels)}
      />
      <SelectField
        name="dimension"
        label={t("bank.dimension")}
        errors={errors}
        values={values}
        defaultValue={defaults?.dimension ?? ""}
        options={pick("bank.dimensions", dimensions, true)}
      />
      <SelectField
        name="driver"
        label={t("bank.driver")}
        errors={errors}
        values={values}
        defaultValue={defaults?.driver ?? ""}
        options={pick("bank.drivers", drivers, true)}
      />
      <SelectField
        name="element"
        label={t("bank.element")}
        errors={errors}
        values={values}
        defaultValue={defaults?.element ?? "perception"}
        options={pick("bank.elements", elements)}
      />
      <SelectField
        name="variant"
        label={t("bank.variant")}
        errors={errors}
        values={values}
        defaultValue={defaults?.variant ?? "both"}
        options={pick("bank.variants", ["both", "citizen", "business"])}
      />
      <TextField
        name="module"
        label={t("bank.module")}
        hint={t("bank.moduleHint")}
        errors={errors}
        values={values}
        defaultValue={defaults?.module ?? "custom"}
        short
      />
    </>
  );
}
