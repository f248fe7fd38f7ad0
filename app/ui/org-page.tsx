import type { ReactNode } from "react";
import { pathFor } from "#app/i18n/paths.ts";
import { Breadcrumbs, type Crumb } from "./layout.tsx";
import { orgName } from "./org-name.ts";
import { OrgNav } from "./org-nav.tsx";
import { useLang, useT } from "./use-root.ts";

export interface OrgFrame {
  org: { slug: string; nameEn: string; nameFr: string };
  permissions: readonly string[];
}

/** The frame of every organization page: breadcrumbs, title, section menu. */
export function OrgPage({
  frame,
  title,
  crumbs = [],
  children,
}: {
  frame: OrgFrame;
  title: string;
  crumbs?: Crumb[];
  children: ReactNode;
}) {
  const lang = useLang();
  const t = useT();
  const name = orgName(frame.org, lang);
  const home = pathFor("orgHome", lang, { org: frame.org.slug });
  const trail: Crumb[] =
    crumbs.length || title !== name ? [{ label: name, to: home }, ...crumbs, { label: title }] : [{ label: name }];
  return (
    <>
      <Breadcrumbs items={trail} />
      <p className="kicker">{title === name ? t("org.kicker") : name}</p>
      <h1>{title}</h1>
      <OrgNav slug={frame.org.slug} permissions={frame.permissions} />
      {children}
    </>
  );
}
