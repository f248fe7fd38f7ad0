import { type Errors, SelectField, TextField, type Values } from "./form.tsx";
import { useT } from "./use-root.ts";

/** A new password and its confirmation (sign-up, password reset). */
export function NewPasswordFields({ errors, label }: { errors: Errors; label: string }) {
  const t = useT();
  return (
    <>
      <TextField
        name="password"
        type="password"
        label={label}
        hint={t("signUp.passwordHint")}
        autoComplete="new-password"
        errors={errors}
      />
      <TextField
        name="confirmPassword"
        type="password"
        label={t("fields.confirmPassword")}
        autoComplete="new-password"
        errors={errors}
      />
    </>
  );
}

/** The account's current password, to confirm a sensitive change. */
export function CurrentPasswordField({ errors }: { errors: Errors }) {
  const t = useT();
  return (
    <TextField
      name="password"
      type="password"
      label={t("fields.password")}
      autoComplete="current-password"
      errors={errors}
    />
  );
}

/** The 6-digit code of an authenticator app. */
export function OneTimeCodeField({ errors }: { errors: Errors }) {
  const t = useT();
  return (
    <TextField
      name="code"
      label={t("fields.code")}
      hint={t("twoFactor.codeHint")}
      autoComplete="one-time-code"
      inputMode="numeric"
      short
      errors={errors}
    />
  );
}

/** English or French, for the language of e-mails. */
export function LanguageSelect({
  name,
  label,
  hint,
  errors,
  values,
  defaultValue,
}: {
  name: string;
  label: string;
  hint?: string;
  errors: Errors;
  values: Values;
  defaultValue: string;
}) {
  return (
    <SelectField
      name={name}
      label={label}
      hint={hint}
      errors={errors}
      values={values}
      defaultValue={defaultValue}
      options={[
        { value: "en", label: "English" },
        { value: "fr", label: "Français" },
      ]}
    />
  );
}
