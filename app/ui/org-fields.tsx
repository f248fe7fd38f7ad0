import { ordersOfGovernment } from "#app/modules/identity/org-input.ts";
import { type Errors, SelectField, TextField, type Values } from "./form.tsx";
import { useT } from "./use-root.ts";

/** The organization fields shared by the settings and create forms. */
export function OrganizationFields({
  errors,
  values,
  defaults,
}: {
  errors: Errors;
  values: Values;
  defaults?: { nameEn: string; nameFr: string; orderOfGovernment: string; jurisdiction: string };
}) {
  const t = useT();
  return (
    <>
      <TextField
        name="nameEn"
        label={t("fields.nameEn")}
        errors={errors}
        values={values}
        defaultValue={defaults?.nameEn}
      />
      <TextField
        name="nameFr"
        label={t("fields.nameFr")}
        errors={errors}
        values={values}
        defaultValue={defaults?.nameFr}
      />
      <SelectField
        name="orderOfGovernment"
        label={t("fields.orderOfGovernment")}
        errors={errors}
        values={values}
        defaultValue={defaults?.orderOfGovernment}
        options={ordersOfGovernment.map((o) => ({ value: o, label: t(`orders.${o}`) }))}
      />
      <TextField
        name="jurisdiction"
        label={t("fields.jurisdiction")}
        hint={t("orgSettings.jurisdictionHint")}
        errors={errors}
        values={values}
        defaultValue={defaults?.jurisdiction}
        short
      />
    </>
  );
}
