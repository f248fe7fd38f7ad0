import { redirect } from "react-router";
import { z } from "zod";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { appErrorResponse, formErrorOrThrow, requirePlatformAdmin } from "#app/modules/identity/guard.server.ts";
import { getOrganizationBySlug } from "#app/modules/identity/organizations.server.ts";
import { setSsoDomain } from "#app/modules/identity/sso.server.ts";
import { AppError } from "#app/modules/platform/errors.ts";
import { parseForm } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { ErrorSummary, PostForm, SubmitButton, TextField } from "#app/ui/form.tsx";
import { Breadcrumbs, Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { orgName } from "#app/ui/org-name.ts";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/admin-org";

const schema = z.object({
  ssoDomain: z
    .string()
    .trim()
    .toLowerCase()
    .max(253, "errors.tooLong")
    .regex(/^$|^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "sso.errors.domain"),
});

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requirePlatformAdmin(args);
  const org = await getOrganizationBySlug(ctx, args.params.org);
  if (!org) throw appErrorResponse(new AppError("NotFound"));
  return { org, saved: new URL(args.request.url).searchParams.has("saved") };
}

export async function action(args: Route.ActionArgs) {
  const ctx = await requirePlatformAdmin(args);
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return invalid(form.errors, form.values);
  try {
    await setSsoDomain(ctx, args.params.org, form.data.ssoDomain || null);
  } catch (error) {
    return formErrorOrThrow(error, "ssoDomain", form.values);
  }
  const lang = langOfPath(new URL(args.request.url).pathname);
  throw redirect(`${pathFor("adminOrg", lang, { org: args.params.org })}?saved=1`);
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "admin.org.title");

export default function AdminOrganization({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { org } = loaderData;
  const errors = actionData?.errors;
  return (
    <>
      <Breadcrumbs
        items={[{ label: t("admin.orgs.title"), to: pathFor("adminOrgs", lang) }, { label: orgName(org, lang) }]}
      />
      <h1>{orgName(org, lang)}</h1>
      {loaderData.saved ? (
        <Notice kind="success">
          <p>{t("admin.org.saved")}</p>
        </Notice>
      ) : null}
      <dl className="summary-list">
        <dt>{t("fields.orderOfGovernment")}</dt>
        <dd>{t(`orders.${org.orderOfGovernment}`)}</dd>
        <dt>{t("fields.jurisdiction")}</dt>
        <dd>{org.jurisdiction}</dd>
        <dt>{t("fields.slug")}</dt>
        <dd className="code">{org.slug}</dd>
      </dl>
      <h2>{t("admin.org.ssoHeading")}</h2>
      <p>{t("admin.org.ssoIntro")}</p>
      <ErrorSummary errors={errors} />
      <PostForm>
        <TextField
          name="ssoDomain"
          label={t("sso.domain")}
          hint={t("admin.org.ssoDomainHint")}
          errors={errors}
          values={actionData?.values}
          defaultValue={org.ssoDomain ?? ""}
          autoComplete="off"
        />
        <div className="actions">
          <SubmitButton>{t("forms.save")}</SubmitButton>
        </div>
      </PostForm>
    </>
  );
}
