import { formatDate, formatNumber } from "#app/i18n/i18n.ts";
import { PRIVACY_NOTICE_MAX, RETENTION_MONTHS } from "#app/modules/measure/survey-input.ts";
import { type Errors, PostForm, RadioGroup, SubmitButton, TextArea, TextField, type Values } from "./form.tsx";
import { Notice } from "./layout.tsx";
import { useLang, useT } from "./use-root.ts";

export interface SurveyPrivacy {
  privacyNoticeEn: string | null;
  privacyNoticeFr: string | null;
  anonymous: boolean;
  retentionMonths: number;
}

/** When retention acts next; `due` when that moment has passed and the hourly job has yet to run. */
export type NextRun = { at: Date; due: boolean } | null;

export interface RetentionStatus {
  anonymized: number;
  /** Responses of any status: once there is one, anonymity cannot be turned off. */
  responses: number;
  nextAnonymization: NextRun;
  nextPartialDeletion: NextRun;
}

/** The privacy section of a survey's settings: notices, anonymity, retention, and what retention has done. */
export function SurveyPrivacyForm({
  survey: s,
  status,
  errors,
  values,
}: {
  survey: SurveyPrivacy;
  status: RetentionStatus;
  errors: Errors;
  values: Values;
}) {
  const t = useT();
  const lang = useLang();
  const onlyOne = Boolean(s.privacyNoticeEn) !== Boolean(s.privacyNoticeFr);
  const when = (next: NextRun) =>
    next === null ? t("surveys.privacy.none") : next.due ? t("surveys.privacy.due") : formatDate(lang, next.at);
  const locked = s.anonymous && status.responses > 0;
  return (
    <section aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">{t("surveys.privacy.heading")}</h2>
      {onlyOne ? (
        <Notice kind="warning">
          <p>{t(s.privacyNoticeEn ? "surveys.privacy.onlyEn" : "surveys.privacy.onlyFr")}</p>
        </Notice>
      ) : null}
      <PostForm>
        <input type="hidden" name="intent" value="privacy" />
        <div className="side-by-side">
          <TextArea
            name="privacyNoticeEn"
            label={t("surveys.privacy.noticeEn")}
            hint={t("surveys.privacy.noticeHint", { max: formatNumber(lang, PRIVACY_NOTICE_MAX) })}
            errors={errors}
            values={values}
            defaultValue={s.privacyNoticeEn ?? ""}
            lang="en"
            rows={6}
          />
          <TextArea
            name="privacyNoticeFr"
            label={t("surveys.privacy.noticeFr")}
            hint={t("surveys.privacy.noticeHint", { max: formatNumber(lang, PRIVACY_NOTICE_MAX) })}
            errors={errors}
            values={values}
            defaultValue={s.privacyNoticeFr ?? ""}
            lang="fr"
            rows={6}
          />
        </div>
        <RadioGroup
          name="anonymous"
          label={t("surveys.privacy.anonymous")}
          hint={`${t("surveys.privacy.anonymousHint")}${locked ? ` ${t("surveys.privacy.anonymousLocked")}` : ""}`}
          options={[
            { value: "yes", label: t("surveys.privacy.anonymousYes") },
            { value: "no", label: t("surveys.privacy.anonymousNo") },
          ]}
          checked={values?.anonymous ?? (s.anonymous ? "yes" : "no")}
          errors={errors}
        />
        <TextField
          name="retentionMonths"
          label={t("surveys.privacy.retentionMonths")}
          hint={t("surveys.privacy.retentionHint", { ...RETENTION_MONTHS })}
          inputMode="numeric"
          errors={errors}
          values={values}
          defaultValue={String(s.retentionMonths)}
          short
        />
        <div className="actions">
          <SubmitButton>{t("surveys.privacy.save")}</SubmitButton>
        </div>
      </PostForm>
      <h3>{t("surveys.privacy.statusHeading")}</h3>
      <dl className="summary-list">
        <dt>{t("surveys.privacy.anonymizedCount")}</dt>
        <dd>{formatNumber(lang, status.anonymized)}</dd>
        <dt>{t("surveys.privacy.nextAnonymization")}</dt>
        <dd>{when(status.nextAnonymization)}</dd>
        <dt>{t("surveys.privacy.nextPartialDeletion")}</dt>
        <dd>{when(status.nextPartialDeletion)}</dd>
      </dl>
    </section>
  );
}
