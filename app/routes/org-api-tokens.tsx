import { data, redirect } from "react-router";
import { formatDateTime } from "#app/i18n/i18n.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { formErrorOrThrow, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { parseForm } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { apiScopes } from "#app/modules/responses/api-scopes.ts";
import { apiTokenInput, endOfDayUtc } from "#app/modules/responses/api-token-input.ts";
import { createApiToken, findApiTokens, revokeApiToken } from "#app/modules/responses/api-tokens.server.ts";
import { CheckboxGroup, ErrorSummary, PostForm, SubmitButton, TextField } from "#app/ui/form.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/org-api-tokens";

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
  const form = parseForm(apiTokenInput, body);
  if (!form.ok) return invalid(form.errors, form.values);
  const { tokenName: name, scopes, expires } = form.data;
  let created;
  try {
    created = await createApiToken(ctx, { name, scopes, expiresAt: expires ? endOfDayUtc(expires) : null });
  } catch (error) {
    return formErrorOrThrow(error, (e) => (e.key === "apiTokens.errors.scopes" ? "scopes" : "expires"), form.values);
  }
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
      <ErrorSummary
        errors={errors}
        fieldOrder={["form", "tokenName", "scopes", "expires"]}
        labels={{ tokenName: t("fields.tokenName"), scopes: t("apiTokens.scopes"), expires: t("apiTokens.expires") }}
      />
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
        <CheckboxGroup
          name="scopes"
          label={t("apiTokens.scopes")}
          hint={t("apiTokens.scopesHint")}
          errors={errors}
          values={created ? undefined : values}
          options={apiScopes.map((scope) => ({ value: scope, label: t(`apiTokens.scope.${scope.replace(":", "_")}`) }))}
        />
        <TextField
          type="date"
          name="expires"
          label={t("apiTokens.expires")}
          hint={t("apiTokens.expiresHint")}
          errors={errors}
          values={created ? undefined : values}
          short
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
                <th scope="col">{t("apiTokens.scopes")}</th>
                <th scope="col">{t("apiTokens.createdAt")}</th>
                <th scope="col">{t("apiTokens.expiresOn")}</th>
                <th scope="col">{t("apiTokens.lastUsed")}</th>
                <th scope="col">{t("apiTokens.status")}</th>
                <th scope="col">{t("forms.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <th scope="row">{token.name}</th>
                  <td>{token.scopes.join(", ")}</td>
                  <td>
                    {formatDateTime(lang, token.createdAt)}
                    {token.createdBy ? ` · ${token.createdBy}` : ""}
                  </td>
                  <td>{token.expiresAt ? formatDateTime(lang, token.expiresAt) : t("apiTokens.noExpiry")}</td>
                  <td>{token.lastUsedAt ? formatDateTime(lang, token.lastUsedAt) : t("apiTokens.never")}</td>
                  <td>
                    {token.revokedAt
                      ? t("apiTokens.revokedOn", { date: formatDateTime(lang, token.revokedAt) })
                      : t(`apiTokens.statuses.${token.status}`)}
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
