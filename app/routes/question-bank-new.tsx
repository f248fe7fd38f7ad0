import { redirect } from "react-router";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { createPrivateQuestion } from "#app/modules/measure/bank.server.ts";
import { questionFormSchema } from "#app/modules/measure/question-input.ts";
import { parseForm } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { ErrorSummary, PostForm, SubmitButton } from "#app/ui/form.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { QuestionFields } from "#app/ui/question-form.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/question-bank-new";

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "surveys.design");
  return getOrganizationFrame(ctx);
}

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "surveys.design");
  const form = parseForm(questionFormSchema, await args.request.formData());
  if (!form.ok) return invalid(form.errors, form.values);
  const code = await orRespond(() => createPrivateQuestion(ctx, form.data));
  const lang = langOfPath(new URL(args.request.url).pathname);
  throw redirect(`${pathFor("questionBankItem", lang, { org: ctx.orgSlug, code })}?done=created`);
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "bank.new");

export default function NewQuestion({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const errors = actionData?.errors;
  return (
    <OrgPage
      frame={loaderData}
      title={t("bank.new")}
      crumbs={[{ label: t("bank.title"), to: pathFor("questionBank", lang, { org: loaderData.org.slug }) }]}
    >
      <p>{t("bank.newIntro")}</p>
      <ErrorSummary errors={errors} fieldOrder={questionFieldOrder} />
      <PostForm>
        <QuestionFields errors={errors} values={actionData?.values} />
        <div className="actions">
          <SubmitButton>{t("bank.create")}</SubmitButton>
        </div>
      </PostForm>
    </OrgPage>
  );
}

const questionFieldOrder = [
  "textEn",
  "textFr",
  "helpEn",
  "helpFr",
  "type",
  "scale",
  "optionsEn",
  "optionsFr",
  "min",
  "max",
  "channels",
  "dimension",
  "driver",
  "element",
  "variant",
  "module",
];
