import { data } from "react-router";
import { servicesContext } from "#app/context.ts";
import { formatDate, tFor } from "#app/i18n/i18n.ts";
import { langOfPath } from "#app/i18n/paths.ts";
import { getSharedDashboard } from "#app/modules/insights/share-links.server.ts";
import { Notice } from "#app/ui/layout.tsx";
import { resultsCharts } from "#app/ui/results/charts.server.ts";
import { ResultsDashboard } from "#app/ui/results/dashboard.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/shared-results";

/**
 * A survey's results dashboard through a share link: no sign-in, read-only,
 * without the questions the link leaves out, no filters and no organization
 * navigation, never indexed. A revoked, expired or unknown token is a 404.
 */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { db } = context.get(servicesContext);
  const shared = await getSharedDashboard(db, params.token);
  if (!shared) throw data({ key: "shareLinks.gone" }, { status: 404, headers: PRIVATE });
  const lang = langOfPath(new URL(request.url).pathname);
  const charts = shared.view.n > 0 ? resultsCharts(shared.view, lang) : undefined;
  return data({ ...shared, charts }, { headers: PRIVATE });
}

const PRIVATE = { "X-Robots-Tag": "noindex, nofollow", "Cache-Control": "private, no-store" };

export function headers({ loaderHeaders, errorHeaders }: Route.HeadersArgs) {
  return errorHeaders ?? loaderHeaders;
}

export const meta: Route.MetaFunction = ({ location, loaderData }) => {
  const lang = langOfPath(location.pathname);
  const t = tFor(lang);
  const s = loaderData?.view.survey;
  const title = s ? (lang === "fr" ? s.titleFr : s.titleEn) : "";
  return [
    { title: `${t("shareLinks.sharedTitle", { title })} — Outside-In` },
    { name: "robots", content: "noindex, nofollow" },
  ];
};

export default function SharedResults({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { view, charts, link } = loaderData;
  const s = view.survey;
  return (
    <>
      <p className="kicker">{t("shareLinks.kicker")}</p>
      <h1>{lang === "fr" ? s.titleFr : s.titleEn}</h1>
      <Notice>
        <p>{t("shareLinks.readOnly")}</p>
        {link.expiresAt ? <p>{t("shareLinks.until", { date: formatDate(lang, link.expiresAt) })}</p> : null}
      </Notice>
      {view.n === 0 ? <p>{t("shareLinks.noResponses")}</p> : <ResultsDashboard view={view} charts={charts} />}
    </>
  );
}
