// The weighting page's parts: what is wrong with margins, what they do to the
// weights, and the two ways to give them (a file, or a share per category).
import { formatNumber, type Lang } from "#app/i18n/i18n.ts";
import type { WeightableVariable } from "#app/modules/insights/weighting-fields.ts";
import { shareField } from "#app/modules/insights/weighting-fields.ts";
import type { ScoreSummary } from "#app/stats/scores.ts";
import { FileField, PostForm, SubmitButton, TextField } from "./form.tsx";
import { useLang, useT } from "./use-root.ts";
import "./weighting.css";

export interface Issue {
  key: string;
  params: Record<string, string>;
}

/** What the page shows of a preview (the module's WeightingPreview, as the loader serializes it). */
export interface PreviewView {
  spread: {
    n: number;
    min: number;
    max: number;
    ratio: number;
    deff: number;
    effectiveN: number;
    histogram: { from: number; to: number | null; count: number }[];
  };
  raking: { iterations: number; converged: boolean };
  overall: { unweighted: ScoreSummary; weighted: ScoreSummary } | null;
  variables: {
    code: string;
    categories: { code: string; count: number; sample: number; population: number; meanWeight: number }[];
  }[];
}

// Problems only a file can have: they link to its field.
const FILE_ISSUES = new Set([
  "file",
  "fileEmpty",
  "fileTooBig",
  "notText",
  "malformed",
  "noRows",
  "tooManyRows",
  "columns",
  "variableCell",
  "categoryCell",
  "shareCell",
  "unknownVariable",
]);

const number = (lang: Lang, value: number, digits = 2, fixed = false) =>
  formatNumber(lang, value, { maximumFractionDigits: digits, minimumFractionDigits: fixed ? digits : 0 });
const percent = (lang: Lang, value: number) =>
  formatNumber(lang, value, { style: "percent", maximumFractionDigits: 1, minimumFractionDigits: 1 });

/** Names of variables and categories in the page's language; codes for what the survey does not know. */
export function useLabels(variables: readonly WeightableVariable[]) {
  const t = useT();
  const lang = useLang();
  const find = (code: string) => variables.find((v) => v.code === code);
  const variable = (code: string) => {
    const v = find(code);
    if (!v) return code;
    if (v.kind === "lang" || v.kind === "channel") return t(`weighting.form.${v.kind}`);
    return (lang === "fr" ? v.textFr : v.textEn) ?? code;
  };
  const category = (variableCode: string, code: string) => {
    const v = find(variableCode);
    if (v?.kind === "lang") return t(`responses.langs.${code}`, { defaultValue: code });
    if (v?.kind === "channel") return t(`responses.channels.${code}`, { defaultValue: code });
    const c = v?.categories.find((k) => k.code === code);
    return (lang === "fr" ? c?.fr : c?.en) ?? code;
  };
  return { variable, category };
}

/** An issue's message, its codes named in the page's language. */
export function useIssueText(variables: readonly WeightableVariable[]) {
  const t = useT();
  const lang = useLang();
  const labels = useLabels(variables);
  return ({ key, params }: Issue) => {
    const { variable, category, sum } = params;
    return t(key, {
      ...params,
      ...(variable !== undefined ? { variable: labels.variable(variable) } : {}),
      ...(variable !== undefined && category !== undefined ? { category: labels.category(variable, category) } : {}),
      ...(sum !== undefined ? { sum: number(lang, Number(sum)) } : {}),
    });
  };
}

/** Every problem with the margins given, each linking to where it can be fixed. */
export function IssueSummary({ issues, variables }: { issues: Issue[]; variables: WeightableVariable[] }) {
  const t = useT();
  const text = useIssueText(variables);
  if (issues.length === 0) return null;
  return (
    // Focus moves here when the page comes back with errors, as on every form (see ErrorSummary).
    // eslint-disable-next-line jsx-a11y/no-autofocus
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} autoFocus>
      <h2 id="error-summary-title">{t("forms.errorSummary")}</h2>
      <ul>
        {issues.map((issue, i) => {
          const index = variables.findIndex((v) => v.code === issue.params.variable);
          const name = issue.key.split(".").at(-1) ?? "";
          const target = FILE_ISSUES.has(name) ? "file" : index >= 0 ? `variable-${index}` : null;
          const message = text(issue);
          return <li key={`${issue.key}-${i}`}>{target ? <a href={`#${target}`}>{message}</a> : message}</li>;
        })}
      </ul>
    </div>
  );
}

