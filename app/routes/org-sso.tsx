import { redirect } from "react-router";
import { z } from "zod";
import { servicesContext } from "#app/context.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { formErrorOrThrow, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { configureSso, getSsoSettings, removeSso } from "#app/modules/identity/sso.server.ts";
import { parseForm, requiredText } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { ErrorSummary, PostForm, SubmitButton, TextField } from "#app/ui/form.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/org-sso";

const schema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save"),
    issuer: requiredText(500).pipe(z.url({ protocol: /^https?$/, error: "sso.errors.issuer" })),
    clientId: requiredText(200),
    clientSecret: requiredText(500),
  }),
  z.object({ intent: z.literal("remove") }),
]);

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "org.settings.manage");
  const { settings } = args.context.get(servicesContext);
  const [frame, sso] = await Promise.all([getOrganizationFrame(ctx), getSsoSettings(ctx, settings.baseUrl)]);
  return { ...frame, sso, done: new URL(args.request.url).searchParams.get("done") };
}

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "org.settings.manage");
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return invalid(form.errors, form.values);
  const { auth, settings } = args.context.get(servicesContext);
  try {
    if (form.data.intent === "save") {
      await configureSso(ctx, form.data, auth, {
        headers: args.request.headers,
        trustedOrigins: settings.trustedOrigins,
      });
    } else {
      await removeSso(ctx);
    }
  } catch (error) {
    return formErrorOrThrow(error, "form", form.values);
  }
  const lang = langOfPath(new URL(args.request.url).pathname);
  throw redirect(
    `${pathFor("orgSso", lang, { org: ctx.orgSlug })}?done=${form.data.intent === "save" ? "saved" : "removed"}`,
  );
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "sso.title");

export default function OrgSso({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { sso, org, done } = loaderData;
  const errors = actionData?.errors;
  const values = actionData?.values;
  return (
    <OrgPage
      frame={loaderData}
      title={t("sso.title")}
      crumbs={[{ label: t("orgSettings.title"), to: pathFor("orgSettings", lang, { org: org.slug }) }]}
    >
      {done ? (
        <Notice kind="success">
          <p>{t(done === "saved" ? "sso.saved" : "sso.removed")}</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} fieldOrder={["form", "issuer", "clientId", "clientSecret"]} />
      <p>{t("sso.intro")}</p>
      {!sso.domain ? (
        <Notice kind="warning">
          <p>{t("sso.noDomain")}</p>
        </Notice>
      ) : (
        <>
          <dl className="summary-list">
            <dt>{t("sso.domain")}</dt>
            <dd>{sso.domain}</dd>
            <dt>{t("sso.status")}</dt>
            <dd>{sso.issuer ? t("sso.connected", { issuer: sso.issuer }) : t("sso.notConnected")}</dd>
            <dt>{t("sso.callback")}</dt>
            <dd className="code">{sso.callbackUrl}</dd>
          </dl>
          <h2>{t(sso.issuer ? "sso.replaceHeading" : "sso.connectHeading")}</h2>
          <PostForm>
            <input type="hidden" name="intent" value="save" />
            <TextField
              name="issuer"
              label={t("sso.issuer")}
              hint={t("sso.issuerHint")}
              errors={errors}
              values={values}
              defaultValue={sso.issuer ?? ""}
            />
            <TextField
              name="clientId"
              label={t("sso.clientId")}
              errors={errors}
              values={values}
              defaultValue={sso.clientId ?? ""}
              autoComplete="off"
            />
            <TextField
              name="clientSecret"
              type="password"
              label={t("sso.clientSecret")}
              hint={t("sso.clientSecretHint")}
              errors={errors}
              autoComplete="off"
            />
            <div className="actions">
              <SubmitButton>{t("sso.save")}</SubmitButton>
            </div>
          </PostForm>
          {sso.issuer ? (
            <PostForm>
              <input type="hidden" name="intent" value="remove" />
              <h2>{t("sso.removeHeading")}</h2>
              <p>{t("sso.removeIntro")}</p>
              <div className="actions">
                <SubmitButton variant="danger">{t("sso.remove")}</SubmitButton>
              </div>
            </PostForm>
          ) : null}
        </>
      )}
    </OrgPage>
  );
}
