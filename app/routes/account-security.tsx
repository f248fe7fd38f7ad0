import QRCode from "qrcode";
import { redirect } from "react-router";
import { z } from "zod";
import { servicesContext } from "#app/context.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { confirmTwoFactorSetup, disableTwoFactor, startTwoFactorSetup } from "#app/modules/identity/accounts.server.ts";
import { requireUser } from "#app/modules/identity/guard.server.ts";
import { currentPasswordField, oneTimeCodeField, parseForm } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { CurrentPasswordField, OneTimeCodeField } from "#app/ui/auth-fields.tsx";
import { ErrorSummary, PostForm, SubmitButton } from "#app/ui/form.tsx";
import { Breadcrumbs, Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/account-security";

const password = currentPasswordField();
const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start"), password }),
  z.object({
    intent: z.literal("confirm"),
    code: oneTimeCodeField(),
    totpURI: z.string().max(1000).startsWith("otpauth://"),
  }),
  z.object({ intent: z.literal("disable"), password }),
]);

export function loader(args: Route.LoaderArgs) {
  const { user } = requireUser(args);
  const params = new URL(args.request.url).searchParams;
  return { enabled: user.twoFactorEnabled, done: params.get("done") };
}

/** The set-up step's QR code and key. A posted URI that is not one shows no set-up. */
async function setupView(totpURI: string, backupCodes: string[] = []) {
  const secret = URL.canParse(totpURI) ? new URL(totpURI).searchParams.get("secret") : null;
  if (!secret || !/^[A-Z2-7]+=*$/.test(secret)) return { setup: undefined };
  const qrSvg = await QRCode.toString(totpURI, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { setup: { totpURI, secret, qrSvg, backupCodes } };
}

export async function action(args: Route.ActionArgs) {
  requireUser(args);
  const { request, context } = args;
  const lang = langOfPath(new URL(request.url).pathname);
  const services = context.get(servicesContext);
  const form = parseForm(schema, await request.formData());
  if (!form.ok) {
    const uri = form.values.totpURI;
    const view = typeof uri === "string" && uri.startsWith("otpauth://") ? await setupView(uri) : { setup: undefined };
    return invalid(form.errors, {}, view);
  }
  const input = form.data;
  const headers = request.headers;
  if (input.intent === "start") {
    const outcome = await startTwoFactorSetup(services, { password: input.password, headers });
    if (!outcome.ok) return invalid({ [outcome.field ?? "form"]: outcome.key });
    return { errors: undefined, ...(await setupView(outcome.totpURI, outcome.backupCodes)) };
  }
  if (input.intent === "confirm") {
    const outcome = await confirmTwoFactorSetup(services, { code: input.code, headers });
    if (!outcome.ok) return invalid({ [outcome.field ?? "form"]: outcome.key }, {}, await setupView(input.totpURI));
    throw redirect(`${pathFor("accountSecurity", lang)}?done=enabled`, { headers: outcome.cookies });
  }
  const outcome = await disableTwoFactor(services, { password: input.password, headers });
  if (!outcome.ok) return invalid({ [outcome.field ?? "form"]: outcome.key });
  throw redirect(`${pathFor("accountSecurity", lang)}?done=disabled`, { headers: outcome.cookies });
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "security.title");

type Setup = NonNullable<Awaited<ReturnType<typeof setupView>>["setup"]>;

export default function Security({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const errors = actionData?.errors;
  const setup = actionData && "setup" in actionData ? (actionData.setup as Setup | undefined) : undefined;
  return (
    <>
      <Breadcrumbs
        items={[{ label: t("account.title"), to: pathFor("account", lang) }, { label: t("security.title") }]}
      />
      <h1>{t("security.title")}</h1>
      {loaderData.done ? (
        <Notice kind="success">
          <p>{t(`security.done.${loaderData.done === "enabled" ? "enabled" : "disabled"}`)}</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} fieldOrder={["form", "password", "code"]} />
      <h2>{t("security.twoFactorHeading")}</h2>
      <p>
        <strong>{t(loaderData.enabled ? "security.statusOn" : "security.statusOff")}</strong>
      </p>
      {setup ? (
        <SetupStep setup={setup} errors={errors} />
      ) : loaderData.enabled ? (
        <PostForm>
          <input type="hidden" name="intent" value="disable" />
          <p>{t("security.disableIntro")}</p>
          <CurrentPasswordField errors={errors} />
          <div className="actions">
            <SubmitButton variant="danger">{t("security.disable")}</SubmitButton>
          </div>
        </PostForm>
      ) : (
        <PostForm>
          <input type="hidden" name="intent" value="start" />
          <p>{t("security.enableIntro")}</p>
          <CurrentPasswordField errors={errors} />
          <div className="actions">
            <SubmitButton>{t("security.enable")}</SubmitButton>
          </div>
        </PostForm>
      )}
    </>
  );
}

function SetupStep({ setup, errors }: { setup: Setup; errors: Record<string, string> | undefined }) {
  const t = useT();
  return (
    <PostForm>
      <input type="hidden" name="intent" value="confirm" />
      <input type="hidden" name="totpURI" value={setup.totpURI} />
      <h3>{t("security.scanHeading")}</h3>
      <p>{t("security.scanIntro")}</p>
      {/* The SVG comes from the qrcode library, built from our own otpauth URI. */}
      <div
        className="qr"
        role="img"
        aria-label={t("security.qrLabel")}
        dangerouslySetInnerHTML={{ __html: setup.qrSvg }}
      />
      <p>
        {t("security.manualKey")} {/* In groups of four, as people type it into their app. */}
        <span className="code" data-testid="totp-secret">
          {setup.secret.match(/.{1,4}/g)?.join(" ")}
        </span>
      </p>
      {setup.backupCodes.length > 0 ? (
        <>
          <h3>{t("security.backupHeading")}</h3>
          <p>{t("security.backupIntro")}</p>
          <ul className="code">
            {setup.backupCodes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </>
      ) : null}
      <OneTimeCodeField errors={errors} />
      <div className="actions">
        <SubmitButton>{t("security.confirm")}</SubmitButton>
      </div>
    </PostForm>
  );
}
