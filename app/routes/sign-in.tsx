import { redirect } from "react-router";
import { z } from "zod";
import { requestInfoContext, servicesContext, sessionUserContext } from "#app/context.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { signIn, startSsoSignIn } from "#app/modules/identity/accounts.server.ts";
import { currentPasswordField, emailField, parseForm } from "#app/modules/platform/forms.ts";
import { invalid, safeNext } from "#app/modules/platform/http.server.ts";
import { CurrentPasswordField } from "#app/ui/auth-fields.tsx";
import { ErrorSummary, PostForm, SubmitButton, TextField } from "#app/ui/form.tsx";
import { Breadcrumbs, Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/sign-in";

const ssoSchema = z.object({ intent: z.literal("sso"), ssoEmail: emailField() });

const schema = z.object({
  email: emailField(),
  password: currentPasswordField(),
  next: z.string().max(500).optional(),
});

export function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const lang = langOfPath(url.pathname);
  const next = safeNext(url.searchParams.get("next"), pathFor("home", lang));
  if (context.get(sessionUserContext)) throw redirect(next);
  return {
    next,
    reset: url.searchParams.has("reset"),
    verified: url.searchParams.has("verified"),
    ssoFailed: url.searchParams.get("sso") === "failed",
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const url = new URL(request.url);
  const lang = langOfPath(url.pathname);
  const body = await request.formData();
  if (body.get("intent") === "sso") return startSso(context, body, url);
  const form = parseForm(schema, body);
  if (!form.ok) return invalid(form.errors, form.values);
  const { email, password, next } = form.data;
  const outcome = await signIn(context.get(servicesContext), {
    email,
    password,
    ip: context.get(requestInfoContext).clientIp,
    headers: request.headers,
  });
  if (!outcome.ok) return invalid({ form: outcome.key }, { email, next: next ?? "" });
  const destination = safeNext(next, pathFor("home", lang));
  if (outcome.twoFactor) {
    throw redirect(`${pathFor("signInTwoFactor", lang)}?next=${encodeURIComponent(destination)}`, {
      headers: outcome.cookies,
    });
  }
  throw redirect(destination, { headers: outcome.cookies });
}

/** "Sign in with my organization": off to the identity provider of the address's domain. */
async function startSso(context: Route.ActionArgs["context"], body: FormData, url: URL) {
  const form = parseForm(ssoSchema, body);
  if (!form.ok) return invalid(form.errors, form.values);
  const lang = langOfPath(url.pathname);
  const next = safeNext(url.searchParams.get("next"), pathFor("home", lang));
  const outcome = await startSsoSignIn(context.get(servicesContext), {
    email: form.data.ssoEmail,
    returnTo: `${url.origin}${next}`,
    failureTo: `${url.origin}${pathFor("signIn", lang)}?sso=failed`,
  });
  if (!outcome.ok) return invalid({ [outcome.field ?? "form"]: outcome.key }, form.values);
  throw redirect(outcome.url, { headers: outcome.cookies });
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "signIn.title");

export default function SignIn({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const errors = actionData?.errors;
  return (
    <>
      <Breadcrumbs items={[{ label: t("signIn.title") }]} />
      <h1>{t("signIn.title")}</h1>
      {loaderData.reset ? (
        <Notice kind="success">
          <p>{t("resetPassword.done")}</p>
        </Notice>
      ) : null}
      {loaderData.verified ? (
        <Notice kind="success">
          <p>{t("verifyEmail.done")}</p>
        </Notice>
      ) : null}
      {loaderData.ssoFailed ? (
        <Notice kind="warning">
          <p>{t("sso.signInFailed")}</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} fieldOrder={["form", "email", "password", "ssoEmail"]} />
      <PostForm>
        <input type="hidden" name="next" value={loaderData.next} />
        <TextField
          name="email"
          type="email"
          label={t("fields.email")}
          autoComplete="username"
          errors={errors}
          values={actionData?.values}
        />
        <CurrentPasswordField errors={errors} />
        <div className="actions">
          <SubmitButton>{t("signIn.submit")}</SubmitButton>
          <a href={pathFor("forgotPassword", lang)}>{t("forgotPassword.title")}</a>
        </div>
      </PostForm>
      <h2>{t("sso.signInHeading")}</h2>
      <p>{t("sso.signInIntro")}</p>
      <PostForm>
        <input type="hidden" name="intent" value="sso" />
        <TextField
          name="ssoEmail"
          type="email"
          label={t("sso.workEmail")}
          autoComplete="email"
          errors={errors}
          values={actionData?.values}
        />
        <div className="actions">
          <SubmitButton variant="secondary">{t("sso.signInSubmit")}</SubmitButton>
        </div>
      </PostForm>
      <p>
        {t("signIn.noAccount")} <a href={pathFor("signUp", lang)}>{t("signUp.title")}</a>
      </p>
    </>
  );
}
