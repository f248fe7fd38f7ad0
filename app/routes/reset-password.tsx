import { redirect } from "react-router";
import { z } from "zod";
import { requestInfoContext, servicesContext } from "#app/context.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { resetPassword } from "#app/modules/identity/accounts.server.ts";
import { newPasswordFields, parseForm, passwordsMatch } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { NewPasswordFields } from "#app/ui/auth-fields.tsx";
import { ErrorSummary, PostForm, SubmitButton } from "#app/ui/form.tsx";
import { Breadcrumbs, Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/reset-password";

const schema = z
  .object({
    token: z.string({ error: "tokens.invalid" }).min(1, "tokens.invalid").max(2000, "tokens.invalid"),
    ...newPasswordFields,
  })
  .refine(passwordsMatch.check, passwordsMatch.params);

export function loader({ request }: Route.LoaderArgs) {
  return { token: new URL(request.url).searchParams.get("token")?.slice(0, 2000) ?? "" };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = parseForm(schema, await request.formData());
  if (!form.ok) return invalid(form.errors.token ? { form: form.errors.token } : form.errors);
  const outcome = await resetPassword(context.get(servicesContext), {
    token: form.data.token,
    password: form.data.password,
    ip: context.get(requestInfoContext).clientIp,
    headers: request.headers,
  });
  if (!outcome.ok) return invalid({ [outcome.field ?? "form"]: outcome.key });
  throw redirect(`${pathFor("signIn", langOfPath(new URL(request.url).pathname))}?reset=1`);
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "resetPassword.title");

export default function ResetPassword({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const errors = actionData?.errors;
  if (!loaderData.token) {
    return (
      <>
        <h1>{t("resetPassword.title")}</h1>
        <Notice kind="warning">
          <p>{t("tokens.invalid")}</p>
        </Notice>
        <p>
          <a href={pathFor("forgotPassword", lang)}>{t("forgotPassword.title")}</a>
        </p>
      </>
    );
  }
  return (
    <>
      <Breadcrumbs
        items={[{ label: t("signIn.title"), to: pathFor("signIn", lang) }, { label: t("resetPassword.title") }]}
      />
      <h1>{t("resetPassword.title")}</h1>
      <ErrorSummary errors={errors} fieldOrder={["form", "password", "confirmPassword"]} />
      <PostForm>
        <input type="hidden" name="token" value={loaderData.token} />
        <NewPasswordFields errors={errors} label={t("fields.newPassword")} />
        <div className="actions">
          <SubmitButton>{t("resetPassword.submit")}</SubmitButton>
        </div>
      </PostForm>
    </>
  );
}
