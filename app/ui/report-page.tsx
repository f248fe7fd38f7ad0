// The report page: a GET form that downloads the report (format, language,
// which responses), and a POST form to get it by e-mail after each wave.
// Both work without JavaScript.
import { pathFor } from "#app/i18n/paths.ts";
import {
  CheckboxGroup,
  type Errors,
  ErrorSummary,
  PostForm,
  RadioGroup,
  SelectField,
  SubmitButton,
  TextField,
  type Values,
} from "./form.tsx";
import { Notice } from "./layout.tsx";
import { OrgPage, type OrgFrame } from "./org-page.tsx";
import { useLang, useT } from "./use-root.ts";
import "./report.css";

const FORMATS = ["pdf", "xlsx", "csv"] as const;
const LANGUAGES = ["en", "fr", "both"] as const;

export interface ReportPageData extends OrgFrame {
  survey: { id: string; titleEn: string; titleFr: string };
  versions: number[];
  channels: string[];
  subscription: { lang: "en" | "fr"; formats: string[] } | null;
  values: Record<string, string>;
  errors?: Record<string, string>;
  done: string | null;
}

const FIELD_ORDER = ["format", "language", "version", "channel", "from", "to", "lang", "formats", "intent"];

export function ReportPage({ page, action }: { page: ReportPageData; action?: { errors?: Errors; values?: Values } }) {
  const t = useT();
  const lang = useLang();
  const { org, survey, versions, channels, subscription, values, done } = page;
  const errors = action?.errors ?? page.errors;
  const title = lang === "fr" ? survey.titleFr : survey.titleEn;
  const labels: Record<string, string> = {
    format: t("reports.format"),
    language: t("reports.language"),
    version: t("reports.version"),
    channel: t("reports.channel"),
    from: t("reports.from"),
    to: t("reports.to"),
    lang: t("reports.subscription.language"),
    formats: t("reports.subscription.formats"),
    intent: t("reports.subscription.title"),
  };
  const formatList = (formats: string[]) => formats.map((f) => t(`reports.formatNames.${f}`)).join(", ");
  const subValues = action?.values;
  return (
    <OrgPage
      frame={page}
      title={t("reports.title")}
      crumbs={[
        { label: t("surveys.title"), to: pathFor("surveys", lang, { org: org.slug }) },
        { label: title, to: pathFor("survey", lang, { org: org.slug, surveyId: survey.id }) },
      ]}
    >
      <ErrorSummary errors={errors} fieldOrder={FIELD_ORDER} labels={labels} />
      {done === "subscribed" || done === "unsubscribed" ? (
        <Notice kind="success">
          <p>{t(`reports.subscription.${done}`)}</p>
        </Notice>
      ) : null}
      <p>{t("reports.intro")}</p>
      {versions.length === 0 ? (
        <Notice kind="warning">
          <p>{t("reports.notPublished")}</p>
        </Notice>
      ) : null}
      <form method="get" aria-labelledby="report-choose">
        <h2 id="report-choose">{t("reports.choose")}</h2>
        <RadioGroup
          name="format"
          label={t("reports.format")}
          options={FORMATS.map((f) => ({ value: f, label: t(`reports.formats.${f}`) }))}
          checked={values.format ?? "pdf"}
          errors={page.errors}
        />
        <RadioGroup
          name="language"
          label={t("reports.language")}
          options={LANGUAGES.map((l) => ({ value: l, label: t(`reports.languages.${l}`) }))}
          checked={values.language ?? lang}
          errors={page.errors}
        />
        <fieldset className="report-filters">
          <legend>{t("reports.filters")}</legend>
          <p className="hint">{t("reports.filtersHint")}</p>
          <SelectField
            name="version"
            label={t("reports.version")}
            options={[
              { value: "", label: t("reports.anyVersion") },
              ...versions.map((v) => ({ value: String(v), label: String(v) })),
            ]}
            defaultValue={values.version ?? ""}
            errors={page.errors}
          />
          <SelectField
            name="channel"
            label={t("reports.channel")}
            options={[
              { value: "", label: t("reports.anyChannel") },
              ...channels.map((c) => ({ value: c, label: t(`responses.channels.${c}`) })),
            ]}
            defaultValue={values.channel ?? ""}
            errors={page.errors}
          />
          <TextField
            name="from"
            label={t("reports.from")}
            short
            defaultValue={values.from ?? ""}
            errors={page.errors}
          />
          <TextField name="to" label={t("reports.to")} short defaultValue={values.to ?? ""} errors={page.errors} />
        </fieldset>
        <div className="actions">
          <SubmitButton>{t("reports.download")}</SubmitButton>
        </div>
      </form>

      <section aria-labelledby="subscription">
        <h2 id="subscription">{t("reports.subscription.title")}</h2>
        <p>{t("reports.subscription.intro")}</p>
        <p>
          {subscription
            ? t("reports.subscription.current", {
                language: t(`reports.languageNames.${subscription.lang}`),
                formats: formatList(subscription.formats),
              })
            : t("reports.subscription.none")}
        </p>
        <PostForm>
          <input type="hidden" name="intent" value="subscribe" />
          <RadioGroup
            name="lang"
            label={t("reports.subscription.language")}
            options={(["en", "fr"] as const).map((l) => ({ value: l, label: t(`reports.languages.${l}`) }))}
            checked={(subValues?.lang as string | undefined) ?? subscription?.lang ?? lang}
            errors={action?.errors}
          />
          <CheckboxGroup
            name="formats"
            label={t("reports.subscription.formats")}
            options={FORMATS.map((f) => ({ value: f, label: t(`reports.formats.${f}`) }))}
            values={subValues}
            defaultChecked={subscription?.formats ?? ["pdf"]}
            errors={action?.errors}
          />
          <div className="actions">
            <SubmitButton>
              {t(subscription ? "reports.subscription.update" : "reports.subscription.subscribe")}
            </SubmitButton>
          </div>
        </PostForm>
        {subscription ? (
          <PostForm>
            <input type="hidden" name="intent" value="unsubscribe" />
            <div className="actions">
              <SubmitButton variant="secondary">{t("reports.subscription.unsubscribe")}</SubmitButton>
            </div>
          </PostForm>
        ) : null}
      </section>
    </OrgPage>
  );
}
