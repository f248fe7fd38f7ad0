import QRCode from "qrcode";
import { redirect } from "react-router";
import { z } from "zod";
import { requestInfoContext, servicesContext } from "#app/context.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import {
  changePassword,
  confirmTwoFactorSetup,
  disableTwoFactor,
  regenerateBackupCodes,
  startTwoFactorSetup,
} from "#app/modules/identity/accounts.server.ts";
import { requireUser } from "#app/modules/identity/guard.server.ts";
import {
  currentPasswordField,
  newPasswordFields,
  oneTimeCodeField,
  parseForm,
  passwordField,
  passwordsMatch,
} from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { CurrentPasswordField, OneTimeCodeField } from "#app/ui/auth-fields.tsx";
import { ErrorSummary, PostForm, SubmitButton, TextField } from "#app/ui/form.tsx";
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
  z.object({ intent: z.literal("backupCodes"), password }),
  z
    .object({
      intent: z.literal("changePassword"),
      currentPassword: password,
      newPassword: passwordField(),
      confirmNewPassword: newPasswordFields.confirmPassword,
    })
    .refine((v) => v.newPassword === v.confirmNewPassword, {
      path: ["confirmNewPassword"],
      message: passwordsMatch.params.message,
    }),
]);

const doneStates = ["enabled", "disabled", "passwordChanged"] as const;

export function loader(args: Route.LoaderArgs) {
  const { user } = requireUser(args);
  const params = new URL(args.request.url).searchParams;
  const done = doneStates.find((d) => d === params.get("done"));
  return { enabled: user.twoFactorEnabled, done };
}

/** The set-up step's QR code and key. A posted URI that is not one shows no set-up. */
async function setupView(totpURI: string, backupCodes: string[] = []) {
  const secret = URL.canParse(totpURI) ? new URL(totpURI).searchParams.get("secret") : null;
  if (!secret || !/^[A-Z2-7]+=*$/.test(secret)) return { setup: undefined };
  const qrSvg = await QRCode.toString(totpURI, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { setup: { totpURI, secret, qrSvg, backupCodes } };
}

export async function action(args: Route.ActionArgs) {
  const { userId, email, name } = requireUser(args);
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
  const who = { headers: request.headers, ip: context.get(requestInfoContext).clientIp, userId, email };
  if (input.intent === "start") {
    const outcome = await startTwoFactorSetup(services, { ...who, password: input.password });
    if (!outcome.ok) return invalid({ [outcome.field ?? "form"]: outcome.key });
    return { errors: undefined, ...(await setupView(outcome.totpURI, outcome.backupCodes)) };
  }
  if (input.intent === "confirm") {
    const outcome = await confirmTwoFactorSetup(services, { ...who, code: input.code });
    if (!outcome.ok) return invalid({ [outcome.field ?? "form"]: outcome.key }, {}, await setupView(input.totpURI));
    throw redirect(`${pathFor("accountSecurity", lang)}?done=enabled`, { headers: outcome.cookies });
  }
  if (input.intent === "backupCodes") {
    const outcome = await regenerateBackupCodes(services, { ...who, password: input.password });
    if (!outcome.ok) return invalid({ [outcome.field ?? "form"]: outcome.key });
    return { errors: undefined, setup: undefined, backupCodes: outcome.backupCodes };
  }
  if (input.intent === "changePassword") {
    const outcome = await changePassword(services, {
      ...who,
      name,
      password: input.currentPassword,
      newPassword: input.newPassword,
    });
    if (!outcome.ok) {
      const field = outcome.field === "password" ? "currentPassword" : (outcome.field ?? "form");
      return invalid({ [field]: outcome.key });
    }
    throw redirect(`${pathFor("accountSecurity", lang)}?done=passwordChanged`, { headers: outcome.cookies });
  }
  const outcome = await disableTwoFactor(services, { ...who, password: input.password });
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
  const backupCodes =
    actionData && "backupCodes" in actionData ? (actionData.backupCodes as string[] | undefined) : undefined;
  return (
    <>
      <Breadcrumbs
        items={[{ label: t("account.title"), to: pathFor("account", lang) }, { label: t("security.title") }]}
      />
      <h1>{t("security.title")}</h1>
      {loaderData.done ? (
        <Notice kind="success">
          <p>{t(`security.done.${loaderData.done}`)}</p>
        </Notice>
      ) : null}
      <ErrorSummary
        errors={errors}
        fieldOrder={["form", "password", "code", "currentPassword", "newPassword", "confirmNewPassword"]}
      />
      <h2>{t("security.twoFactorHeading")}</h2>
      <p>
        <strong>{t(loaderData.enabled ? "security.statusOn" : "security.statusOff")}</strong>
      </p>
      {setup ? (
        <SetupStep setup={setup} errors={errors} />
      ) : loaderData.enabled ? (
        <>
          <PostForm>
            <input type="hidden" name="intent" value="disable" />
            <p>{t("security.disableIntro")}</p>
            <CurrentPasswordField errors={errors} />
            <div className="actions">
              <SubmitButton variant="danger">{t("security.disable")}</SubmitButton>
            </div>
          </PostForm>
          <h2>{t("security.backupHeading")}</h2>
          {backupCodes ? (
            <BackupCodes codes={backupCodes} />
          ) : (
            <PostForm>
              <input type="hidden" name="intent" value="backupCodes" />
              <p>{t("security.regenerateIntro")}</p>
              <CurrentPasswordField errors={errors} />
              <div className="actions">
                <SubmitButton variant="secondary">{t("security.regenerate")}</SubmitButton>
              </div>
            </PostForm>
          )}
        </>
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
      <h2>{t("security.passwordHeading")}</h2>
      <PostForm>
        <input type="hidden" name="intent" value="changePassword" />
        <TextField
          name="currentPassword"
          type="password"
          label={t("fields.currentPassword")}
          autoComplete="current-password"
          errors={errors}
        />
        <TextField
          name="newPassword"
          type="password"
          label={t("fields.newPassword")}
          hint={t("signUp.passwordHint")}
          autoComplete="new-password"
          errors={errors}
        />
        <TextField
          name="confirmNewPassword"
          type="password"
          label={t("fields.confirmNewPassword")}
          autoComplete="new-password"
          errors={errors}
        />
        <div className="actions">
          <SubmitButton variant="secondary">{t("security.changePassword")}</SubmitButton>
        </div>
      </PostForm>
    </>
  );
}

/** Backup codes, shown once: each signs in once instead of the app's code. */
function BackupCodes({ codes }: { codes: string[] }) {
  const t = useT();
  return (
    <>
      <p>{t("security.backupIntro")}</p>
      <ul className="code" data-testid="backup-codes">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
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
          <BackupCodes codes={setup.backupCodes} />
        </>
      ) : null}
      <OneTimeCodeField errors={errors} />
      <div className="actions">
        <SubmitButton>{t("security.confirm")}</SubmitButton>
      </div>
    </PostForm>
  );
}
