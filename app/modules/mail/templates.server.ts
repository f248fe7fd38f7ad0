import { tFor } from "#app/i18n/i18n.ts";
import type { Lang } from "#app/i18n/paths.ts";
import { cleanText } from "#app/modules/platform/text.ts";

/** What each kind of message needs. Values are user-controlled: always escaped. */
export interface MailTemplates {
  verifyEmail: { name: string; url: string };
  resetPassword: { name: string; url: string };
  invitation: { inviter: string; organization: string; url: string; expires: string };
  surveyInvitation: SurveyMail;
  surveyReminder: SurveyMail;
  surveyReport: ReportMail;
}

/** A wave's results report is ready (app/modules/insights/report-mail.server.ts). */
export interface ReportMail {
  name: string;
  organization: string;
  title: string;
  /** Which wave ended, e.g. "version 2". */
  wave: string;
  /** The overall score in a sentence, or the number of responses. */
  headline: string;
  /** Direct download links, in the formats the member chose. */
  downloads: string;
  url: string;
  unsubscribeUrl: string;
}

/** An invitation to answer a survey, or a reminder of it. */
export interface SurveyMail {
  organization: string;
  title: string;
  service: string;
  /** The closing date, formatted; empty when the survey has none. */
  closes: string;
  /** The survey's anonymity statement, in the recipient's language. */
  privacy: string;
  /** The organization's own privacy notice; may be empty. */
  notice: string;
  url: string;
  unsubscribeUrl: string;
}
export type TemplateName = keyof MailTemplates;

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Paragraphs between the body and the action, each shown only when its value
// is not empty (a survey without a closing date says nothing about one).
const OPTIONAL_PARAGRAPHS = ["closes", "privacy", "notice", "downloads"];

/**
 * Renders a message in the recipient's language from the catalogue keys
 * mail.<template>.{subject,greeting,body,action,footer}, plus an optional
 * paragraph per OPTIONAL_PARAGRAPHS value and, with `unsubscribeUrl`, a last
 * link labelled mail.<template>.unsubscribe. One layout, plain text alongside
 * HTML for every message.
 */
export function renderMail<T extends TemplateName>(template: T, lang: Lang, values: MailTemplates[T]): RenderedMail {
  // Keys are built from the template name, so i18next's key typing cannot help here.
  const t = tFor(lang) as unknown as (key: string, values?: Record<string, string>) => string;
  const vars = values as unknown as Record<string, string>;
  const line = (key: string) => t(`mail.${template}.${key}`, { ...vars });
  const htmlLine = (key: string) =>
    t(`mail.${template}.${key}`, {
      ...Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, escapeHtml(v)])),
    });
  const url = vars.url ?? "";
  const unsubscribeUrl = vars.unsubscribeUrl ?? "";
  const paragraphs = ["body", ...OPTIONAL_PARAGRAPHS.filter((key) => vars[key])];
  // Titles kept before the one text rule may hold bidirectional controls that would disguise a subject.
  const subject = cleanText(line("subject"), { singleLine: true });
  const text = [
    line("greeting"),
    "",
    ...paragraphs.flatMap((key) => [line(key), ""]),
    t("mail.linkLine", { label: line("action"), url }),
    "",
    line("footer"),
    "",
    ...(unsubscribeUrl ? [t("mail.linkLine", { label: line("unsubscribe"), url: unsubscribeUrl }), ""] : []),
    t("mail.signature"),
  ].join("\n");
  const html = `<!doctype html><html lang="${lang}"><body style="font-family:sans-serif;line-height:1.5;color:#333">
<p>${htmlLine("greeting")}</p>
${paragraphs.map((key) => `<p>${htmlLine(key)}</p>`).join("\n")}
<p><a href="${escapeHtml(url)}" style="color:#1f497a;font-weight:bold">${htmlLine("action")}</a></p>
<p style="color:#595959">${htmlLine("footer")}</p>
${unsubscribeUrl ? `<p><a href="${escapeHtml(unsubscribeUrl)}" style="color:#595959">${htmlLine("unsubscribe")}</a></p>\n` : ""}<p>${escapeHtml(t("mail.signature"))}</p>
</body></html>`;
  return { subject, text, html };
}
