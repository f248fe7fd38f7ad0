import { redirect } from "react-router";
import { z } from "zod";
import { servicesContext, sessionUserContext } from "#app/context.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { signUp } from "#app/modules/identity/accounts.server.ts";
import { emailField, newPasswordFields, parseForm, passwordsMatch, requiredText } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { NewPasswordFields } from "#app/ui/auth-fields.tsx";
import { ErrorSummary, PostForm, SubmitButton, TextField } from "#app/ui/form.tsx";
import { Breadcrumbs } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/sign-up";

const schema = z
  .object({ name: requiredText(100), email: emailField(), ...newPasswordFields })
  .refine(passwordsMatch.check, passwordsMatch.params);

export function loader({ request, context }: Route.LoaderArgs) {
  if (context.get(sessionUserContext)) throw redirect(pathFor("home", langOfPath(new URL(request.url).pathname)));
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  const lang = langOfPath(new URL(request.url).pathname);
  const form = parseForm(schema, await request.formData());
  if (!form.ok) return invalid(form.errors, form.values);
  const outcome = await signUp(context.get(servicesContext), { ...form.data, lang });
  if (!outcome.ok) {
    const { password: _p, confirmPassword: _c, ...values } = form.data;
    return invalid({ [outcome.field ?? "form"]: outcome.key }, values);
  }
  throw redirect(`${pathFor("verifyEmail", lang)}?sent=1`);
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "signUp.title");

export default function SignUp({ actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const errors = actionData?.errors;
  const values = actionData?.values;
  return (
    <>
      <Breadcrumbs items={[{ label: t("signUp.title") }]} />
      <h1>{t("signUp.title")}</h1>
      <ErrorSummary errors={errors} fieldOrder={["form", "name", "email", "password", "confirmPassword"]} />
      <p>{t("signUp.intro")}</p>
      <PostForm>
        <TextField name="name" label={t("fields.name")} autoComplete="name" errors={errors} values={values} />
        <TextField
          name="email"
          type="email"
          label={t("fields.email")}
          hint={t("signUp.emailHint")}
          autoComplete="email"
          errors={errors}
          values={values}
        />
        <NewPasswordFields errors={errors} label={t("fields.password")} />
        <div className="actions">
          <SubmitButton>{t("signUp.submit")}</SubmitButton>
        </div>
      </PostForm>
      <p>
        {t("signUp.haveAccount")} <a href={pathFor("signIn", lang)}>{t("signIn.title")}</a>
      </p>
    </>
  );
}
