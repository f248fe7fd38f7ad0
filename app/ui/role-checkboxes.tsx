import { orgRoles } from "#app/modules/identity/policy.ts";
import { CheckboxGroup, type Errors, type Values } from "./form.tsx";
import { useT } from "./use-root.ts";

export function RoleCheckboxes({
  errors,
  values,
  defaultChecked,
}: {
  errors: Errors;
  values: Values;
  defaultChecked?: string[];
}) {
  const t = useT();
  return (
    <CheckboxGroup
      name="roles"
      label={t("fields.roles")}
      hint={t("members.rolesHint")}
      errors={errors}
      values={values}
      defaultChecked={defaultChecked}
      options={orgRoles.map((r) => ({ value: r, label: `${t(`roles.${r}`)} — ${t(`roleDescriptions.${r}`)}` }))}
    />
  );
}
