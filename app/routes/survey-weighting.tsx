import { data, Link, redirect } from "react-router";
import { z } from "zod";
import { formatNumber } from "#app/i18n/i18n.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { type GuardArgs, orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { shareField } from "#app/modules/insights/weighting-fields.ts";
import {
  marginsCsv,
  marginsToEntries,
  readMarginsCsv,
  readMarginsForm,
  type WeightingIssue,
} from "#app/modules/insights/weighting-input.server.ts";
import {
  clearSurveyWeighting,
  getWeightingSetup,
  previewWeighting,
  setSurveyWeighting,
} from "#app/modules/insights/weighting-setup.server.ts";
import { getSurveyMargins } from "#app/modules/insights/weighting.server.ts";
import { getSurvey } from "#app/modules/measure/surveys.server.ts";
import { exportFileName } from "#app/modules/responses/export-writers.server.ts";
import type { Margins } from "#app/stats/rake.ts";
import { PostForm, SubmitButton } from "#app/ui/form.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import { IssueSummary, SharesForm, UploadForm, useIssueText, useLabels, WeightsPreview } from "#app/ui/weighting.tsx";
import type { Route } from "./+types/survey-weighting";

// The margins a preview hands to the save button, as the browser sends them back.
const marginsSchema = z.record(
  z.string().min(1).max(100),
  z.record(z.string().min(1).max(200), z.number().positive().finite()),
);

// The current margins as a file, sent before any loader runs (like the export page's files).
export const middleware: Route.MiddlewareFunction[] = [
  async (args, next) => {
    if (new URL(args.request.url).searchParams.get("format") !== "csv") return next();
    return marginsFile(args);
  },
];

