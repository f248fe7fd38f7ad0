import { Link } from "react-router";
import { formatDate } from "#app/i18n/i18n.ts";
import { pathFor } from "#app/i18n/paths.ts";
import { requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { can } from "#app/modules/identity/policy.ts";
import { findSurveys } from "#app/modules/measure/surveys.server.ts";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/surveys";

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "results.view");
  const [frame, surveys] = await Promise.all([getOrganizationFrame(ctx), findSurveys(ctx)]);
  const deleted = new URL(args.request.url).searchParams.get("done") === "deleted";
  return { ...frame, surveys, canDesign: can(ctx.roles, "surveys.design"), deleted };
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "surveys.title");

export default function Surveys({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { surveys, org, canDesign, deleted } = loaderData;
  return (
    <OrgPage frame={loaderData} title={t("surveys.title")}>
      {deleted ? (
        <Notice kind="success">
          <p>{t("surveys.done.deleted")}</p>
        </Notice>
      ) : null}
      {canDesign ? (
        <div className="actions">
          <Link className="button" to={pathFor("surveyNew", lang, { org: org.slug })}>
            {t("surveys.new")}
          </Link>
        </div>
      ) : null}
      {surveys.length === 0 ? (
        <p>{t("surveys.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t("surveys.caption", { count: surveys.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("surveys.name")}</th>
                <th scope="col">{t("surveys.status")}</th>
                <th scope="col">{t("surveys.version")}</th>
                <th scope="col">{t("surveys.updated")}</th>
              </tr>
            </thead>
            <tbody>
              {surveys.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <Link to={pathFor("survey", lang, { org: org.slug, surveyId: s.id })}>
                      {lang === "fr" ? s.titleFr : s.titleEn}
                    </Link>
                  </th>
                  <td>{t(`surveys.statuses.${s.status}`)}</td>
                  <td>{s.publishedVersion ?? "—"}</td>
                  <td>{formatDate(lang, s.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </OrgPage>
  );
}
