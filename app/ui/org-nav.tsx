import { NavLink } from "react-router";
import { type PageId, pathFor } from "#app/i18n/paths.ts";
import type { Permission } from "#app/modules/identity/policy.ts";
import { useLang, useT } from "./use-root.ts";

const items: { page: PageId; key: string; needs: Permission }[] = [
  { page: "orgHome", key: "org.nav.overview", needs: "org.view" },
  { page: "surveys", key: "org.nav.surveys", needs: "results.view" },
  { page: "questionBank", key: "org.nav.questionBank", needs: "bank.view" },
  { page: "orgMembers", key: "org.nav.members", needs: "org.members.view" },
  { page: "orgAudit", key: "org.nav.audit", needs: "org.audit.view" },
  { page: "orgSettings", key: "org.nav.settings", needs: "org.settings.manage" },
];

/** The organization's section menu, showing only what the member may open. */
export function OrgNav({ slug, permissions }: { slug: string; permissions: readonly string[] }) {
  const t = useT();
  const lang = useLang();
  return (
    <nav className="nav-bar" aria-label={t("org.nav.label")}>
      <ul>
        {items
          .filter((i) => permissions.includes(i.needs))
          .map((i) => (
            <li key={i.page}>
              <NavLink end to={pathFor(i.page, lang, { org: slug })}>
                {t(i.key)}
              </NavLink>
            </li>
          ))}
      </ul>
    </nav>
  );
}
