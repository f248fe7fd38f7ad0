import { data, redirect } from "react-router";
import { z } from "zod";
import { formatDateTime } from "#app/i18n/i18n.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { formErrorOrThrow, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { parseForm, requiredText } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { createApiToken, findApiTokens, revokeApiToken } from "#app/modules/responses/api-tokens.server.ts";
import { ErrorSummary, PostForm, SubmitButton, TextField } from "#app/ui/form.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/org-api-tokens";

const createSchema = z.object({ tokenName: requiredText(100) });

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "org.settings.manage");
  const [frame, tokens] = await Promise.all([getOrganizationFrame(ctx), findApiTokens(ctx)]);
  return { ...frame, tokens, revoked: new URL(args.request.url).searchParams.has("revoked") };
}

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "org.settings.manage");
  const body = await args.request.formData();
  if (body.get("intent") === "revoke") {
    try {
      await revokeApiToken(ctx, String(body.get("tokenId") ?? ""));
    } catch (error) {
      return formErrorOrThrow(error, "form");
    }
    const lang = langOfPath(new URL(args.request.url).pathname);
    throw redirect(`${pathFor("orgApiTokens", lang, { org: ctx.orgSlug })}?revoked=1`);
  }
  const form = parseForm(createSchema, body);
  if (!form.ok) return invalid(form.errors, form.values);
  const created = await createApiToken(ctx, form.data.tokenName);
  // Shown once, in this answer: it is never stored, so a redirect could not show it.
  return data({ created: { name: form.data.tokenName, token: created.token } });
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "apiTokens.title");

export default function OrgApiTokens({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { tokens, revoked } = loaderData;
  const errors = actionData && "errors" in actionData ? actionData.errors : undefined;
  const values = actionData && "values" in actionData ? actionData.values : undefined;
  const created = actionData && "created" in actionData ? actionData.created : null;
  return (
    <OrgPage
      frame={loaderData}
      title={t("apiTokens.title")}
      crumbs={[{ label: t("orgSettings.title"), to: pathFor("orgSettings", lang, { org: loaderData.org.slug }) }]}
    >
      {created ? (
        <Notice kind="success">
          <p>{t("apiTokens.created", { name: created.name })}</p>
          <p className="token">
            <code>{created.token}</code>
          </p>
          <p>{t("apiTokens.howToUse")}</p>
        </Notice>
      ) : null}
      {revoked ? (
        <Notice kind="success">
          <p>{t("apiTokens.revoked")}</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} fieldOrder={["tokenName"]} />
      <p>{t("apiTokens.intro")}</p>
      <p>
        {t("apiTokens.docs")} <a href="/api/v1/openapi.json">{t("apiTokens.docsLink")}</a>
      </p>
      <h2>{t("apiTokens.createHeading")}</h2>
      <PostForm>
        <TextField
          name="tokenName"
          label={t("fields.tokenName")}
          hint={t("apiTokens.nameHint")}
          errors={errors}
          values={created ? undefined : values}
        />
        <div className="actions">
          <SubmitButton>{t("apiTokens.create")}</SubmitButton>
        </div>
      </PostForm>
      <h2>{t("apiTokens.listHeading")}</h2>
      {tokens.length === 0 ? (
        <p>{t("apiTokens.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("apiTokens.listHeading")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("apiTokens.name")}</th>
                <th scope="col">{t("apiTokens.createdAt")}</th>
                <th scope="col">{t("apiTokens.lastUsed")}</th>
                <th scope="col">{t("apiTokens.status")}</th>
                <th scope="col">{t("forms.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <th scope="row">{token.name}</th>
                  <td>{formatDateTime(lang, token.createdAt)}</td>
                  <td>{token.lastUsedAt ? formatDateTime(lang, token.lastUsedAt) : t("apiTokens.never")}</td>
                  <td>
                    {token.revokedAt
                      ? t("apiTokens.revokedOn", { date: formatDateTime(lang, token.revokedAt) })
                      : t("apiTokens.active")}
                  </td>
                  <td>
                    {token.revokedAt ? null : (
                      <PostForm className="inline-form">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="tokenId" value={token.id} />
                        <button type="submit" className="button button--danger">
                          {t("apiTokens.revoke")}
                          <span className="visually-hidden"> {token.name}</span>
                        </button>
                      </PostForm>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </OrgPage>
  );
}
