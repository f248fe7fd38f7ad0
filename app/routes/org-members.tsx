import { Link, redirect } from "react-router";
import { z } from "zod";
import { formatDate } from "#app/i18n/i18n.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { findOpenInvitations, revokeInvitation } from "#app/modules/identity/invitations.server.ts";
import { findMembers } from "#app/modules/identity/members.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { parseForm } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { ErrorSummary, PostForm } from "#app/ui/form.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { RoleTags } from "#app/ui/roles.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/org-members";

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "org.members.view");
  const [frame, members, invitations] = await Promise.all([
    getOrganizationFrame(ctx),
    findMembers(ctx),
    findOpenInvitations(ctx),
  ]);
  return { ...frame, members, invitations, done: new URL(args.request.url).searchParams.get("done") };
}

const schema = z.object({ intent: z.literal("revoke"), invitationId: z.uuid("errors.invalid") });

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "org.members.manage");
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return invalid({ form: "errors.invalid" });
  await orRespond(() => revokeInvitation(ctx, form.data.invitationId));
  const lang = langOfPath(new URL(args.request.url).pathname);
  throw redirect(`${pathFor("orgMembers", lang, { org: ctx.orgSlug })}?done=revoked`);
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "members.title");

const doneKeys: Record<string, string> = {
  invited: "members.done.invited",
  revoked: "members.done.revoked",
  removed: "members.done.removed",
  updated: "members.done.updated",
};

export default function Members({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { members, invitations, permissions, org, done } = loaderData;
  const canManage = permissions.includes("org.members.manage");
  const doneKey = done ? doneKeys[done] : undefined;
  return (
    <OrgPage frame={loaderData} title={t("members.title")}>
      {doneKey ? (
        <Notice kind="success">
          <p>{t(doneKey)}</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={actionData?.errors} />
      {canManage ? (
        <div className="actions">
          <Link className="button" to={pathFor("orgMemberInvite", lang, { org: org.slug })}>
            {t("members.invite")}
          </Link>
        </div>
      ) : null}
      <div className="table-wrap">
        <table>
          <caption>{t("members.tableCaption", { count: members.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("fields.name")}</th>
              <th scope="col">{t("fields.email")}</th>
              <th scope="col">{t("fields.roles")}</th>
              <th scope="col">{t("members.since")}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId}>
                <th scope="row">
                  {canManage ? (
                    <Link to={pathFor("orgMember", lang, { org: org.slug, userId: m.userId })}>{m.name}</Link>
                  ) : (
                    m.name
                  )}
                </th>
                <td>{m.email}</td>
                <td>
                  <RoleTags roles={m.roles} />
                </td>
                <td>{formatDate(lang, m.since)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("members.pendingHeading")}</h2>
      {invitations.length === 0 ? (
        <p>{t("members.noPending")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("members.pendingHeading")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("fields.email")}</th>
                <th scope="col">{t("fields.roles")}</th>
                <th scope="col">{t("members.expires")}</th>
                {canManage ? <th scope="col">{t("forms.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id}>
                  <th scope="row">{i.email}</th>
                  <td>
                    <RoleTags roles={i.roles} />
                  </td>
                  <td>{formatDate(lang, i.expiresAt)}</td>
                  {canManage ? (
                    <td>
                      <PostForm>
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="invitationId" value={i.id} />
                        <button type="submit" className="link-button">
                          {t("members.revoke")}
                          <span className="visually-hidden"> {i.email}</span>
                        </button>
                      </PostForm>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </OrgPage>
  );
}