async function marginsFile(args: GuardArgs): Promise<Response> {
  const ctx = await requireMember(args, "results.view");
  const lang = langOfPath(new URL(args.request.url).pathname);
  const s = await orRespond(() => getSurvey(ctx, args.params.surveyId ?? ""));
  const margins = await getSurveyMargins(ctx, s.id);
  if (!margins) throw redirect(pathFor("surveyWeighting", lang, { org: ctx.orgSlug, surveyId: s.id }));
  const name = exportFileName(lang === "fr" ? s.titleFr : s.titleEn, lang === "fr" ? "marges" : "margins", "csv");
  return new Response(`\ufeff${marginsCsv(margins)}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

/** The form's inputs filled with margins, as percentages. */
const shareValues = (margins: Margins | null | undefined): Record<string, string> =>
  Object.fromEntries(
    marginsToEntries(margins ?? {}).map((e) => [
      shareField(e.variable, e.category),
      String(Math.round(e.share * 100) / 100),
    ]),
  );

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "results.view");
  const [frame, setup] = await Promise.all([
    getOrganizationFrame(ctx),
    orRespond(() => getWeightingSetup(ctx, args.params.surveyId)),
  ]);
  return {
    ...frame,
    ...setup,
    savedValues: shareValues(setup.margins),
    done: new URL(args.request.url).searchParams.get("done"),
  };
}

const failed = (issues: WeightingIssue[], values: Record<string, string> = {}) =>
  data({ issues, values, preview: null }, { status: 400 });

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "results.view");
  const surveyId = args.params.surveyId;
  const form = await args.request.formData();
  const intent = form.get("intent");
  const lang = langOfPath(new URL(args.request.url).pathname);
  const back = (done: string) => `${pathFor("surveyWeighting", lang, { org: ctx.orgSlug, surveyId })}?done=${done}`;
  if (intent === "clear") {
    await orRespond(() => clearSurveyWeighting(ctx, surveyId));
    throw redirect(back("cleared"));
  }
  if (intent === "save") {
    let margins: Margins;
    try {
      margins = marginsSchema.parse(JSON.parse(String(form.get("margins") ?? "")));
    } catch {
      return failed([{ key: "weighting.errors.margins", params: {} }]);
    }
    const saved = await orRespond(() => setSurveyWeighting(ctx, surveyId, marginsToEntries(margins)));
    if (!saved.ok) return failed(saved.issues, shareValues(margins));
    throw redirect(back("saved"));
  }
  let read: ReturnType<typeof readMarginsForm>;
  let typed: Record<string, string> = {};
  if (intent === "upload") {
    const file = form.get("file");
    if (!(file instanceof File) || (file.size === 0 && file.name === ""))
      return failed([{ key: "weighting.errors.file", params: {} }]);
    read = readMarginsCsv(new Uint8Array(await file.arrayBuffer()));
  } else if (intent === "form") {
    read = readMarginsForm(form);
    typed = Object.fromEntries(
      [...form].filter((e): e is [string, string] => e[0].startsWith("share:") && typeof e[1] === "string"),
    );
  } else {
    return failed([{ key: "errors.invalid", params: {} }]);
  }
  if (!read.ok) return failed(read.issues, typed);
  const entries = read.entries;
  const outcome = await orRespond(() => previewWeighting(ctx, surveyId, entries));
  if (!outcome.ok) return failed(outcome.issues, typed);
  return { issues: [], values: shareValues(outcome.preview.margins), preview: outcome.preview };
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "weighting.title");

export default function SurveyWeighting({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { org, survey: s, responses, variables, margins, current, savedValues, done, permissions } = loaderData;
  const labels = useLabels(variables);
  const issueText = useIssueText(variables);
  const canConfigure = permissions.includes("results.configure");
  const here = pathFor("surveyWeighting", lang, { org: org.slug, surveyId: s.id });
  const preview = actionData?.preview ?? null;
  return (
    <OrgPage
      frame={loaderData}
      title={t("weighting.title")}
      crumbs={[
        { label: t("surveys.title"), to: pathFor("surveys", lang, { org: org.slug }) },
        {
          label: lang === "fr" ? s.titleFr : s.titleEn,
          to: pathFor("survey", lang, { org: org.slug, surveyId: s.id }),
        },
      ]}
    >
      {done === "saved" || done === "cleared" ? (
        <Notice kind="success">
          <p>{t(`weighting.done.${done}`)}</p>
        </Notice>
      ) : null}
      <IssueSummary issues={actionData?.issues ?? []} variables={variables} />
      <p>{t("weighting.intro")}</p>
      <dl className="summary-list">
        <dt>{t("weighting.responses")}</dt>
        <dd>{formatNumber(lang, responses)}</dd>
        <dt>{t("weighting.status")}</dt>
        <dd>
          {margins && current?.ok
            ? t("weighting.weightedOn", { variables: Object.keys(margins).map(labels.variable).join(", ") })
            : t("weighting.notWeighted")}
        </dd>
      </dl>
      {responses === 0 ? (
        <Notice kind="warning">
          <p>{t("weighting.empty")}</p>
        </Notice>
      ) : (
        <>
          {preview ? (
            <section aria-labelledby="preview-heading" className="weighting-preview">
              <h2 id="preview-heading">{t("weighting.preview.heading")}</h2>
              <Notice>
                <p>{t("weighting.preview.notSaved")}</p>
              </Notice>
              <WeightsPreview preview={preview} variables={variables} />
              {canConfigure ? (
                <PostForm>
                  <input type="hidden" name="intent" value="save" />
                  <input type="hidden" name="margins" value={JSON.stringify(preview.margins)} />
                  <div className="actions">
                    <SubmitButton>{t("weighting.preview.save")}</SubmitButton>
                  </div>
                </PostForm>
              ) : (
                <p>{t("weighting.preview.readOnly")}</p>
              )}
            </section>
          ) : margins ? (
            <section aria-labelledby="current-heading">
              <h2 id="current-heading">{t("weighting.current.heading")}</h2>
              {current?.ok ? (
                <WeightsPreview preview={current.preview} variables={variables} />
              ) : (
                <Notice kind="warning">
                  <p>{t("weighting.current.stale")}</p>
                  <ul>
                    {(current?.issues ?? []).map((issue, i) => (
                      <li key={`${issue.key}-${i}`}>{issueText(issue)}</li>
                    ))}
                  </ul>
                </Notice>
              )}
              <p>
                <Link to={`${here}?format=csv`} reloadDocument>
                  {t("weighting.current.download")}
                </Link>
              </p>
              {canConfigure ? (
                <PostForm>
                  <input type="hidden" name="intent" value="clear" />
                  <div className="actions">
                    <SubmitButton variant="danger">{t("weighting.current.clear")}</SubmitButton>
                  </div>
                </PostForm>
              ) : null}
            </section>
          ) : null}
          <UploadForm />
          <SharesForm
            variables={variables}
            values={actionData && Object.keys(actionData.values).length > 0 ? actionData.values : savedValues}
          />
        </>
      )}
    </OrgPage>
  );
}
