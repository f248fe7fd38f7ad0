import { Link } from "react-router";
import { z } from "zod";
import { pathFor } from "#app/i18n/paths.ts";
import { requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { can } from "#app/modules/identity/policy.ts";
import { findBankModules, findBankQuestions } from "#app/modules/measure/bank.server.ts";
import { channels, dimensions, drivers, elements } from "#app/modules/measure/cmt-bank.ts";
import { parseQuery } from "#app/modules/platform/forms.ts";
import { ErrorSummary, SelectField, SubmitButton, TextField } from "#app/ui/form.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { QuestionTags } from "#app/ui/question-tags.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/question-bank";

const anyOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.literal(""), z.enum(values)])
    .optional()
    .transform((v) => v || undefined);

const filtersSchema = z.object({
  q: z.string().trim().max(200, "errors.tooLong").optional(),
  channel: anyOf(channels),
  dimension: anyOf(dimensions),
  driver: anyOf(drivers),
  element: anyOf(elements),
  variant: anyOf(["citizen", "business"] as const),
  module: z
    .string()
    .max(60)
    .regex(/^[a-z0-9_]*$/)
    .optional(),
  core: z.literal("1").optional(),
  page: z.coerce.number().int().min(1).max(1000).optional(),
});

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "bank.view");
  const params = new URL(args.request.url).searchParams;
  const parsed = parseQuery(filtersSchema, params);
  const f: Partial<z.output<typeof filtersSchema>> = parsed.ok ? parsed.data : {};
  const page = f.page ?? 1;
  const [frame, result, modules] = await Promise.all([
    getOrganizationFrame(ctx),
    findBankQuestions(ctx, { ...f, module: f.module || undefined, coreOnly: f.core === "1", page }),
    findBankModules(ctx),
  ]);
  return {
    ...frame,
    ...result,
    modules,
    page,
    canCreate: can(ctx.roles, "surveys.design"),
    errors: parsed.ok ? undefined : parsed.errors,
    values: Object.fromEntries(params),
  };
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "bank.title");

export default function QuestionBank({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { questions, org, values, errors, page, hasNext, modules } = loaderData;
  const options = (prefix: string, list: readonly string[]) => [
    { value: "", label: t("bank.any") },
    ...list.map((v) => ({ value: v, label: t(`${prefix}.${v}`, { defaultValue: v }) })),
  ];
  const pageHref = (n: number) => {
    const q = new URLSearchParams(values);
    q.set("page", String(n));
    return `${pathFor("questionBank", lang, { org: org.slug })}?${q}`;
  };
  return (
    <OrgPage frame={loaderData} title={t("bank.title")}>
      <p>{t("bank.intro")}</p>
      {loaderData.canCreate ? (
        <div className="actions">
          <Link className="button" to={pathFor("questionBankNew", lang, { org: org.slug })}>
            {t("bank.new")}
          </Link>
        </div>
      ) : null}
      <ErrorSummary errors={errors} />
      <form method="get" className="filters">
        <h2>{t("bank.search")}</h2>
        <TextField
          name="q"
          type="search"
          label={t("bank.words")}
          hint={t("bank.wordsHint")}
          errors={errors}
          values={values}
        />
        <div className="filter-grid">
          <SelectField
            name="channel"
            label={t("bank.channel")}
            errors={errors}
            values={values}
            options={options("bank.channels", channels)}
          />
          <SelectField
            name="dimension"
            label={t("bank.dimension")}
            errors={errors}
            values={values}
            options={options("bank.dimensions", dimensions)}
          />
          <SelectField
            name="driver"
            label={t("bank.driver")}
            errors={errors}
            values={values}
            options={options("bank.drivers", drivers)}
          />
          <SelectField
            name="element"
            label={t("bank.element")}
            errors={errors}
            values={values}
            options={options("bank.elements", elements)}
          />
          <SelectField
            name="variant"
            label={t("bank.variant")}
            errors={errors}
            values={values}
            options={options("bank.variants", ["citizen", "business"])}
          />
          <SelectField
            name="module"
            label={t("bank.module")}
            errors={errors}
            values={values}
            options={options("bank.modules", modules)}
          />
        </div>
        <div className="choice">
          <input type="checkbox" id="core" name="core" value="1" defaultChecked={values.core === "1"} />
          <label htmlFor="core">{t("bank.coreOnly")}</label>
        </div>
        <div className="actions">
          <SubmitButton variant="secondary">{t("bank.apply")}</SubmitButton>
        </div>
      </form>
      {questions.length === 0 ? (
        <p>{t("bank.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t("bank.caption", { page })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("bank.code")}</th>
                <th scope="col">{t("bank.question")}</th>
                <th scope="col">{t("bank.type")}</th>
                <th scope="col">{t("bank.coding")}</th>
              </tr>
            </thead>
            <tbody>
              {questions.map((q) => (
                <tr key={q.code}>
                  <td className="code">
                    <Link to={pathFor("questionBankItem", lang, { org: org.slug, code: q.code })}>{q.code}</Link>
                  </td>
                  <th scope="row">{lang === "fr" ? q.textFr : q.textEn}</th>
                  <td>{t(`bank.types.${q.type}`)}</td>
                  <td>
                    <QuestionTags {...q} />
                    {q.visibility === "private" ? <span className="tag">{t("bank.private")}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label={t("bank.pagination")} className="actions">
        {page > 1 ? <Link to={pageHref(page - 1)}>{t("bank.previous")}</Link> : null}
        {hasNext ? <Link to={pageHref(page + 1)}>{t("bank.next")}</Link> : null}
      </nav>
    </OrgPage>
  );
}
