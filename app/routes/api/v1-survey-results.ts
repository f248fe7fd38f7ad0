import { servicesContext } from "#app/context.ts";
import { answerResultsRequest } from "#app/modules/insights/results-api.server.ts";
import { apiTokenRefused, authenticateApiToken } from "#app/modules/responses/api-tokens.server.ts";
import type { Route } from "./+types/v1-survey-results";

/**
 * GET /api/v1/surveys/:surveyId/results — a survey's results as the analyst
 * command line prints them (described at /api/v1/openapi.json). A bearer
 * token of the survey's organization only; cookies are never read here.
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { db } = context.get(servicesContext);
  const auth = await authenticateApiToken(db, request.headers.get("authorization"), "results:read");
  if (!auth.ok) return apiTokenRefused(auth, "results:read", { "Cache-Control": "private, no-store" });
  const answer = await answerResultsRequest(db, auth.caller, params.surveyId, new URL(request.url).searchParams);
  return send(answer.status, answer.body);
}

export function action() {
  return send(405, { error: "MethodNotAllowed" }, { Allow: "GET" });
}

function send(status: number, body: unknown, headers: Record<string, string> = {}) {
  // Results are the organization's own: never kept by a shared cache.
  return Response.json(body, { status, headers: { "Cache-Control": "private, no-store", ...headers } });
}
