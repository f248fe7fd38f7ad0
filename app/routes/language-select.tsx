import { redirect } from "react-router";
import type { Route } from "./+types/language-select";

/** `/` sends people to the language their browser prefers, English by default. */
export function loader({ request }: Route.LoaderArgs) {
  const accept = request.headers.get("accept-language") ?? "";
  const first = accept.split(",")[0]?.trim().toLowerCase() ?? "";
  throw redirect(first.startsWith("fr") ? "/fr" : "/en");
}
