import { Link, redirect } from "react-router";
import { z } from "zod";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { organizationFields } from "#app/modules/identity/org-input.ts";
import { getOrganizationFrame, updateOrganization } from "#app/modules/identity/organizations.server.ts";
import { parseForm } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { ErrorSummary, PostForm, SubmitButton } from "#app/ui/form.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrganizationFields } from "#app/ui/org-fields.tsx";
import { OrgPage } from "#app/ui/org-page.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/org-settings";

const schema = z.object(organizationFields);

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "org.settings.manage");
  return { ...(await getOrganizationFrame(ctx)), saved: new URL(args.request.url).searchParams.has("saved") };
}

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "org.settings.manage");
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return invalid(form.errors, form.values);
  await orRespond(() => updateOrganization(ctx, form.data));
  throw redirect(
    `${pathFor("orgSettings", langOfPath(new URL(args.request.url).pathname), { org: ctx.orgSlug })}?saved=1`,
  );
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "orgSettings.title");

export default function OrgSettings({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const errors = actionData?.errors;
  return (
    <OrgPage frame={loaderData} title={t("orgSettings.title")}>
      {loaderData.saved ? (
        <Notice kind="success">
          <p>{t("orgSettings.saved")}</p>
        </Notice>
      ) : null}
      <p>
        <Link to={pathFor("orgSso", lang, { org: loaderData.org.slug })}>{t("sso.title")}</Link>
      </p>
      <p>
        <Link to={pathFor("orgApiTokens", lang, { org: loaderData.org.slug })}>{t("apiTokens.link")}</Link>
      </p>
      <p>
        <Link to={pathFor("orgBenchmarking", lang, { org: loaderData.org.slug })}>{t("benchmark.settings.link")}</Link>
      </p>
      <ErrorSummary errors={errors} fieldOrder={["nameEn", "nameFr", "orderOfGovernment", "jurisdiction"]} />
      <PostForm>
        <OrganizationFields errors={errors} values={actionData?.values} defaults={loaderData.org} />
        <div className="actions">
          <SubmitButton>{t("forms.save")}</SubmitButton>
        </div>
      </PostForm>
    </OrgPage>
  );
}
