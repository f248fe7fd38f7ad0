import { redirect } from "react-router";
import { z } from "zod";
import { formatDate } from "#app/i18n/i18n.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import {
  getBenchmarkParticipation,
  optInToBenchmarking,
  optOutOfBenchmarking,
} from "#app/modules/insights/benchmarking.server.ts";
import { parseForm } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { ErrorSummary, PostForm, SubmitButton } from "#app/ui/form.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/org-benchmarking";

const schema = z.object({ intent: z.enum(["optIn", "optOut"], { error: "benchmark.errors.intent" }) });

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "org.settings.manage");
  const [frame, participation] = await Promise.all([getOrganizationFrame(ctx), getBenchmarkParticipation(ctx)]);
  return {
    ...frame,
    optedInAt: participation?.optedInAt ?? null,
    done: new URL(args.request.url).searchParams.get("done"),
  };
}

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "org.settings.manage");
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return invalid({ intent: "benchmark.errors.intent" });
  await orRespond(() => (form.data.intent === "optIn" ? optInToBenchmarking(ctx) : optOutOfBenchmarking(ctx)));
  const lang = langOfPath(new URL(args.request.url).pathname);
  throw redirect(`${pathFor("orgBenchmarking", lang, { org: ctx.orgSlug })}?done=${form.data.intent}`);
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "benchmark.settings.title");

export default function OrgBenchmarking({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { org, optedInAt, done } = loaderData;
  return (
    <OrgPage
      frame={loaderData}
      title={t("benchmark.settings.title")}
      crumbs={[{ label: t("orgSettings.title"), to: pathFor("orgSettings", lang, { org: org.slug }) }]}
    >
      {done === "optIn" || done === "optOut" ? (
        <Notice kind="success">
          <p>{t(`benchmark.settings.done.${done}`)}</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={actionData?.errors} />
      <p className="lead">{t("benchmark.settings.intro")}</p>
      <p>
        <strong>
          {optedInAt
            ? t("benchmark.settings.statusIn", { date: formatDate(lang, optedInAt) })
            : t("benchmark.settings.statusOut")}
        </strong>
      </p>
      <h2>{t("benchmark.settings.sharedHeading")}</h2>
      <ul>
        <li>{t("benchmark.settings.shared1")}</li>
        <li>{t("benchmark.settings.shared2")}</li>
        <li>{t("benchmark.settings.shared3")}</li>
        <li>{t("benchmark.settings.shared4")}</li>
      </ul>
      <h2>{t("benchmark.settings.getHeading")}</h2>
      <ul>
        <li>{t("benchmark.settings.get1")}</li>
        <li>{t("benchmark.settings.get2")}</li>
        <li>{t("benchmark.settings.get3")}</li>
      </ul>
      <h2>{t("benchmark.settings.peersHeading")}</h2>
      <p>{t("benchmark.settings.peers")}</p>
      <PostForm>
        <input type="hidden" name="intent" value={optedInAt ? "optOut" : "optIn"} />
        {optedInAt ? <p>{t("benchmark.settings.optOutHint")}</p> : null}
        <div className="actions">
          <SubmitButton variant={optedInAt ? "secondary" : undefined}>
            {t(optedInAt ? "benchmark.settings.optOut" : "benchmark.settings.optIn")}
          </SubmitButton>
        </div>
      </PostForm>
    </OrgPage>
  );
}
