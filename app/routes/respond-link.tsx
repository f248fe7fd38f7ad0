import { redirect } from "react-router";
import { pathFor } from "#app/i18n/paths.ts";
import type { Route } from "./+types/respond-link";

/** The language-neutral link in QR codes: on to the survey in the browser's language. */
export function loader({ request, params }: Route.LoaderArgs) {
  const first = (request.headers.get("accept-language") ?? "").split(",")[0]?.trim().toLowerCase() ?? "";
  const url = new URL(request.url);
  throw redirect(pathFor("respondStart", first.startsWith("fr") ? "fr" : "en", { key: params.key }) + url.search);
}
