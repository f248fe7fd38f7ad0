import { useT } from "./use-root.ts";

/** A question's coding as small tags: core, channels, dimension, driver. */
export function QuestionTags(q: {
  core: boolean;
  channels: string[];
  dimension: string | null;
  driver: string | null;
}) {
  const t = useT();
  return (
    <>
      {q.core ? <span className="tag tag--core">{t("bank.core")}</span> : null}
      {q.driver ? <span className="tag">{t(`bank.drivers.${q.driver}`)}</span> : null}
      {q.dimension ? <span className="tag">{t(`bank.dimensions.${q.dimension}`)}</span> : null}
      {q.channels.length === 5 ? (
        <span className="tag">{t("bank.allChannels")}</span>
      ) : (
        q.channels.map((c) => (
          <span className="tag" key={c}>
            {t(`bank.channels.${c}`)}
          </span>
        ))
      )}
    </>
  );
}
