import { data, redirect } from "react-router";
import { z } from "zod";
import { servicesContext } from "#app/context.ts";
import { formatDate, formatDateTime } from "#app/i18n/i18n.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { formErrorOrThrow, orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import {
  createShareLink,
  findShareLinks,
  getShareOptions,
  revokeShareLink,
  SHARE_LABEL_MAX,
} from "#app/modules/insights/share-links.server.ts";
import { getSurvey } from "#app/modules/measure/surveys.server.ts";
import { parseForm, requiredText } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { CheckboxGroup, ErrorSummary, PostForm, SubmitButton, TextField } from "#app/ui/form.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/survey-share-links";

const blank = (v: unknown) => (v === "" ? undefined : v);
const createSchema = z.object({
  label: requiredText(SHARE_LABEL_MAX),
  expires: z.preprocess(blank, z.iso.date("shareLinks.errors.date").optional()),
  excluded: z.preprocess(
    (v) => (v === undefined || v === "" ? [] : ([] as unknown[]).concat(v)),
    z.array(z.string().max(64, "shareLinks.errors.excluded")).max(500, "shareLinks.errors.excluded"),
  ),
});

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "results.view");
  const [frame, s] = await Promise.all([
    getOrganizationFrame(ctx),
    orRespond(() => getSurvey(ctx, args.params.surveyId)),
  ]);
  const [options, links] = await Promise.all([getShareOptions(ctx, s.id), findShareLinks(ctx, s.id)]);
  return {
    ...frame,
    survey: { id: s.id, titleEn: s.titleEn, titleFr: s.titleFr },
    options,
    links,
    revoked: new URL(args.request.url).searchParams.has("revoked"),
  };
}

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "results.view");
  const surveyId = args.params.surveyId;
  const body = await args.request.formData();
  const lang = langOfPath(new URL(args.request.url).pathname);
  if (body.get("intent") === "revoke") {
    try {
      await revokeShareLink(ctx, surveyId, String(body.get("linkId") ?? ""));
    } catch (error) {
      return formErrorOrThrow(error, "form");
    }
    throw redirect(`${pathFor("surveyShareLinks", lang, { org: ctx.orgSlug, surveyId })}?revoked=1`);
  }
  const form = parseForm(createSchema, body);
  if (!form.ok) return invalid(form.errors, form.values);
  // The link works until the end of the chosen day (UTC).
  const expiresAt = form.data.expires ? new Date(Date.parse(`${form.data.expires}T00:00:00Z`) + 86_400_000) : null;
  let created;
  try {
    created = await createShareLink(ctx, surveyId, { label: form.data.label, excluded: form.data.excluded, expiresAt });
  } catch (error) {
    return formErrorOrThrow(error, (e) => (e.key === "shareLinks.errors.past" ? "expires" : "excluded"), form.values);
  }
  const { settings } = args.context.get(servicesContext);
  const url = new URL(pathFor("sharedResults", lang, { token: created.token }), settings.baseUrl).toString();
  // Shown once, in this answer: only the token's hash is kept, so a redirect could not show it.
  return data({ created: { label: form.data.label, url } });
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "shareLinks.title");

export default function SurveyShareLinks({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { org, survey: s, options, links, revoked } = loaderData;
  const errors = actionData && "errors" in actionData ? actionData.errors : undefined;
  const values = actionData && "values" in actionData ? actionData.values : undefined;
  const created = actionData && "created" in actionData ? actionData.created : null;
  const text = (q: { textEn: string; textFr: string }) => (lang === "fr" ? q.textFr : q.textEn);
  return (
    <OrgPage
      frame={loaderData}
      title={t("shareLinks.title")}
      crumbs={[
        { label: t("surveys.title"), to: pathFor("surveys", lang, { org: org.slug }) },
        {
          label: text({ textEn: s.titleEn, textFr: s.titleFr }),
          to: pathFor("survey", lang, { org: org.slug, surveyId: s.id }),
        },
      ]}
    >
      {created ? (
        <Notice kind="success">
          <p>{t("shareLinks.created", { label: created.label })}</p>
          <p className="token">
            <code>{created.url}</code>
          </p>
          <p>{t("shareLinks.shownOnce")}</p>
        </Notice>
      ) : null}
      {revoked ? (
        <Notice kind="success">
          <p>{t("shareLinks.revoked")}</p>
        </Notice>
      ) : null}
      <ErrorSummary
        errors={errors}
        fieldOrder={["form", "label", "expires", "excluded"]}
        labels={{ label: t("shareLinks.label"), expires: t("shareLinks.expires"), excluded: t("shareLinks.exclude") }}
      />
      <p>{t("shareLinks.intro")}</p>
      <h2>{t("shareLinks.listHeading")}</h2>
      {links.length === 0 ? (
        <p>{t("shareLinks.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("shareLinks.listHeading")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("shareLinks.label")}</th>
                <th scope="col">{t("shareLinks.status")}</th>
                <th scope="col">{t("shareLinks.createdOn")}</th>
                <th scope="col">{t("shareLinks.expiresOn")}</th>
                <th scope="col">{t("shareLinks.lastViewed")}</th>
                <th scope="col">{t("shareLinks.leftOut")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("shareLinks.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {links.map((link) => (
                <tr key={link.id}>
                  <th scope="row">{link.label}</th>
                  <td>{t(`shareLinks.statuses.${link.status}`)}</td>
                  <td>
                    {formatDate(lang, link.createdAt)}
                    {link.createdBy ? ` · ${link.createdBy}` : ""}
                  </td>
                  <td>{link.expiresAt ? formatDateTime(lang, link.expiresAt) : t("shareLinks.never")}</td>
                  <td>{link.lastViewedAt ? formatDateTime(lang, link.lastViewedAt) : t("shareLinks.notViewed")}</td>
                  <td>{link.excluded.join(", ")}</td>
                  <td>
                    {link.status === "active" ? (
                      <PostForm>
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="linkId" value={link.id} />
                        <button type="submit" className="button button--danger">
                          {t("shareLinks.revoke")}
                          <span className="visually-hidden"> {link.label}</span>
                        </button>
                      </PostForm>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t("shareLinks.createHeading")}</h2>
      <PostForm>
        <TextField
          name="label"
          label={t("shareLinks.label")}
          hint={t("shareLinks.labelHint")}
          errors={errors}
          values={values}
        />
        <TextField
          type="date"
          name="expires"
          label={t("shareLinks.expires")}
          hint={t("shareLinks.expiresHint")}
          errors={errors}
          values={values}
          short
        />
        {options.questions.length > 0 ? (
          <CheckboxGroup
            name="excluded"
            label={t("shareLinks.exclude")}
            hint={t("shareLinks.excludeHint")}
            errors={errors}
            values={values}
            options={options.questions.map((q) => ({ value: q.code, label: `${q.code} — ${text(q)}` }))}
          />
        ) : null}
        {options.freeText.length > 0 ? (
          <p>{t("shareLinks.freeTextLeftOut", { codes: options.freeText.join(", ") })}</p>
        ) : null}
        <div className="actions">
          <SubmitButton>{t("shareLinks.create")}</SubmitButton>
        </div>
      </PostForm>
    </OrgPage>
  );
}
