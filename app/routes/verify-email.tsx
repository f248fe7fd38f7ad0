import { redirect } from "react-router";
import { z } from "zod";
import { requestInfoContext, servicesContext } from "#app/context.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { resendVerification, verifyEmail } from "#app/modules/identity/accounts.server.ts";
import { emailField, parseForm } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { ErrorSummary, PostForm, SubmitButton, TextField } from "#app/ui/form.tsx";
import { Breadcrumbs, Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/verify-email";

/**
 * The link in the verification e-mail lands here with ?token=; a good token
 * verifies and sends the person to sign in. Without a token (or with a bad
 * one) the page offers to send a new link.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const lang = langOfPath(url.pathname);
  const token = url.searchParams.get("token");
  if (token) {
    const outcome = await verifyEmail(context.get(servicesContext), token.slice(0, 2000));
    if (outcome.ok) throw redirect(`${pathFor("signIn", lang)}?verified=1`);
    return { state: "failed" as const, key: outcome.key };
  }
  if (url.searchParams.has("resent")) return { state: "resent" as const };
  return { state: url.searchParams.has("sent") ? ("sent" as const) : ("ask" as const) };
}

const schema = z.object({ email: emailField() });

export async function action({ request, context }: Route.ActionArgs) {
  const form = parseForm(schema, await request.formData());
  if (!form.ok) return invalid(form.errors, form.values);
  await resendVerification(context.get(servicesContext), {
    email: form.data.email,
    ip: context.get(requestInfoContext).clientIp,
  });
  throw redirect(`${pathFor("verifyEmail", langOfPath(new URL(request.url).pathname))}?resent=1`);
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "verifyEmail.title");

export default function VerifyEmail({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const errors = actionData?.errors;
  return (
    <>
      <Breadcrumbs items={[{ label: t("verifyEmail.title") }]} />
      <h1>{t("verifyEmail.title")}</h1>
      {loaderData.state === "sent" ? (
        <Notice kind="success">
          <p>{t("verifyEmail.sent")}</p>
        </Notice>
      ) : null}
      {loaderData.state === "resent" ? (
        <Notice kind="success">
          <p>{t("verifyEmail.resent")}</p>
        </Notice>
      ) : null}
      {loaderData.state === "failed" ? (
        <Notice kind="warning">
          <p>{t(loaderData.key)}</p>
        </Notice>
      ) : null}
      <h2>{t("verifyEmail.resendTitle")}</h2>
      <ErrorSummary errors={errors} />
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
          <SubmitButton variant="secondary">{t("verifyEmail.resend")}</SubmitButton>
        </div>
      </PostForm>
    </>
  );
}
