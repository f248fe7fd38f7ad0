import { Link, redirect } from "react-router";
import { z } from "zod";
import { formatNumber, formatStaffTime } from "#app/i18n/i18n.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { formErrorOrThrow, orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { can } from "#app/modules/identity/policy.ts";
import { getSurvey } from "#app/modules/measure/surveys.server.ts";
import { parseForm, parseQuery } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { countDeletablePartials, deletePartialResponses } from "#app/modules/responses/deletion.server.ts";
import { countResponsesByStatus, findResponses, parseCursor } from "#app/modules/responses/review.server.ts";
import { responseChannels, responseStatuses } from "#app/modules/responses/statuses.ts";
import { type Errors, ErrorSummary, SelectField, SubmitButton, type Values } from "#app/ui/form.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { DeletePartials } from "#app/ui/delete-partials.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/survey-responses";

const filterQuery = z.object({
  status: z.union([z.literal(""), z.enum(responseStatuses)], "responses.errors.status").optional(),
  channel: z.union([z.literal(""), z.enum(responseChannels)], "responses.errors.channel").optional(),
  after: z
    .string()
    .refine((v) => parseCursor(v) !== null, "responses.errors.cursor")
    .optional(),
});

const deleteSchema = z.object({
  intent: z.literal("deletePartials"),
  confirm: z.literal("yes", { error: "responses.errors.confirmPartials" }),
});

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "results.view");
  const params = new URL(args.request.url).searchParams;
  const query = parseQuery(filterQuery, params);
  const filters = query.ok ? query.data : {};
  const [frame, s] = await Promise.all([
    getOrganizationFrame(ctx),
    orRespond(() => getSurvey(ctx, args.params.surveyId)),
  ]);
  const canDelete = can(ctx.roles, "responses.delete");
  const [counts, page, partials] = await Promise.all([
    countResponsesByStatus(ctx, s.id),
    findResponses(ctx, s.id, {
      status: filters.status || undefined,
      channel: filters.channel || undefined,
      after: filters.after,
    }),
    canDelete ? countDeletablePartials(ctx, s.id) : null,
  ]);
  const values = Object.fromEntries(
    [...params].filter(([k, v]) => (k === "status" || k === "channel") && v !== ""),
  ) as Record<string, string>;
  // A filter that makes no sense is shown as an error above the unfiltered list, like the audit log's.
  return {
    ...frame,
    survey: { id: s.id, titleEn: s.titleEn, titleFr: s.titleFr },
    counts,
    ...page,
    paged: Boolean(filters.after),
    partials,
    values,
    errors: query.ok ? undefined : (query.errors as Errors),
    done: params.get("done"),
  };
}

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "responses.delete");
  const form = parseForm(deleteSchema, await args.request.formData());
  if (!form.ok) return invalid(form.errors, form.values);
  try {
    await deletePartialResponses(ctx, args.params.surveyId);
  } catch (error) {
    return formErrorOrThrow(error, "confirm", form.values);
  }
  const lang = langOfPath(new URL(args.request.url).pathname);
  throw redirect(
    `${pathFor("surveyResponses", lang, { org: ctx.orgSlug, surveyId: args.params.surveyId })}?done=partials`,
  );
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "responses.title");

export default function SurveyResponses({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { org, survey: s, counts, responses, next, paged, partials, values, done } = loaderData;
  const title = lang === "fr" ? s.titleFr : s.titleEn;
  const here = pathFor("surveyResponses", lang, { org: org.slug, surveyId: s.id });
  const errors = actionData?.errors ?? loaderData.errors;
  const withFilters = (extra: Record<string, string>) => `${here}?${new URLSearchParams({ ...values, ...extra })}`;
  return (
    <OrgPage
      frame={loaderData}
      title={t("responses.title")}
      crumbs={[
        { label: t("surveys.title"), to: pathFor("surveys", lang, { org: org.slug }) },
        { label: title, to: pathFor("survey", lang, { org: org.slug, surveyId: s.id }) },
      ]}
    >
      {done === "partials" || done === "deleted" ? (
        <Notice kind="success">
          <p>{t(`responses.done.${done}`)}</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} fieldOrder={["status", "channel", "confirm"]} />
      <dl className="summary-list">
        <dt>{t("responses.countComplete")}</dt>
        <dd>{formatNumber(lang, counts.complete)}</dd>
        <dt>{t("responses.countAnonymized")}</dt>
        <dd>{formatNumber(lang, counts.anonymized)}</dd>
        <dt>{t("responses.countPartial")}</dt>
        <dd>{formatNumber(lang, counts.partial)}</dd>
      </dl>
      <Notice>
        <p>{t("responses.privacy")}</p>
      </Notice>
      <Filters errors={loaderData.errors} values={values} />
      {responses.length === 0 ? (
        <p>{t("responses.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t("responses.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("responses.started")}</th>
                <th scope="col">{t("responses.status")}</th>
                <th scope="col">{t("responses.channel")}</th>
                <th scope="col">{t("responses.lang")}</th>
                <th scope="col">{t("responses.submitted")}</th>
              </tr>
            </thead>
            <tbody>
              {responses.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link to={pathFor("surveyResponse", lang, { org: org.slug, surveyId: s.id, responseId: r.id })}>
                      {formatStaffTime(lang, r.startedAt)}
                    </Link>
                  </th>
                  <td>
                    {t(`responses.statuses.${r.status}`)}
                    {r.anonymizedAt ? (
                      <>
                        {" "}
                        <span className="tag">{t("responses.anonymizedTag")}</span>
                      </>
                    ) : null}
                  </td>
                  <td>{t(`responses.channels.${r.channel}`)}</td>
                  <td>{t(`responses.langs.${r.lang}`)}</td>
                  <td>{r.submittedAt ? formatStaffTime(lang, r.submittedAt) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label={t("responses.pagination")} className="actions">
        {paged ? <Link to={withFilters({})}>{t("responses.newest")}</Link> : null}
        {next ? <Link to={withFilters({ after: next })}>{t("responses.older")}</Link> : null}
      </nav>
      {partials ? <DeletePartials {...partials} errors={actionData?.errors} /> : null}
    </OrgPage>
  );
}

function Filters({ errors, values }: { errors: Errors; values: Values }) {
  const t = useT();
  return (
    <form method="get" className="filters">
      <h2>{t("responses.filters")}</h2>
      <div className="side-by-side">
        <SelectField
          name="status"
          label={t("responses.status")}
          errors={errors}
          values={values}
          options={[
            { value: "", label: t("responses.anyStatus") },
            ...responseStatuses.map((v) => ({ value: v, label: t(`responses.statuses.${v}`) })),
          ]}
        />
        <SelectField
          name="channel"
          label={t("responses.channel")}
          errors={errors}
          values={values}
          options={[
            { value: "", label: t("responses.anyChannel") },
            ...responseChannels.map((v) => ({ value: v, label: t(`responses.channels.${v}`) })),
          ]}
        />
      </div>
      <div className="actions">
        <SubmitButton variant="secondary">{t("responses.apply")}</SubmitButton>
      </div>
    </form>
  );
}
