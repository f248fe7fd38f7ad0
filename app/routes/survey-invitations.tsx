import { redirect } from "react-router";
import { z } from "zod";
import { servicesContext } from "#app/context.ts";
import { formatNumber } from "#app/i18n/i18n.ts";
import { langOfPath, langs, pathFor } from "#app/i18n/paths.ts";
import { formErrorOrThrow, orRespond, requireMember } from "#app/modules/identity/guard.server.ts";
import { getOrganizationFrame } from "#app/modules/identity/organizations.server.ts";
import { checkboxes, parseForm } from "#app/modules/platform/forms.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { type ContactFileReport, MAX_CONTACT_FILE_BYTES } from "#app/modules/responses/contact-file.ts";
import {
  deleteContacts,
  getInvitationOverview,
  importContacts,
  updateInvitationSettings,
} from "#app/modules/responses/contacts.server.ts";
import { sendInvitations } from "#app/modules/responses/invitations.server.ts";
import { ErrorSummary } from "#app/ui/form.tsx";
import { ContactCounts, DeleteContactsForm, ReminderForm, SendForm, UploadForm } from "#app/ui/invitation-forms.tsx";
import { Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { OrgPage } from "#app/ui/org-page.tsx";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/survey-invitations";

export async function loader(args: Route.LoaderArgs) {
  const ctx = await requireMember(args, "surveys.design");
  const [frame, overview] = await Promise.all([
    getOrganizationFrame(ctx),
    orRespond(() => getInvitationOverview(ctx, args.params.surveyId)),
  ]);
  const query = new URL(args.request.url).searchParams;
  const done = doneNotices.find((notice) => notice === query.get("done"));
  return {
    ...frame,
    ...overview,
    done: done
      ? { what: done, count: Number(query.get("count") ?? 0), skipped: Number(query.get("skipped") ?? 0) }
      : null,
  };
}

const doneNotices = ["uploaded", "sent", "settings", "deleted"] as const;

const uploadSchema = z.object({
  defaultLang: z.enum(langs, { error: "surveyInvitations.errors.defaultLang" }),
});
const settingsSchema = z.object({
  reminderInterval: z
    .string()
    .trim()
    .regex(/^\d{1,2}$/, "surveyInvitations.errors.interval")
    .transform(Number)
    .pipe(z.number().max(60, "surveyInvitations.errors.interval")),
  reminderMax: z.enum(["1", "2", "3", "4", "5"], { error: "surveyInvitations.errors.max" }).transform(Number),
  keepContacts: checkboxes(z.literal("yes")),
});
const deleteSchema = z.object({ confirm: z.literal("yes", { error: "surveyInvitations.errors.confirmDelete" }) });

export async function action(args: Route.ActionArgs) {
  const ctx = await requireMember(args, "surveys.design");
  const services = args.context.get(servicesContext);
  const surveyId = args.params.surveyId;
  const body = await args.request.formData();
  const lang = langOfPath(new URL(args.request.url).pathname);
  const back = (query: string) => `${pathFor("surveyInvitations", lang, { org: ctx.orgSlug, surveyId })}?${query}`;
  const intent = body.get("intent");
  try {
    if (intent === "upload") {
      const form = parseForm(uploadSchema, body);
      const file = body.get("file");
      const fileError = !(file instanceof File) || file.size === 0 ? "surveyInvitations.errors.noFile" : null;
      if (!form.ok || fileError || !(file instanceof File)) {
        return invalid({ ...(form.ok ? {} : form.errors), ...(fileError ? { file: fileError } : {}) }, form.values);
      }
      if (file.size > MAX_CONTACT_FILE_BYTES) return invalid({ file: "surveyInvitations.file.tooLarge" }, form.values);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const read = await importContacts(ctx, services, surveyId, { bytes, defaultLang: form.data.defaultLang });
      if (!read.ok && "fileProblem" in read) {
        return invalid({ file: `surveyInvitations.file.${read.fileProblem}` }, form.values, { line: read.line });
      }
      if (!read.ok) return invalid({ file: "surveyInvitations.errors.rows" }, form.values, { report: read });
      throw redirect(back(`done=uploaded&count=${read.added}&skipped=${read.skipped}`));
    }
    if (intent === "send") {
      const count = await sendInvitations(ctx, services, surveyId);
      throw redirect(back(`done=sent&count=${count}`));
    }
    if (intent === "settings") {
      const form = parseForm(settingsSchema, body);
      if (!form.ok) return invalid(form.errors, form.values);
      const { reminderInterval: interval, reminderMax: max, keepContacts } = form.data;
      await updateInvitationSettings(ctx, surveyId, {
        reminders: { interval, max },
        keepContacts: keepContacts.length > 0,
      });
      throw redirect(back("done=settings"));
    }
    if (intent === "delete") {
      const form = parseForm(deleteSchema, body);
      if (!form.ok) return invalid(form.errors, form.values);
      const count = await deleteContacts(ctx, surveyId);
      throw redirect(back(`done=deleted&count=${count}`));
    }
    return invalid({ form: "errors.invalid" });
  } catch (error) {
    return formErrorOrThrow(error, "form", { intent: String(intent ?? "") });
  }
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "surveyInvitations.title");

export default function SurveyInvitations({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const { org, survey: s, counts, done } = loaderData;
  const surveyTitle = lang === "fr" ? s.titleFr : s.titleEn;
  const errors = actionData?.errors;
  const intent = actionData?.values?.intent;
  // Each form shows its own errors only.
  const errorsOf = (name: string) => (intent === name ? errors : undefined);
  const n = (value: number) => formatNumber(lang, value);
  const { total } = counts;
  // What a refused upload says besides its errors (see the action).
  const upload = actionData as { line?: number; report?: ContactFileReport } | undefined;
  return (
    <OrgPage
      frame={loaderData}
      title={t("surveyInvitations.title")}
      crumbs={[
        { label: t("surveys.title"), to: pathFor("surveys", lang, { org: org.slug }) },
        { label: surveyTitle, to: pathFor("survey", lang, { org: org.slug, surveyId: s.id }) },
        { label: t("distribution.title"), to: pathFor("surveyDistribution", lang, { org: org.slug, surveyId: s.id }) },
      ]}
    >
      <ErrorSummary
        errors={errors}
        fieldOrder={["form", "file", "defaultLang", "reminderInterval", "reminderMax"]}
        labels={{ file: t("surveyInvitations.file.label") }}
      />
      {done ? (
        <Notice kind="success">
          <p>{t(`surveyInvitations.done.${done.what}`, { count: n(done.count), skipped: n(done.skipped) })}</p>
        </Notice>
      ) : null}
      <p>{t("surveyInvitations.intro")}</p>
      {s.availability === "open" ? null : (
        <Notice kind="warning">
          <p>{t(`surveyInvitations.availability.${s.availability}`)}</p>
        </Notice>
      )}
      <ContactCounts counts={counts} />
      <UploadForm
        errors={errorsOf("upload")}
        values={intent === "upload" ? actionData?.values : undefined}
        line={upload?.line}
        report={upload?.report}
        closed={s.status === "closed"}
      />
      <SendForm pending={counts.pending} total={total} open={s.availability === "open"} />
      <ReminderForm
        errors={errorsOf("settings")}
        values={intent === "settings" ? actionData?.values : undefined}
        reminders={s.reminders}
        keepContacts={s.keepContacts}
      />
      {total > 0 ? <DeleteContactsForm errors={errorsOf("delete")} /> : null}
    </OrgPage>
  );
}
