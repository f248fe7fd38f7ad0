import { Link, redirect } from "react-router";
import { z } from "zod";
import { servicesContext } from "#app/context.ts";
import { langOfPath, langs, pathFor } from "#app/i18n/paths.ts";
import { formErrorOrThrow, requirePlatformAdmin } from "#app/modules/identity/guard.server.ts";
import { organizationFields, slugField } from "#app/modules/identity/org-input.ts";
import { createOrganization, findAllOrganizations } from "#app/modules/identity/organizations.server.ts";
import { emailField, parseForm } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { LanguageSelect } from "#app/ui/auth-fields.tsx";
import { ErrorSummary, PostForm, SubmitButton, TextField } from "#app/ui/form.tsx";
import { Breadcrumbs, Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrganizationFields } from "#app/ui/org-fields.tsx";
import { orgName } from "#app/ui/org-name.ts";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/admin-orgs";

const schema = z.object({
  slug: slugField(),
  ...organizationFields,
  adminEmail: emailField(),
  adminLang: z.enum(langs, { error: "members.errors.language" }),
});

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requirePlatformAdmin(args);
  return {
    organizations: await findAllOrganizations(ctx),
    created: new URL(args.request.url).searchParams.get("created"),
  };
}

export async function action(args: Route.ActionArgs) {
  const ctx = await requirePlatformAdmin(args);
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return invalid(form.errors, form.values);
  const { settings, keyring } = args.context.get(servicesContext);
  try {
    const created = await createOrganization(ctx, form.data, { baseUrl: settings.baseUrl, keyring });
    const lang = langOfPath(new URL(args.request.url).pathname);
    throw redirect(`${pathFor("adminOrgs", lang)}?created=${encodeURIComponent(created.slug)}`);
  } catch (error) {
    return formErrorOrThrow(error, "slug", form.values);
  }
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "admin.orgs.title");

export default function AdminOrganizations({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const errors = actionData?.errors;
  const values = actionData?.values;
  return (
    <>
      <Breadcrumbs items={[{ label: t("admin.orgs.title") }]} />
      <h1>{t("admin.orgs.title")}</h1>
      <p>
        <Link to={pathFor("adminSecurityLog", lang)}>{t("audit.platformTitle")}</Link>
      </p>
      {loaderData.created ? (
        <Notice kind="success">
          <p>{t("admin.orgs.created")}</p>
        </Notice>
      ) : null}
      <div className="table-wrap">
        <table>
          <caption>{t("admin.orgs.caption", { count: loaderData.organizations.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("fields.name")}</th>
              <th scope="col">{t("fields.orderOfGovernment")}</th>
              <th scope="col">{t("fields.jurisdiction")}</th>
              <th scope="col">{t("fields.slug")}</th>
            </tr>
          </thead>
          <tbody>
            {loaderData.organizations.map((o) => (
              <tr key={o.id}>
                <th scope="row">
                  <Link to={pathFor("adminOrg", lang, { org: o.slug })}>{orgName(o, lang)}</Link>
                </th>
                <td>{t(`orders.${o.orderOfGovernment}`)}</td>
                <td>{o.jurisdiction}</td>
                <td className="code">{o.slug}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("admin.orgs.createHeading")}</h2>
      <ErrorSummary
        errors={errors}
        fieldOrder={["slug", "nameEn", "nameFr", "orderOfGovernment", "jurisdiction", "adminEmail", "adminLang"]}
      />
      <PostForm>
        <TextField
          name="slug"
          label={t("fields.slug")}
          hint={t("admin.orgs.slugHint")}
          errors={errors}
          values={values}
        />
        <OrganizationFields errors={errors} values={values} />
        <TextField
          name="adminEmail"
          type="email"
          label={t("admin.orgs.adminEmail")}
          hint={t("admin.orgs.adminEmailHint")}
          errors={errors}
          values={values}
        />
        <LanguageSelect
          name="adminLang"
          label={t("members.inviteLanguage")}
          errors={errors}
          values={values}
          defaultValue={lang}
        />
        <div className="actions">
          <SubmitButton>{t("admin.orgs.create")}</SubmitButton>
        </div>
      </PostForm>
    </>
  );
}
