import { redirect } from "react-router";
import { preferredLang } from "#app/i18n/paths.ts";
import type { Route } from "./+types/language-select";

/** `/` sends people to the language their browser prefers, English by default. */
export function loader({ request }: Route.LoaderArgs) {
  throw redirect(`/${preferredLang(request.headers.get("accept-language"))}`);
}
