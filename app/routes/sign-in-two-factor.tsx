import { redirect } from "react-router";
import { z } from "zod";
import { requestInfoContext, servicesContext } from "#app/context.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { verifyBackupCodeSignIn, verifyTwoFactorSignIn } from "#app/modules/identity/accounts.server.ts";
import { oneTimeCodeField, parseForm } from "#app/modules/platform/forms.ts";
import { invalid, safeNext } from "#app/modules/platform/http.server.ts";
import { OneTimeCodeField } from "#app/ui/auth-fields.tsx";
import { ErrorSummary, PostForm, SubmitButton, TextField } from "#app/ui/form.tsx";
import { Breadcrumbs } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/sign-in-two-factor";

const next = z.string().max(500).optional();
const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("code"), code: oneTimeCodeField(), next }),
  z.object({
    intent: z.literal("backup"),
    // Backup codes are 10 letters and digits, shown as two groups of five.
    backupCode: z
      .string({ error: "errors.required" })
      .trim()
      .min(1, "errors.required")
      .max(40, "twoFactor.errors.invalidBackupCode"),
    next,
  }),
]);

export function loader({ request }: Route.LoaderArgs) {
  const url = new URL(request.url);
  return { next: safeNext(url.searchParams.get("next"), pathFor("home", langOfPath(url.pathname))) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const lang = langOfPath(new URL(request.url).pathname);
  const body = await request.formData();
  if (!body.has("intent")) body.set("intent", "code");
  const form = parseForm(schema, body);
  if (!form.ok) return invalid(form.errors, { next: String(form.values.next ?? "") });
  const services = context.get(servicesContext);
  const from = { headers: request.headers, ip: context.get(requestInfoContext).clientIp };
  const outcome =
    form.data.intent === "code"
      ? await verifyTwoFactorSignIn(services, { ...from, code: form.data.code })
      : await verifyBackupCodeSignIn(services, { ...from, code: form.data.backupCode });
  if (!outcome.ok) return invalid({ [outcome.field ?? "form"]: outcome.key }, { next: form.data.next ?? "" });
  throw redirect(safeNext(form.data.next, pathFor("home", lang)), { headers: outcome.cookies });
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "twoFactor.title");

export default function TwoFactorChallenge({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const errors = actionData?.errors;
  return (
    <>
      <Breadcrumbs
        items={[{ label: t("signIn.title"), to: pathFor("signIn", lang) }, { label: t("twoFactor.title") }]}
      />
      <h1>{t("twoFactor.title")}</h1>
      <ErrorSummary errors={errors} fieldOrder={["form", "code", "backupCode"]} />
      <p>{t("twoFactor.intro")}</p>
      <PostForm>
        <input type="hidden" name="intent" value="code" />
        <input type="hidden" name="next" value={loaderData.next} />
        <OneTimeCodeField errors={errors} />
        <div className="actions">
          <SubmitButton>{t("twoFactor.submit")}</SubmitButton>
        </div>
      </PostForm>
      <h2>{t("twoFactor.backupHeading")}</h2>
      <p>{t("twoFactor.backupIntro")}</p>
      <PostForm>
        <input type="hidden" name="intent" value="backup" />
        <input type="hidden" name="next" value={loaderData.next} />
        <TextField name="backupCode" label={t("fields.backupCode")} autoComplete="off" short errors={errors} />
        <div className="actions">
          <SubmitButton variant="secondary">{t("twoFactor.backupSubmit")}</SubmitButton>
        </div>
      </PostForm>
    </>
  );
}
