import { Link } from "react-router";
import { z } from "zod";
import { formatDateTime } from "#app/i18n/i18n.ts";
import { pathFor } from "#app/i18n/paths.ts";
import { findPlatformAuditEvents } from "#app/modules/identity/audit.server.ts";
import { requirePlatformAdmin } from "#app/modules/identity/guard.server.ts";
import { parseQuery } from "#app/modules/platform/forms.ts";
import { ChangeSummary, Origin } from "#app/ui/audit-cells.tsx";
import { Breadcrumbs } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/admin-security-log";

const querySchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).optional() });

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requirePlatformAdmin(args);
  const parsed = parseQuery(querySchema, new URL(args.request.url).searchParams);
  const page = (parsed.ok ? parsed.data.page : undefined) ?? 1;
  return { ...(await findPlatformAuditEvents(ctx, page)), page };
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "audit.platformTitle");

export default function PlatformSecurityLog({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { events, page, hasNext } = loaderData;
  const pageHref = (n: number) => `${pathFor("adminSecurityLog", lang)}?page=${n}`;
  return (
    <>
      <Breadcrumbs
        items={[{ label: t("admin.orgs.title"), to: pathFor("adminOrgs", lang) }, { label: t("audit.platformTitle") }]}
      />
      <h1>{t("audit.platformTitle")}</h1>
      <p>{t("audit.platformIntro")}</p>
      {events.length === 0 ? (
        <p>{t("audit.empty")}</p>
      ) : (
        // A wide log scrolls sideways: the region takes focus so keyboards can scroll it.
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        <div className="table-wrap" role="region" aria-labelledby="audit-caption" tabIndex={0}>
          <table>
            <caption id="audit-caption">{t("audit.caption", { page })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("audit.when")}</th>
                <th scope="col">{t("audit.actor")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.change")}</th>
                <th scope="col">{t("audit.origin")}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateTime(lang, e.at)}</td>
                  <td>
                    {e.actorEmail ?? (
                      <>
                        {t("audit.unknownAddress")} <span className="code">{e.targetId}</span>
                      </>
                    )}
                  </td>
                  <th scope="row">{t(`audit.actions.${e.action}`, { defaultValue: e.action })}</th>
                  <td>
                    <ChangeSummary before={null} after={e.after} />
                  </td>
                  <td>
                    <Origin ip={e.ip} userAgent={e.userAgent} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label={t("audit.pagination")} className="actions">
        {page > 1 ? <Link to={pageHref(page - 1)}>{t("audit.previous")}</Link> : null}
        {hasNext ? <Link to={pageHref(page + 1)}>{t("audit.next")}</Link> : null}
      </nav>
    </>
  );
}
