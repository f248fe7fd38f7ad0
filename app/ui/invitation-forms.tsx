import { formatNumber } from "#app/i18n/i18n.ts";
import { ANONYMOUS_MIN_CONTACTS } from "#app/modules/responses/anonymity.ts";
import type { ContactFileReport } from "#app/modules/responses/contact-file.ts";
import { ContactReport } from "./contact-report.tsx";
import {
  CheckboxGroup,
  type Errors,
  FileField,
  PostForm,
  SelectField,
  SubmitButton,
  TextField,
  type Values,
} from "./form.tsx";
import { useLang, useT } from "./use-root.ts";

// The parts of a survey's invitations page: where the list stands, and one
// plain form per thing a designer does with it.

const Intent = ({ value }: { value: string }) => <input type="hidden" name="intent" value={value} />;

export function ContactCounts({
  counts,
}: {
  counts: {
    anonymous: boolean;
    pending: number;
    invited: number;
    /** Null in an anonymous survey until enough have answered. */
    responded: number | null;
    unsubscribed: number;
    everInvited: number;
  };
}) {
  const t = useT();
  const lang = useLang();
  const n = (value: number) => formatNumber(lang, value);
  const { responded } = counts;
  const rate = counts.everInvited > 0 && responded !== null ? responded / counts.everInvited : null;
  return (
    <>
      <h2>{t("surveyInvitations.countsHeading")}</h2>
      {counts.anonymous ? <p>{t("surveyInvitations.counts.anonymousIntro")}</p> : null}
      <dl className="summary-list">
        <dt>{t("surveyInvitations.counts.pending")}</dt>
        <dd>{n(counts.pending)}</dd>
        <dt>{t(counts.anonymous ? "surveyInvitations.counts.everyoneInvited" : "surveyInvitations.counts.invited")}</dt>
        <dd>{n(counts.invited)}</dd>
        {counts.anonymous ? null : (
          <>
            <dt>{t("surveyInvitations.counts.responded")}</dt>
            <dd>{n(responded ?? 0)}</dd>
          </>
        )}
        <dt>{t("surveyInvitations.counts.unsubscribed")}</dt>
        <dd>{n(counts.unsubscribed)}</dd>
        <dt>{t("surveyInvitations.counts.rate")}</dt>
        <dd>
          {counts.everInvited === 0
            ? t("surveyInvitations.counts.noRate")
            : rate === null
              ? t("surveyInvitations.counts.rateHidden", { min: n(ANONYMOUS_MIN_CONTACTS) })
              : t("surveyInvitations.counts.rateValue", {
                  percent: formatNumber(lang, rate, { style: "percent", maximumFractionDigits: 1 }),
                  responded: n(responded ?? 0),
                  invited: n(counts.everInvited),
                })}
        </dd>
      </dl>
    </>
  );
}

export function UploadForm({
  errors,
  values,
  line,
  report,
  closed,
}: {
  errors: Errors;
  values: Values;
  line?: number;
  report?: ContactFileReport;
  closed: boolean;
}) {
  const t = useT();
  const lang = useLang();
  if (closed) return null;
  return (
    <>
      <h2>{t("surveyInvitations.uploadHeading")}</h2>
      <p>{t("surveyInvitations.uploadIntro")}</p>
      <pre className="sample">{"email,language\nlea.tremblay@example.ca,fr\njohn.smith@example.ca,en"}</pre>
      <PostForm encType="multipart/form-data">
        <Intent value="upload" />
        <FileField
          name="file"
          label={t("surveyInvitations.file.label")}
          hint={t("surveyInvitations.file.hint")}
          accept=".csv,text/csv,text/plain"
          errors={errors}
        />
        {line ? <p className="error-message">{t("surveyInvitations.file.line", { line })}</p> : null}
        <SelectField
          name="defaultLang"
          label={t("fields.defaultLang")}
          hint={t("surveyInvitations.defaultLangHint")}
          options={[
            { value: "en", label: t("surveys.export.labelLangs.en") },
            { value: "fr", label: t("surveys.export.labelLangs.fr") },
          ]}
          defaultValue={lang}
          errors={errors}
          values={values}
        />
        <div className="actions">
          <SubmitButton>{t("surveyInvitations.upload")}</SubmitButton>
        </div>
      </PostForm>
      {report ? <ContactReport {...report} /> : null}
    </>
  );
}

export function SendForm({ pending, total, open }: { pending: number; total: number; open: boolean }) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h2>{t("surveyInvitations.sendHeading")}</h2>
      {total === 0 ? (
        <p>{t("surveyInvitations.noContacts")}</p>
      ) : pending === 0 ? (
        <p>{t("surveyInvitations.nonePending")}</p>
      ) : open ? (
        <>
          <p>{t("surveyInvitations.sendIntro", { count: pending, n: formatNumber(lang, pending) })}</p>
          <PostForm>
            <Intent value="send" />
            <SubmitButton>
              {t("surveyInvitations.send", { count: pending, n: formatNumber(lang, pending) })}
            </SubmitButton>
          </PostForm>
        </>
      ) : (
        <p>{t("surveyInvitations.sendLater")}</p>
      )}
    </>
  );
}

export function ReminderForm({
  errors,
  values,
  reminders,
  keepContacts,
}: {
  errors: Errors;
  values: Values;
  reminders: { interval: number; max: number };
  keepContacts: boolean;
}) {
  const t = useT();
  return (
    <>
      <h2>{t("surveyInvitations.settingsHeading")}</h2>
      <PostForm>
        <Intent value="settings" />
        <TextField
          name="reminderInterval"
          label={t("fields.reminderInterval")}
          hint={t("surveyInvitations.intervalHint")}
          inputMode="numeric"
          defaultValue={String(reminders.interval)}
          errors={errors}
          values={values}
          short
        />
        <SelectField
          name="reminderMax"
          label={t("fields.reminderMax")}
          hint={t("surveyInvitations.maxHint")}
          options={["1", "2", "3", "4", "5"].map((v) => ({ value: v, label: v }))}
          defaultValue={String(reminders.max)}
          errors={errors}
          values={values}
        />
        <CheckboxGroup
          name="keepContacts"
          label={t("fields.keepContacts")}
          hint={t("surveyInvitations.keepHint")}
          options={[{ value: "yes", label: t("surveyInvitations.keep") }]}
          defaultChecked={keepContacts ? ["yes"] : []}
          errors={errors}
          values={values}
        />
        <div className="actions">
          <SubmitButton>{t("forms.save")}</SubmitButton>
        </div>
      </PostForm>
    </>
  );
}

export function DeleteContactsForm({ errors }: { errors: Errors }) {
  const t = useT();
  return (
    <>
      <h2>{t("surveyInvitations.deleteHeading")}</h2>
      <p>{t("surveyInvitations.deleteIntro")}</p>
      <PostForm>
        <Intent value="delete" />
        <CheckboxGroup
          name="confirm"
          label={t("fields.confirm")}
          options={[{ value: "yes", label: t("surveyInvitations.confirmDelete") }]}
          errors={errors}
        />
        <div className="actions">
          <SubmitButton variant="danger">{t("surveyInvitations.delete")}</SubmitButton>
        </div>
      </PostForm>
    </>
  );
}
