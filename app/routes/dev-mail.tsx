import { data } from "react-router";
import { servicesContext } from "#app/context.ts";
import { formatDateTime } from "#app/i18n/i18n.ts";
import { requirePlatformAdmin } from "#app/modules/identity/guard.server.ts";
import { findRecentMail } from "#app/modules/mail/outbox.server.ts";
import { Breadcrumbs, Notice } from "#app/ui/layout.tsx";
import { pageTitle } from "#app/ui/meta.ts";
import { useLang, useT } from "#app/ui/use-root.ts";
import type { Route } from "./+types/dev-mail";

/**
 * The development mailbox: the newest outbox messages, so a demo without SMTP
 * can still follow verification and invitation links. It shows every
 * account's reset links, so (decision 0036): a 404 for everyone unless the
 * settings allow it (a loopback BASE_URL, DEV_MAILBOX on or no SMTP server on
 * the embedded database), and then for signed-in platform admins only.
 */
export async function loader(args: Route.LoaderArgs) {
  const { settings, keyring } = args.context.get(servicesContext);
  if (!settings.devMailbox) throw data({ key: "errors.status.404" }, { status: 404 });
  const admin = await requirePlatformAdmin(args);
  return { messages: await findRecentMail(admin.db, keyring) };
}

export const meta: Route.MetaFunction = ({ location }) => pageTitle(location.pathname, "devMail.title");

export default function DevMail({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <Breadcrumbs items={[{ label: t("devMail.title") }]} />
      <h1>{t("devMail.title")}</h1>
      <Notice kind="warning">
        <p>{t("devMail.warning")}</p>
      </Notice>
      {loaderData.messages.length === 0 ? <p>{t("devMail.empty")}</p> : null}
      {loaderData.messages.map((m) => (
        <article key={m.id}>
          <h2>{m.subject}</h2>
          <dl className="summary-list">
            <dt>{t("devMail.to")}</dt>
            <dd>{m.toAddress}</dd>
            <dt>{t("devMail.queued")}</dt>
            <dd>{formatDateTime(lang, m.createdAt)}</dd>
            <dt>{t("devMail.status")}</dt>
            <dd>{t(`devMail.statuses.${m.status}`)}</dd>
          </dl>
          <pre className="mail">{m.text}</pre>
        </article>
      ))}
    </>
  );
}
