// A small reader for the raw RFC 822 messages the SMTP sink receives: enough
// of MIME for what nodemailer sends (multipart/alternative with a text and an
// HTML part, quoted-printable or base64 bodies, RFC 2047 encoded subjects).

export interface ParsedMail {
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
}

interface Part {
  headers: Record<string, string>;
  body: string;
}

function splitHeaderBody(raw: string): Part {
  const normalized = raw.replace(/\r\n/g, "\n");
  const end = normalized.indexOf("\n\n");
  const head = end === -1 ? normalized : normalized.slice(0, end);
  const body = end === -1 ? "" : normalized.slice(end + 2);
  const headers: Record<string, string> = {};
  // Unfold continuation lines, then read "Name: value".
  for (const line of head.replace(/\n[ \t]+/g, " ").split("\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return { headers, body };
}

function param(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const match = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]*))`, "i").exec(header);
  return match ? (match[1] ?? match[2]) : undefined;
}

function bytesToString(bytes: Uint8Array, charset = "utf-8"): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

function decodeQuotedPrintable(input: string, charset?: string): string {
  const soft = input.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i] as string;
    const hex = soft.slice(i + 1, i + 3);
    if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      for (const b of new TextEncoder().encode(c)) bytes.push(b);
    }
  }
  return bytesToString(Uint8Array.from(bytes), charset);
}

function decodeBody(part: Part): string {
  const encoding = (part.headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  const charset = param(part.headers["content-type"], "charset");
  if (encoding === "base64") return bytesToString(Buffer.from(part.body.replace(/\s+/g, ""), "base64"), charset);
  if (encoding === "quoted-printable") return decodeQuotedPrintable(part.body, charset);
  return part.body;
}

/** Decodes RFC 2047 encoded words (=?utf-8?Q?...?= and =?utf-8?B?...?=). */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, "$1$2")
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, charset: string, kind: string, text: string) => {
      if (kind.toUpperCase() === "B") return bytesToString(Buffer.from(text, "base64"), charset);
      return decodeQuotedPrintable(text.replace(/_/g, " "), charset);
    });
}

function leaves(part: Part): Part[] {
  const type = part.headers["content-type"] ?? "text/plain";
  if (!/^multipart\//i.test(type)) return [part];
  const boundary = param(type, "boundary");
  if (!boundary) return [];
  const chunks = part.body.split(`--${boundary}`);
  // chunks[0] is the preamble; the last one starts with "--" (the epilogue).
  return chunks
    .slice(1)
    .filter((c) => !c.startsWith("--"))
    .flatMap((c) => leaves(splitHeaderBody(c.replace(/^\n/, "").replace(/\n$/, ""))));
}

export function parseRfc822(raw: string): ParsedMail {
  const top = splitHeaderBody(raw);
  const parts = leaves(top);
  const ofType = (t: string) =>
    parts.find((p) => (p.headers["content-type"] ?? "text/plain").toLowerCase().startsWith(t));
  const textPart = ofType("text/plain");
  const htmlPart = ofType("text/html");
  return {
    headers: top.headers,
    subject: decodeEncodedWords(top.headers.subject ?? ""),
    text: textPart ? decodeBody(textPart).replace(/\r\n/g, "\n") : "",
    html: htmlPart ? decodeBody(htmlPart) : "",
  };
}
