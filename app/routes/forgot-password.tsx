import { redirect } from "react-router";
import { z } from "zod";
import { requestInfoContext, servicesContext } from "#app/context.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { requestPasswordReset } from "#app/modules/identity/accounts.server.ts";
import { emailField, parseForm } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { ErrorSummary, PostForm, SubmitButton, TextField } from "#app/ui/form.tsx";
import { Breadcrumbs, Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/forgot-password";

const schema = z.object({ email: emailField() });

export function loader({ request }: Route.LoaderArgs) {
  return { sent: new URL(request.url).searchParams.has("sent") };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = parseForm(schema, await request.formData());
  if (!form.ok) return invalid(form.errors, form.values);
  await requestPasswordReset(context.get(servicesContext), {
    email: form.data.email,
    ip: context.get(requestInfoContext).clientIp,
    headers: request.headers,
  });
  throw redirect(`${pathFor("forgotPassword", langOfPath(new URL(request.url).pathname))}?sent=1`);
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "forgotPassword.title");

export default function ForgotPassword({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const errors = actionData?.errors;
  return (
    <>
      <Breadcrumbs
        items={[{ label: t("signIn.title"), to: pathFor("signIn", lang) }, { label: t("forgotPassword.title") }]}
      />
      <h1>{t("forgotPassword.title")}</h1>
      {loaderData.sent ? (
        <Notice kind="success">
          <p>{t("forgotPassword.sent")}</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} />
      <p>{t("forgotPassword.intro")}</p>
      <PostForm>
        <TextField
          name="email"
          type="email"
          label={t("fields.email")}
          autoComplete="email"
          errors={errors}
          values={actionData?.values}
        />
        <div className="actions">
          <SubmitButton>{t("forgotPassword.submit")}</SubmitButton>
        </div>
      </PostForm>
    </>
  );
}
