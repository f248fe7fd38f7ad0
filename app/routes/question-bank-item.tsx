import { redirect } from "react-router";
import { z } from "zod";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { formErrorOrThrow, orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { getBankQuestion, setQuestionStatus, updateQuestion } from "#app/modules/measure/bank.server.ts";
import { scales } from "#app/modules/measure/cmt-bank.ts";
import { questionFormSchema } from "#app/modules/measure/question-input.ts";
import { parseForm } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { ErrorSummary, PostForm, SubmitButton } from "#app/ui/form.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { QuestionFields } from "#app/ui/question-form.tsx";
import { QuestionTags } from "#app/ui/question-tags.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/question-bank-item";

const statusSchema = z.object({ intent: z.enum(["retire", "restore"]) });

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "bank.view");
  const [frame, question] = await Promise.all([
    getOrganizationFrame(ctx),
    orRespond(() => getBankQuestion(ctx, args.params.code.slice(0, 80))),
  ]);
  return { ...frame, question, done: new URL(args.request.url).searchParams.get("done") };
}

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "bank.view");
  const code = args.params.code.slice(0, 80);
  const body = await args.request.formData();
  const lang = langOfPath(new URL(args.request.url).pathname);
  const back = (done: string) => `${pathFor("questionBankItem", lang, { org: ctx.orgSlug, code })}?done=${done}`;
  if (body.get("intent") === "retire" || body.get("intent") === "restore") {
    const form = parseForm(statusSchema, body);
    if (!form.ok) return invalid({ form: "errors.invalid" });
    try {
      await setQuestionStatus(ctx, code, form.data.intent === "retire" ? "retired" : "active");
    } catch (error) {
      return formErrorOrThrow(error, "form");
    }
    throw redirect(back(form.data.intent === "retire" ? "retired" : "restored"));
  }
  // The type never changes: validate against the stored one, not a posted field.
  const current = await orRespond(() => getBankQuestion(ctx, code));
  body.set("type", current.type);
  const form = parseForm(questionFormSchema, body);
  if (!form.ok) return invalid(form.errors, form.values);
  const { type: _type, ...input } = form.data;
  await orRespond(() => updateQuestion(ctx, code, input));
  throw redirect(back("updated"));
}

export const meta: Route.MetaFunction = ({ location, params }) =>
  pageTitle(location.pathname, "bank.itemTitle", { code: params.code ?? "" });

export default function BankQuestionPage({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { question: q, org, done } = loaderData;
  const errors = actionData?.errors;
  const scale = q.scale ? scales[q.scale as keyof typeof scales] : null;
  return (
    <OrgPage
      frame={loaderData}
      title={q.code}
      crumbs={[{ label: t("bank.title"), to: pathFor("questionBank", lang, { org: org.slug }) }]}
    >
      {done ? (
        <Notice kind="success">
          <p>{t(`bank.done.${done}`, { defaultValue: t("bank.done.updated") })}</p>
        </Notice>
      ) : null}
      {q.status === "retired" ? (
        <Notice kind="warning">
          <p>{t("bank.retiredNotice")}</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} />
      <dl className="summary-list">
        <dt>{t("bank.textEn")}</dt>
        <dd lang="en">{q.textEn}</dd>
        <dt>{t("bank.textFr")}</dt>
        <dd lang="fr">{q.textFr}</dd>
        <dt>{t("bank.type")}</dt>
        <dd>{t(`bank.types.${q.type}`)}</dd>
        {scale ? (
          <>
            <dt>{t("bank.scale")}</dt>
            <dd>
              <ol>
                {scale.points.map((p) => (
                  <li key={p.code}>{lang === "fr" ? p.fr : p.en}</li>
                ))}
              </ol>
            </dd>
          </>
        ) : null}
        {q.options ? (
          <>
            <dt>{t("bank.options")}</dt>
            <dd>
              <ol>
                {q.options.map((o) => (
                  <li key={o.code}>{lang === "fr" ? o.fr : o.en}</li>
                ))}
              </ol>
            </dd>
          </>
        ) : null}
        <dt>{t("bank.coding")}</dt>
        <dd>
          <QuestionTags {...q} />
        </dd>
        <dt>{t("bank.element")}</dt>
        <dd>{t(`bank.elements.${q.element}`)}</dd>
        <dt>{t("bank.variant")}</dt>
        <dd>{t(`bank.variants.${q.variant}`)}</dd>
        <dt>{t("bank.module")}</dt>
        <dd>{t(`bank.modules.${q.module}`, { defaultValue: q.module })}</dd>
      </dl>
      {q.editable ? (
        <>
          <h2>{t("bank.edit")}</h2>
          <p>{t(q.visibility === "public" ? "bank.editPublicIntro" : "bank.editIntro")}</p>
          <PostForm>
            <QuestionFields errors={errors} values={actionData?.values} defaults={q} typeLocked />
            <div className="actions">
              <SubmitButton>{t("forms.save")}</SubmitButton>
            </div>
          </PostForm>
          {!q.core ? (
            <PostForm>
              <input type="hidden" name="intent" value={q.status === "retired" ? "restore" : "retire"} />
              <h2>{t(q.status === "retired" ? "bank.restoreHeading" : "bank.retireHeading")}</h2>
              <p>{t(q.status === "retired" ? "bank.restoreIntro" : "bank.retireIntro")}</p>
              <div className="actions">
                <SubmitButton variant="secondary">
                  {t(q.status === "retired" ? "bank.restore" : "bank.retire")}
                </SubmitButton>
              </div>
            </PostForm>
          ) : null}
        </>
      ) : null}
    </OrgPage>
  );
}
