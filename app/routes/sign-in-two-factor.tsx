import { redirect } from "react-router";
import { z } from "zod";
import { servicesContext } from "#app/context.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { verifyTwoFactorSignIn } from "#app/modules/identity/accounts.server.ts";
import { oneTimeCodeField, parseForm } from "#app/modules/platform/forms.ts";
import { invalid, safeNext } from "#app/modules/platform/http.server.ts";
import { OneTimeCodeField } from "#app/ui/auth-fields.tsx";
import { ErrorSummary, PostForm, SubmitButton } from "#app/ui/form.tsx";
import { Breadcrumbs } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/sign-in-two-factor";

const schema = z.object({
  code: oneTimeCodeField(),
  next: z.string().max(500).optional(),
});

export function loader({ request }: Route.LoaderArgs) {
  const url = new URL(request.url);
  return { next: safeNext(url.searchParams.get("next"), pathFor("home", langOfPath(url.pathname))) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const lang = langOfPath(new URL(request.url).pathname);
  const form = parseForm(schema, await request.formData());
  if (!form.ok) return invalid(form.errors, form.values);
  const outcome = await verifyTwoFactorSignIn(context.get(servicesContext), {
    code: form.data.code,
    headers: request.headers,
  });
  if (!outcome.ok) return invalid({ [outcome.field ?? "form"]: outcome.key }, { next: form.data.next ?? "" });
  throw redirect(safeNext(form.data.next, pathFor("home", lang)), { headers: outcome.cookies });
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "twoFactor.title");

export default function TwoFactorChallenge({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const errors = actionData?.errors;
  return (
    <>
      <Breadcrumbs
        items={[{ label: t("signIn.title"), to: pathFor("signIn", lang) }, { label: t("twoFactor.title") }]}
      />
      <h1>{t("twoFactor.title")}</h1>
      <ErrorSummary errors={errors} fieldOrder={["form", "code"]} />
      <p>{t("twoFactor.intro")}</p>
      <PostForm>
        <input type="hidden" name="next" value={loaderData.next} />
        <OneTimeCodeField errors={errors} />
        <div className="actions">
          <SubmitButton>{t("twoFactor.submit")}</SubmitButton>
        </div>
      </PostForm>
    </>
  );
}
