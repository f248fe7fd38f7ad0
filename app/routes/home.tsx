import { Link } from "react-router";
import { servicesContext, sessionUserContext } from "#app/context.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { findMyOrganizations } from "#app/modules/identity/organizations.server.ts";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { orgName } from "#app/ui/org-name.ts";
import { RoleTags } from "#app/ui/roles.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/home";

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const user = context.get(sessionUserContext);
  const { db } = context.get(servicesContext);
  const organizations = user
    ? await findMyOrganizations({ db, userId: user.id, email: user.email, name: user.name })
    : [];
  return {
    signedIn: Boolean(user),
    name: user?.name ?? "",
    organizations,
    signedOut: url.searchParams.has("signedOut"),
    lang: langOfPath(url.pathname),
  };
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "home.documentTitle");

export default function Home({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  if (!loaderData.signedIn) {
    return (
      <>
        <h1>{t("home.title")}</h1>
        {loaderData.signedOut ? (
          <Notice kind="success">
            <p>{t("home.signedOut")}</p>
          </Notice>
        ) : null}
        <p>{t("home.intro")}</p>
        <ul>
          <li>{t("home.measure")}</li>
          <li>{t("home.insights")}</li>
          <li>{t("home.learn")}</li>
        </ul>
        <div className="actions">
          <Link className="button" to={pathFor("signIn", lang)}>
            {t("signIn.title")}
          </Link>
          <Link className="button button--secondary" to={pathFor("signUp", lang)}>
            {t("signUp.title")}
          </Link>
        </div>
      </>
    );
  }
  return (
    <>
      <h1>{t("home.welcome", { name: loaderData.name })}</h1>
      <h2>{t("home.myOrganizations")}</h2>
      {loaderData.organizations.length === 0 ? (
        <p>{t("home.noOrganizations")}</p>
      ) : (
        <ul className="card-list">
          {loaderData.organizations.map((org) => (
            <li key={org.id}>
              <h3>
                <Link to={pathFor("orgHome", lang, { org: org.slug })}>{orgName(org, lang)}</Link>
              </h3>
              <p>
                {t(`orders.${org.orderOfGovernment}`)} · {org.jurisdiction}
              </p>
              <RoleTags roles={org.roles} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
