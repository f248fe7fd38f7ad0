import { redirect } from "react-router";
import { z } from "zod";
import { servicesContext } from "#app/context.ts";
import { langOfPath, langs, pathFor } from "#app/i18n/paths.ts";
import { formErrorOrThrow, requireMember } from "#app/modules/identity/guard.server.ts";
import { inviteMember } from "#app/modules/identity/invitations.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { rolesField } from "#app/modules/identity/role-input.ts";
import { emailField, parseForm } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { LanguageSelect } from "#app/ui/auth-fields.tsx";
import { ErrorSummary, PostForm, SubmitButton, TextField } from "#app/ui/form.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { RoleCheckboxes } from "#app/ui/role-checkboxes.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/org-member-invite";

const schema = z.object({
  email: emailField(),
  roles: rolesField(),
  lang: z.enum(langs, { error: "members.errors.language" }),
});

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "org.members.manage");
  return getOrganizationFrame(ctx);
}

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "org.members.manage");
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return invalid(form.errors, form.values);
  const { settings, keyring } = args.context.get(servicesContext);
  try {
    await inviteMember(ctx, form.data, { baseUrl: settings.baseUrl, keyring });
  } catch (error) {
    return formErrorOrThrow(error, "email", form.values);
  }
  const lang = langOfPath(new URL(args.request.url).pathname);
  throw redirect(`${pathFor("orgMembers", lang, { org: ctx.orgSlug })}?done=invited`);
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "members.invite");

export default function InviteMember({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const errors = actionData?.errors;
  const values = actionData?.values;
  return (
    <OrgPage
      frame={loaderData}
      title={t("members.invite")}
      crumbs={[{ label: t("members.title"), to: pathFor("orgMembers", lang, { org: loaderData.org.slug }) }]}
    >
      <ErrorSummary errors={errors} fieldOrder={["form", "email", "roles", "lang"]} />
      <p>{t("members.inviteIntro")}</p>
      <PostForm>
        <TextField
          name="email"
          type="email"
          label={t("fields.email")}
          autoComplete="off"
          errors={errors}
          values={values}
        />
        <RoleCheckboxes errors={errors} values={values} />
        <LanguageSelect
          name="lang"
          label={t("members.inviteLanguage")}
          hint={t("members.inviteLanguageHint")}
          errors={errors}
          values={values}
          defaultValue={lang}
        />
        <div className="actions">
          <SubmitButton>{t("members.sendInvitation")}</SubmitButton>
        </div>
      </PostForm>
    </OrgPage>
  );
}
