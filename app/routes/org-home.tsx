import { requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { pageTitle } from "#app/ui/meta.ts";
import { orgName } from "#app/ui/org-name.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { RoleTags } from "#app/ui/roles.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/org-home";

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args);
  return { ...(await getOrganizationFrame(ctx)), roles: ctx.roles };
}

export const meta: Route.MetaFunction = ({ location, loaderData }) =>
  pageTitle(location.pathname, "org.overview", {
    name: loaderData ? (location.pathname.startsWith("/fr") ? loaderData.org.nameFr : loaderData.org.nameEn) : "",
  });

export default function OrgHome({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { org, roles } = loaderData;
  return (
    <OrgPage frame={loaderData} title={orgName(org, lang)}>
      <h2>{t("org.about")}</h2>
      <dl className="summary-list">
        <dt>{t("fields.orderOfGovernment")}</dt>
        <dd>{t(`orders.${org.orderOfGovernment}`)}</dd>
        <dt>{t("fields.jurisdiction")}</dt>
        <dd>{org.jurisdiction}</dd>
        <dt>{t("org.yourRoles")}</dt>
        <dd>
          <RoleTags roles={roles} />
        </dd>
      </dl>
    </OrgPage>
  );
}
