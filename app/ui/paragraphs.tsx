import { Fragment } from "react";

/**
 * Plain text typed by staff (a privacy notice, a closing message) as
 * paragraphs: a blank line starts a new one, a single line break stays a line
 * break. React escapes the text, so markup shows as typed and never runs.
 */
export function Paragraphs({ text, className }: { text: string; className?: string }) {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <div className={className}>
      {paragraphs.map((p, i) => (
        // The text is fixed for the page's lifetime, so the index is a stable key.
        <p key={i}>
          {p.split("\n").map((line, j) => (
            <Fragment key={j}>
              {j > 0 ? <br /> : null}
              {line}
            </Fragment>
          ))}
        </p>
      ))}
    </div>
  );
}
