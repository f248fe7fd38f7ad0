import { redirect } from "react-router";
import { pathFor, preferredLang } from "#app/i18n/paths.ts";
import type { Route } from "./+types/respond-link";

/** The language-neutral link in QR codes: on to the survey in the browser's language. */
export function loader({ request, params }: Route.LoaderArgs) {
  const lang = preferredLang(request.headers.get("accept-language"));
  throw redirect(pathFor("respondStart", lang, { key: params.key }) + new URL(request.url).search);
}
