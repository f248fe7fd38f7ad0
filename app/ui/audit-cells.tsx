import { useT } from "./use-root.ts";

// The cells an audit log row shows, for the organization and platform logs.

/** Where a security event came from: network address, then the shortened user agent. */
export function Origin({ ip, userAgent }: { ip: string | null; userAgent: string | null }) {
  if (!ip && !userAgent) return null;
  return (
    <>
      {ip ? <span className="code">{ip}</span> : null}
      {userAgent ? <small> {userAgent}</small> : null}
    </>
  );
}

export function ChangeSummary({ before, after }: { before: unknown; after: unknown }) {
  const t = useT();
  return (
    <dl className="summary-list">
      {before ? (
        <>
          <dt>{t("audit.before")}</dt>
          <dd className="code">{JSON.stringify(before)}</dd>
        </>
      ) : null}
      {after ? (
        <>
          <dt>{t("audit.after")}</dt>
          <dd className="code">{JSON.stringify(after)}</dd>
        </>
      ) : null}
    </dl>
  );
}
