import { servicesContext } from "#app/context.ts";
import { preferredLang } from "#app/i18n/paths.ts";
import { apiTokenRefused, authenticateApiToken } from "#app/modules/responses/api-tokens.server.ts";
import { API_MAX_BODY_BYTES } from "#app/modules/responses/ingest-api.ts";
import {
  type ApiAnswer,
  apiError,
  receiveResponses,
  validIdempotencyKey,
} from "#app/modules/responses/ingest-api.server.ts";
import type { Route } from "./+types/v1-survey-responses";

/**
 * POST /api/v1/surveys/:surveyId/responses — the ingestion API (described at
 * /api/v1/openapi.json). Only a bearer token authenticates it: session
 * cookies are never read here, which is why the form CSRF check, made for
 * cookies, does not apply (app/root.tsx).
 */
export async function action({ request, context, params }: Route.ActionArgs) {
  if (request.method !== "POST") return send(methodNotAllowed());
  const { db, keyring } = context.get(servicesContext);
  const auth = await authenticateApiToken(db, request.headers.get("authorization"), "responses:write");
  if (!auth.ok) return apiTokenRefused(auth, "responses:write");
  const { caller } = auth;
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) return send(apiError(415, "UnsupportedMediaType"));
  const idempotencyKey = request.headers.get("idempotency-key");
  if (!validIdempotencyKey(idempotencyKey)) return send(apiError(400, "IdempotencyKeyRequired"));
  const bytes = await request.arrayBuffer();
  if (bytes.byteLength > API_MAX_BODY_BYTES) return send(apiError(413, "PayloadTooLarge"));
  let body: string;
  try {
    body = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return send(apiError(400, "BadJson"));
  }
  const answer = await receiveResponses(db, keyring, caller, {
    surveyId: params.surveyId,
    idempotencyKey,
    body,
    lang: preferredLang(request.headers.get("accept-language")),
  });
  return send(answer, answer.replayed ? { "Idempotent-Replayed": "true" } : {});
}

export function loader() {
  return send(methodNotAllowed());
}

const methodNotAllowed = (): ApiAnswer => apiError(405, "MethodNotAllowed");

function send(answer: ApiAnswer, headers: Record<string, string> = {}) {
  if (answer.status === 405) headers.Allow = "POST";
  return Response.json(answer.body, { status: answer.status, headers });
}
