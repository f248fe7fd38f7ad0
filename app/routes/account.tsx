import { redirect } from "react-router";
import { z } from "zod";
import { servicesContext } from "#app/context.ts";
import { langOfPath, langs, pathFor } from "#app/i18n/paths.ts";
import { updateProfile } from "#app/modules/identity/accounts.server.ts";
import { requireUser } from "#app/modules/identity/guard.server.ts";
import { parseForm, requiredText } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { LanguageSelect } from "#app/ui/auth-fields.tsx";
import { ErrorSummary, PostForm, SubmitButton, TextField } from "#app/ui/form.tsx";
import { Breadcrumbs, Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/account";

const schema = z.object({
  name: requiredText(100),
  locale: z.enum(langs, { error: "account.errors.locale" }),
});

export function loader(args: Route.LoaderArgs) {
  const { user } = requireUser(args);
  return {
    name: user.name,
    email: user.email,
    locale: user.locale,
    saved: new URL(args.request.url).searchParams.has("saved"),
  };
}

export async function action(args: Route.ActionArgs) {
  requireUser(args);
  const { request, context } = args;
  const form = parseForm(schema, await request.formData());
  if (!form.ok) return invalid(form.errors, form.values);
  const outcome = await updateProfile(context.get(servicesContext), { ...form.data, headers: request.headers });
  if (!outcome.ok) return invalid({ form: outcome.key }, form.data);
  throw redirect(`${pathFor("account", langOfPath(new URL(request.url).pathname))}?saved=1`);
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "account.title");

export default function Account({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const errors = actionData?.errors;
  return (
    <>
      <Breadcrumbs items={[{ label: t("account.title") }]} />
      <h1>{t("account.title")}</h1>
      {loaderData.saved ? (
        <Notice kind="success">
          <p>{t("account.saved")}</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} fieldOrder={["form", "name", "locale"]} />
      <dl className="summary-list">
        <dt>{t("fields.email")}</dt>
        <dd>{loaderData.email}</dd>
      </dl>
      <PostForm>
        <TextField
          name="name"
          label={t("fields.name")}
          autoComplete="name"
          errors={errors}
          values={actionData?.values}
          defaultValue={loaderData.name}
        />
        <LanguageSelect
          name="locale"
          label={t("account.locale")}
          hint={t("account.localeHint")}
          errors={errors}
          values={actionData?.values}
          defaultValue={loaderData.locale}
        />
        <div className="actions">
          <SubmitButton>{t("forms.save")}</SubmitButton>
        </div>
      </PostForm>
    </>
  );
}