/** What the margins do to the weights: spread, histogram, each category, and overall satisfaction. */
export function WeightsPreview({ preview, variables }: { preview: PreviewView; variables: WeightableVariable[] }) {
  const t = useT();
  const lang = useLang();
  const labels = useLabels(variables);
  const { spread, raking } = preview;
  return (
    <>
      <h3>{t("weighting.spread.heading")}</h3>
      <p>{t("weighting.spread.scaled")}</p>
      <dl className="summary-list">
        <dt>{t("weighting.spread.min")}</dt>
        <dd>{number(lang, spread.min, 3)}</dd>
        <dt>{t("weighting.spread.max")}</dt>
        <dd>{number(lang, spread.max, 3)}</dd>
        <dt>{t("weighting.spread.ratio")}</dt>
        <dd>{number(lang, spread.ratio)}</dd>
        <dt>{t("weighting.spread.deff")}</dt>
        <dd>{number(lang, spread.deff, 3)}</dd>
        <dt>{t("weighting.spread.effectiveN")}</dt>
        <dd>
          {number(lang, spread.effectiveN, 0)}{" "}
          <span className="hint">
            {t("weighting.spread.effectiveHint", {
              n: number(lang, spread.n, 0),
              effective: number(lang, spread.effectiveN, 0),
            })}
          </span>
        </dd>
        <dt>{t("weighting.spread.raking")}</dt>
        <dd>
          {t(raking.converged ? "weighting.spread.converged" : "weighting.spread.notConverged", {
            count: number(lang, raking.iterations, 0),
          })}
        </dd>
      </dl>
      <Histogram bins={spread.histogram} n={spread.n} />
      <Overall overall={preview.overall} />
      {preview.variables.map((v) => (
        <div className="table-wrap" key={v.code}>
          <table>
            <caption>{t("weighting.categories.caption", { variable: labels.variable(v.code) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("weighting.categories.category")}</th>
                <th scope="col" className="numeric">
                  {t("weighting.categories.responses")}
                </th>
                <th scope="col" className="numeric">
                  {t("weighting.categories.sample")}
                </th>
                <th scope="col" className="numeric">
                  {t("weighting.categories.population")}
                </th>
                <th scope="col" className="numeric">
                  {t("weighting.categories.meanWeight")}
                </th>
              </tr>
            </thead>
            <tbody>
              {v.categories.map((c) => (
                <tr key={c.code}>
                  <th scope="row">{labels.category(v.code, c.code)}</th>
                  <td className="numeric">{number(lang, c.count, 0)}</td>
                  <td className="numeric">{percent(lang, c.sample)}</td>
                  <td className="numeric">{percent(lang, c.population)}</td>
                  <td className="numeric">{number(lang, c.meanWeight, 3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </>
  );
}

function Histogram({ bins, n }: { bins: PreviewView["spread"]["histogram"]; n: number }) {
  const t = useT();
  const lang = useLang();
  const most = Math.max(...bins.map((b) => b.count), 1);
  return (
    <div className="table-wrap">
      <table className="weight-histogram">
        <caption>{t("weighting.histogram.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("weighting.histogram.weight")}</th>
            <th scope="col" className="numeric">
              {t("weighting.histogram.responses")}
            </th>
            <th scope="col">{t("weighting.histogram.share")}</th>
          </tr>
        </thead>
        <tbody>
          {bins.map((bin) => (
            <tr key={bin.from}>
              <th scope="row">
                {bin.to === null
                  ? t("weighting.histogram.open", { from: number(lang, bin.from) })
                  : t("weighting.histogram.range", { from: number(lang, bin.from), to: number(lang, bin.to) })}
              </th>
              <td className="numeric">{number(lang, bin.count, 0)}</td>
              <td>
                <svg className="weight-bar" width="160" height="14" aria-hidden="true" focusable="false">
                  <rect x="0" y="1" height="12" width={Math.max((160 * bin.count) / most, bin.count > 0 ? 1 : 0)} />
                </svg>{" "}
                {percent(lang, bin.count / n)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Overall({ overall }: { overall: PreviewView["overall"] }) {
  const t = useT();
  const lang = useLang();
  if (!overall) return <p>{t("weighting.overall.none")}</p>;
  const row = (key: "unweighted" | "weighted", s: ScoreSummary) => (
    <tr key={key}>
      <th scope="row">{t(`weighting.overall.${key}`)}</th>
      <td className="numeric">{number(lang, s.mean, 1, true)}</td>
      <td>
        {t("weighting.overall.interval", { low: number(lang, s.ci[0], 1, true), high: number(lang, s.ci[1], 1, true) })}
      </td>
      <td className="numeric">{percent(lang, s.satisfied.p)}</td>
    </tr>
  );
  return (
    <>
      <h3>{t("weighting.overall.heading")}</h3>
      <div className="table-wrap">
        <table>
          <caption>{t("weighting.overall.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("weighting.overall.estimate")}</th>
              <th scope="col" className="numeric">
                {t("weighting.overall.score")}
              </th>
              <th scope="col">{t("weighting.overall.ci")}</th>
              <th scope="col" className="numeric">
                {t("weighting.overall.satisfied")}
              </th>
            </tr>
          </thead>
          <tbody>
            {row("unweighted", overall.unweighted)}
            {row("weighted", overall.weighted)}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function UploadForm() {
  const t = useT();
  return (
    <section aria-labelledby="upload-heading">
      <h2 id="upload-heading">{t("weighting.upload.heading")}</h2>
      <p>{t("weighting.upload.help")}</p>
      <pre className="margins-example">{"variable,category,share\nlang,en,68\nlang,fr,32"}</pre>
      <PostForm encType="multipart/form-data">
        <input type="hidden" name="intent" value="upload" />
        <FileField name="file" label={t("weighting.upload.file")} accept=".csv,.txt,text/csv" errors={undefined} />
        <div className="actions">
          <SubmitButton variant="secondary">{t("weighting.upload.preview")}</SubmitButton>
        </div>
      </PostForm>
    </section>
  );
}

/** One fieldset per variable, one percent input per category; what was typed (or saved) comes back in it. */
export function SharesForm({ variables, values }: { variables: WeightableVariable[]; values: Record<string, string> }) {
  const t = useT();
  const lang = useLang();
  const labels = useLabels(variables);
  const total = (v: WeightableVariable) => v.categories.reduce((n, c) => n + c.count, 0) + v.missing;
  return (
    <section aria-labelledby="shares-heading">
      <h2 id="shares-heading">{t("weighting.form.heading")}</h2>
      <p>{t("weighting.form.help")}</p>
      <PostForm>
        <input type="hidden" name="intent" value="form" />
        {variables.map((v, vi) => (
          <fieldset className="weighting-variable" key={v.code} id={`variable-${vi}`}>
            <legend>{t("weighting.form.legend", { variable: labels.variable(v.code), code: v.code })}</legend>
            {v.missing > 0 ? (
              <p className="hint">{t("weighting.form.unanswered", { count: number(lang, v.missing, 0) })}</p>
            ) : (
              <div className="weighting-shares">
                {v.categories.map((c) => (
                  <TextField
                    key={c.code}
                    name={shareField(v.code, c.code)}
                    label={t("weighting.form.share", { category: labels.category(v.code, c.code) })}
                    hint={
                      c.count > 0
                        ? t("weighting.form.count", {
                            code: c.code,
                            count: number(lang, c.count, 0),
                            share: percent(lang, c.count / total(v)),
                          })
                        : t("weighting.form.noResponse", { code: c.code })
                    }
                    errors={undefined}
                    values={values}
                    short
                  />
                ))}
              </div>
            )}
          </fieldset>
        ))}
        <div className="actions">
          <SubmitButton variant="secondary">{t("weighting.form.preview")}</SubmitButton>
        </div>
      </PostForm>
    </section>
  );
}
