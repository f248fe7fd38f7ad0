// The one rule for text from every door (respondent pages, imports, the API,
// staff forms): characters that carry no meaning in a person's text, that
// XML (and so a workbook) cannot hold, or that reorder what a reader sees are
// removed, silently, as surrounding spaces already are. See decision 0040.

// C0 controls but tab and line ends, DEL, C1 controls, and the bidirectional
// embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069).
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\u202a-\u202e\u2066-\u2069]/g;
// Code points Unicode promises never to assign (U+FFFE, U+FFFF, U+FDD0–U+FDEF…).
const NONCHARACTERS = /\p{Noncharacter_Code_Point}/gu;
// Line breaks other than CR/LF: vertical tab (Word's manual line break), form
// feed, next line, line and paragraph separators.
// eslint-disable-next-line no-control-regex
const OTHER_BREAKS = /[\u000b\u000c\u0085\u2028\u2029]/g;

/**
 * Text as it is kept: lone surrogates become U+FFFD, the characters above go,
 * other line breaks become "\n". `singleLine` text (a title, a name, a
 * subject) also has its line breaks and tabs turned into spaces.
 */
export function cleanText(text: string, options: { singleLine?: boolean } = {}): string {
  const kept = text.toWellFormed().replace(CONTROLS, "").replace(NONCHARACTERS, "").replace(OTHER_BREAKS, "\n");
  return options.singleLine ? kept.replace(/\r\n|[\r\n\t]/g, " ") : kept;
}
