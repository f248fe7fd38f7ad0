// Just enough HTML form reading for a browser without JavaScript on our own
// pages: a form's action, its hidden fields, and its questions' inputs.

export interface FormInput {
  tag: "input" | "textarea";
  type: string;
  name: string;
  value: string;
  inputMode: string;
}

export interface HtmlForm {
  id: string;
  action: string | null;
  inputs: FormInput[];
}

const decode = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of tag.matchAll(/([\w-]+)(?:="([^"]*)")?/g))
    found.set((m[1] as string).toLowerCase(), decode(m[2] ?? ""));
  return found;
}

export function readForms(html: string): HtmlForm[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].map((m) => {
    const form = attributes(m[1] as string);
    const inputs: FormInput[] = [];
    for (const field of (m[2] as string).matchAll(/<(input|textarea)\b([^>]*)>/g)) {
      const a = attributes(field[2] as string);
      const name = a.get("name");
      if (!name) continue;
      inputs.push({
        tag: field[1] as "input" | "textarea",
        type: a.get("type") ?? "text",
        name,
        value: a.get("value") ?? "",
        inputMode: a.get("inputmode") ?? "",
      });
    }
    return { id: form.get("id") ?? "", action: form.has("action") ? (form.get("action") as string) : null, inputs };
  });
}

/** The hidden fields a browser sends with the form, in document order. */
export const hiddenFields = (form: HtmlForm): [string, string][] =>
  form.inputs.filter((i) => i.type === "hidden").map((i) => [i.name, i.value]);

/** `<progress value=n max=m>` of a respondent page: which page of how many. */
export function progressOf(html: string): { page: number; of: number } | null {
  const m = /<progress\b[^>]*value="(\d+)"[^>]*max="(\d+)"/.exec(html);
  return m ? { page: Number(m[1]), of: Number(m[2]) } : null;
}
