import { randomBytes } from "node:crypto";
import { Link, redirect } from "react-router";
import { servicesContext } from "#app/context.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { formErrorOrThrow, type GuardArgs, orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { can } from "#app/modules/identity/policy.ts";
import { getDistribution, qrCode, startStaffEntry } from "#app/modules/responses/distribution.server.ts";
import { ErrorSummary, PostForm, SubmitButton } from "#app/ui/form.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/survey-distribution";

// The QR code as a file, sent from middleware before any loader runs (like
// the export page's files): a page route's loader can only hand data to the page.
export const middleware: Route.MiddlewareFunction[] = [
  async (args, next) => {
    const format = new URL(args.request.url).searchParams.get("qr");
    if (format !== "svg" && format !== "png") return next();
    return qrFile(args, format);
  },
];

async function qrFile(args: GuardArgs, format: "svg" | "png"): Promise<Response> {
  const ctx = await requireMember(args, "results.view");
  const { settings } = args.context.get(servicesContext);
  const d = await orRespond(() => getDistribution(ctx, args.params.surveyId ?? ""));
  const body = await qrCode(respondentLink(settings.baseUrl, d.publicKey), format);
  return new Response(typeof body === "string" ? body : new Uint8Array(body), {
    headers: {
      "Content-Type": format === "svg" ? "image/svg+xml" : "image/png",
      "Content-Disposition": `attachment; filename="survey-${d.publicKey}-qr.${format}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

// The link in the QR code leaves the language to the respondent's browser.
const respondentLink = (baseUrl: string, publicKey: string) => `${baseUrl}/s/${publicKey}`;

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "results.view");
  const { settings } = args.context.get(servicesContext);
  const [frame, d] = await Promise.all([
    getOrganizationFrame(ctx),
    orRespond(() => getDistribution(ctx, args.params.surveyId)),
  ]);
  const qrUrl = respondentLink(settings.baseUrl, d.publicKey);
  const svg = (await qrCode(qrUrl, "svg")) as string;
  return {
    ...frame,
    distribution: d,
    qrUrl,
    qrImage: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
    links: {
      en: `${settings.baseUrl}${pathFor("respondStart", "en", { key: d.publicKey })}`,
      fr: `${settings.baseUrl}${pathFor("respondStart", "fr", { key: d.publicKey })}`,
    },
    canEnter: can(ctx.roles, "responses.enter"),
    canInvite: can(ctx.roles, "surveys.design"),
    canImport: can(ctx.roles, "surveys.design"),
    startKey: randomBytes(18).toString("base64url"),
  };
}

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "responses.enter");
  const { settings } = args.context.get(servicesContext);
  const form = await args.request.formData();
  const startKey = String(form.get("startKey") ?? "");
  try {
    if (!/^[\w-]{16,64}$/.test(startKey)) return { errors: { form: "errors.invalid" } };
    const lang = langOfPath(new URL(args.request.url).pathname);
    const { publicKey, token } = await startStaffEntry(ctx, settings.authSecret, args.params.surveyId, {
      startKey,
      lang,
    });
    throw redirect(pathFor("respondPage", lang, { key: publicKey, token }));
  } catch (error) {
    return formErrorOrThrow(error, () => "form");
  }
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "distribution.title");

export default function SurveyDistribution({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { org, distribution: d, links, qrImage, qrUrl, canEnter, canInvite, canImport, startKey } = loaderData;
  const surveyTitle = lang === "fr" ? d.titleFr : d.titleEn;
  const here = pathFor("surveyDistribution", lang, { org: org.slug, surveyId: d.id });
  const number = new Intl.NumberFormat(lang === "fr" ? "fr-CA" : "en-CA");
  return (
    <OrgPage
      frame={loaderData}
      title={t("distribution.title")}
      crumbs={[
        { label: t("surveys.title"), to: pathFor("surveys", lang, { org: org.slug }) },
        { label: surveyTitle, to: pathFor("survey", lang, { org: org.slug, surveyId: d.id }) },
      ]}
    >
      <ErrorSummary errors={actionData?.errors} />
      {d.status === "closed" ? (
        <Notice kind="warning">
          <p>{t("distribution.closed")}</p>
        </Notice>
      ) : null}
      <h2>{t("distribution.progressHeading")}</h2>
      <dl className="summary-list">
        <dt>{t("distribution.complete")}</dt>
        <dd>
          {number.format(d.complete)}
          {d.responseTarget
            ? ` · ${t("distribution.target", { target: number.format(d.responseTarget), percent: number.format(Math.round((100 * d.complete) / d.responseTarget)) })}`
            : ""}
        </dd>
        <dt>{t("distribution.partial")}</dt>
        <dd>{number.format(d.partial)}</dd>
      </dl>
      {canImport && d.publishedVersion ? (
        <p>
          <Link to={pathFor("surveyImport", lang, { org: org.slug, surveyId: d.id })}>{t("import.link")}</Link>
        </p>
      ) : null}
      {d.publishedVersion ? null : (
        <Notice kind="warning">
          <p>{t("distribution.notPublished")}</p>
        </Notice>
      )}
      <h2>{t("distribution.linkHeading")}</h2>
      <p>{t("distribution.linkIntro")}</p>
      <dl className="summary-list">
        <dt>{t("distribution.linkEn")}</dt>
        <dd className="resume-link">{links.en}</dd>
        <dt>{t("distribution.linkFr")}</dt>
        <dd className="resume-link">{links.fr}</dd>
      </dl>
      {canInvite ? (
        <>
          <h2>{t("distribution.invitationsHeading")}</h2>
          <p>{t("distribution.invitationsIntro")}</p>
          <p>
            <Link to={pathFor("surveyInvitations", lang, { org: org.slug, surveyId: d.id })}>
              {t("distribution.invitationsLink")}
            </Link>
          </p>
        </>
      ) : null}
      <h2>{t("distribution.qrHeading")}</h2>
      <p>{t("distribution.qrIntro", { url: qrUrl })}</p>
      <img src={qrImage} alt={t("distribution.qrAlt", { url: qrUrl })} width={200} height={200} className="qr-code" />
      <ul>
        <li>
          <a href={`${here}?qr=svg`} download>
            {t("distribution.qrSvg")}
          </a>
        </li>
        <li>
          <a href={`${here}?qr=png`} download>
            {t("distribution.qrPng")}
          </a>
        </li>
      </ul>
      {canEnter ? (
        <>
          <h2>{t("distribution.staffHeading")}</h2>
          <p>{t("distribution.staffIntro")}</p>
          <PostForm>
            <input type="hidden" name="startKey" value={startKey} />
            <SubmitButton variant="secondary">{t("distribution.staffStart")}</SubmitButton>
          </PostForm>
        </>
      ) : null}
    </OrgPage>
  );
}
