import { Link } from "react-router";
import { z } from "zod";
import { formatDateTime } from "#app/i18n/i18n.ts";
import { pathFor } from "#app/i18n/paths.ts";
import { findAuditEvents } from "#app/modules/identity/audit.server.ts";
import { auditActions } from "#app/modules/identity/audit-actions.ts";
import { requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { isCalendarDay, parseQuery } from "#app/modules/platform/forms.ts";
import { ErrorSummary, SelectField, SubmitButton, TextField } from "#app/ui/form.tsx";
import { ChangeSummary, Origin } from "#app/ui/audit-cells.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/org-audit";

const day = z.string().refine(isCalendarDay, "audit.errors.date");

const filtersSchema = z.object({
  action: z.union([z.literal(""), z.enum(auditActions)]).optional(),
  kind: z.enum(["all", "security"]).optional(),
  actor: z.string().trim().max(254, "errors.tooLong").optional(),
  from: z.union([z.literal(""), day]).optional(),
  to: z.union([z.literal(""), day]).optional(),
  page: z.coerce.number({ error: "errors.invalid" }).int().min(1).max(10_000).optional(),
});

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "org.audit.view");
  const params = new URL(args.request.url).searchParams;
  const parsed = parseQuery(filtersSchema, params);
  const filters = parsed.ok ? parsed.data : {};
  const page = filters.page ?? 1;
  const to = filters.to ? new Date(Date.parse(filters.to) + 86_400_000) : undefined;
  const [frame, result] = await Promise.all([
    getOrganizationFrame(ctx),
    findAuditEvents(ctx, {
      action: filters.action || undefined,
      securityOnly: filters.kind === "security",
      actor: filters.actor || undefined,
      from: filters.from ? new Date(filters.from) : undefined,
      to,
      page,
    }),
  ]);
  return {
    ...frame,
    ...result,
    page,
    errors: parsed.ok ? undefined : parsed.errors,
    values: Object.fromEntries(params),
  };
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "audit.title");

export default function Audit({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { events, errors, values, page, hasNext, org } = loaderData;
  const pageHref = (n: number) => {
    const q = new URLSearchParams(values);
    q.set("page", String(n));
    return `${pathFor("orgAudit", lang, { org: org.slug })}?${q}`;
  };
  return (
    <OrgPage frame={loaderData} title={t("audit.title")}>
      <ErrorSummary errors={errors} />
      <form method="get" className="filters">
        <h2>{t("audit.filters")}</h2>
        <SelectField
          name="action"
          label={t("audit.action")}
          errors={errors}
          values={values}
          options={[
            { value: "", label: t("audit.anyAction") },
            ...auditActions.map((a) => ({ value: a, label: t(`audit.actions.${a}`) })),
          ]}
        />
        <SelectField
          name="kind"
          label={t("fields.kind")}
          errors={errors}
          values={values}
          options={[
            { value: "all", label: t("audit.kinds.all") },
            { value: "security", label: t("audit.kinds.security") },
          ]}
        />
        <TextField name="actor" label={t("audit.actor")} hint={t("audit.actorHint")} errors={errors} values={values} />
        <TextField name="from" type="date" label={t("audit.from")} errors={errors} values={values} short />
        <TextField name="to" type="date" label={t("audit.to")} errors={errors} values={values} short />
        <div className="actions">
          <SubmitButton variant="secondary">{t("audit.apply")}</SubmitButton>
        </div>
      </form>
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
                <th scope="col">{t("audit.target")}</th>
                <th scope="col">{t("audit.change")}</th>
                <th scope="col">{t("audit.origin")}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateTime(lang, e.at)}</td>
                  <td>{e.actorEmail ?? t("audit.system")}</td>
                  <th scope="row">{t(`audit.actions.${e.action}`, { defaultValue: e.action })}</th>
                  <td>
                    {e.targetType} <span className="code">{e.targetId}</span>
                  </td>
                  <td>
                    <ChangeSummary before={e.before} after={e.after} />
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
    </OrgPage>
  );
}
