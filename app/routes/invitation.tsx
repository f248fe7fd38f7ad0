import { Link, redirect } from "react-router";
import { servicesContext, sessionUserContext } from "#app/context.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { orRespond, requireUser } from "#app/modules/identity/guard.server.ts";
import { acceptInvitation, getInvitationByToken } from "#app/modules/identity/invitations.server.ts";
import { PostForm, SubmitButton } from "#app/ui/form.tsx";
import { Breadcrumbs, Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { orgName } from "#app/ui/org-name.ts";
import { RoleTags } from "#app/ui/roles.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/invitation";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { db } = context.get(servicesContext);
  const invitation = await getInvitationByToken(db, params.token.slice(0, 200));
  const user = context.get(sessionUserContext);
  if (!invitation) return { invitation: null, signedInAs: user?.email ?? null, here: new URL(request.url).pathname };
  const { orgNameEn, orgNameFr, email, roles, status } = invitation;
  return {
    invitation: { nameEn: orgNameEn, nameFr: orgNameFr, email, roles, status },
    signedInAs: user?.email ?? null,
    here: new URL(request.url).pathname,
  };
}

export async function action(args: Route.ActionArgs) {
  const ctx = requireUser(args);
  const { orgSlug } = await orRespond(() => acceptInvitation(ctx, args.params.token.slice(0, 200)));
  throw redirect(pathFor("orgHome", langOfPath(new URL(args.request.url).pathname), { org: orgSlug }));
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "invitations.title");

export default function Invitation({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { invitation, signedInAs, here } = loaderData;
  return (
    <>
      <Breadcrumbs items={[{ label: t("invitations.title") }]} />
      <h1>{t("invitations.title")}</h1>
      {invitation?.status !== "open" ? (
        <Notice kind="warning">
          <p>{t(invitation ? `invitations.status.${invitation.status}` : "invitations.errors.unavailable")}</p>
        </Notice>
      ) : (
        <>
          <p>{t("invitations.intro", { organization: orgName(invitation, lang) })}</p>
          <dl className="summary-list">
            <dt>{t("fields.email")}</dt>
            <dd>{invitation.email}</dd>
            <dt>{t("fields.roles")}</dt>
            <dd>
              <RoleTags roles={invitation.roles} />
            </dd>
          </dl>
          {signedInAs ? (
            signedInAs.toLowerCase() === invitation.email ? (
              <PostForm>
                <div className="actions">
                  <SubmitButton>{t("invitations.accept")}</SubmitButton>
                </div>
              </PostForm>
            ) : (
              <Notice kind="warning">
                <p>{t("invitations.errors.wrongAccount")}</p>
              </Notice>
            )
          ) : (
            <>
              <p>{t("invitations.signInFirst")}</p>
              <div className="actions">
                <Link className="button" to={`${pathFor("signIn", lang)}?next=${encodeURIComponent(here)}`}>
                  {t("signIn.title")}
                </Link>
                <Link className="button button--secondary" to={pathFor("signUp", lang)}>
                  {t("signUp.title")}
                </Link>
              </div>
            </>
          )}
        </>
      )}
    </>
  );
}
