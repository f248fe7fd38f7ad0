import { useT } from "./use-root.ts";

/** Roles as small labelled tags, in the reader's language. */
export function RoleTags({ roles }: { roles: readonly string[] }) {
  const t = useT();
  return (
    <>
      {roles.map((r) => (
        <span className="tag" key={r}>
          {t(`roles.${r}`)}
        </span>
      ))}
    </>
  );
}
