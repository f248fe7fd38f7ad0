import { servicesContext } from "#app/context.ts";
import { apiDocument } from "#app/modules/insights/results-api-doc.ts";
import type { Route } from "./+types/v1-openapi";

/** GET /api/v1/openapi.json — the API's OpenAPI 3.1 description, public like any API reference. */
export function loader({ context }: Route.LoaderArgs) {
  const { settings } = context.get(servicesContext);
  return Response.json(apiDocument(settings.baseUrl), { headers: { "Cache-Control": "public, max-age=300" } });
}
