import { redirect } from "react-router";
import { z } from "zod";
import { formatDate } from "#app/i18n/i18n.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { formErrorOrThrow, orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { changeMemberRoles, getMember, removeMember } from "#app/modules/identity/members.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { rolesField } from "#app/modules/identity/role-input.ts";
import { parseForm } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { CheckboxGroup, ErrorSummary, PostForm, SubmitButton } from "#app/ui/form.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { RoleCheckboxes } from "#app/ui/role-checkboxes.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/org-member";

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("roles"), roles: rolesField() }),
  z.object({
    intent: z.literal("remove"),
    confirm: z.literal("yes", { error: "members.errors.confirmRemove" }),
  }),
]);

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "org.members.manage");
  const [frame, member] = await Promise.all([
    getOrganizationFrame(ctx),
    orRespond(() => getMember(ctx, args.params.userId)),
  ]);
  return { ...frame, member };
}

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "org.members.manage");
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return invalid(form.errors, form.values);
  const lang = langOfPath(new URL(args.request.url).pathname);
  try {
    if (form.data.intent === "roles") await changeMemberRoles(ctx, args.params.userId, form.data.roles);
    else await removeMember(ctx, args.params.userId);
  } catch (error) {
    return formErrorOrThrow(error, "form", form.values);
  }
  const done = form.data.intent === "roles" ? "updated" : "removed";
  throw redirect(`${pathFor("orgMembers", lang, { org: ctx.orgSlug })}?done=${done}`);
}

export const meta: Route.MetaFunction = ({ location, loaderData }) =>
  pageTitle(location.pathname, "members.memberTitle", { name: loaderData?.member.name ?? "" });

export default function Member({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { member, org } = loaderData;
  const errors = actionData?.errors;
  const removing = actionData?.values?.intent === "remove";
  return (
    <OrgPage
      frame={loaderData}
      title={member.name}
      crumbs={[{ label: t("members.title"), to: pathFor("orgMembers", lang, { org: org.slug }) }]}
    >
      <ErrorSummary errors={errors} fieldOrder={["form", "roles", "confirm"]} />
      <dl className="summary-list">
        <dt>{t("fields.email")}</dt>
        <dd>{member.email}</dd>
        <dt>{t("members.since")}</dt>
        <dd>{formatDate(lang, member.since)}</dd>
      </dl>
      <h2>{t("members.changeRoles")}</h2>
      <PostForm>
        <input type="hidden" name="intent" value="roles" />
        <RoleCheckboxes
          errors={removing ? undefined : errors}
          values={removing ? undefined : actionData?.values}
          defaultChecked={member.roles}
        />
        <div className="actions">
          <SubmitButton>{t("members.saveRoles")}</SubmitButton>
        </div>
      </PostForm>
      <h2>{t("members.removeHeading")}</h2>
      <p>{t("members.removeIntro", { name: member.name })}</p>
      <PostForm>
        <input type="hidden" name="intent" value="remove" />
        <CheckboxGroup
          name="confirm"
          label={t("members.confirmRemoveLegend")}
          errors={removing ? errors : undefined}
          options={[{ value: "yes", label: t("members.confirmRemove", { name: member.name }) }]}
        />
        <div className="actions">
          <SubmitButton variant="danger">{t("members.remove")}</SubmitButton>
        </div>
      </PostForm>
    </OrgPage>
  );
}
