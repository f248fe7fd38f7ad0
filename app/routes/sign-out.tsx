import { redirect } from "react-router";
import { servicesContext } from "#app/context.ts";
import { langOfPath, pathFor } from "#app/i18n/paths.ts";
import { signOut } from "#app/modules/identity/accounts.server.ts";
import type { Route } from "./+types/sign-out";

/** Sign-out is a POST (from the account menu); a GET just goes home. */
export function loader({ request }: Route.LoaderArgs) {
  throw redirect(pathFor("home", langOfPath(new URL(request.url).pathname)));
}

export async function action({ request, context }: Route.ActionArgs) {
  const cookies = await signOut(context.get(servicesContext), request.headers);
  throw redirect(`${pathFor("home", langOfPath(new URL(request.url).pathname))}?signedOut=1`, { headers: cookies });
}
