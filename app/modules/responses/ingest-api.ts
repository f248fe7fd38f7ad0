// The ingestion API's contract: request and answer bodies as zod schemas,
// which both check requests and describe them in the OpenAPI document.
import { z } from "zod";
import { type ApiScope, apiScopes } from "./api-scopes.ts";

export const API_MAX_RESPONSES = 1000;
export const API_MAX_BODY_BYTES = 5 * 1024 * 1024;

const answer = z
  .union([z.number(), z.string(), z.array(z.string())])
  .meta({ description: "A scale point or code (number or string), several codes, a number, a date or text." });

export const ingestItemSchema = z.strictObject({
  answers: z
    .record(z.string().min(1).max(100), answer)
    .meta({ description: "Answers by question code, as the survey's codebook lists them." }),
  lang: z.enum(["en", "fr"]).meta({ description: "The language the person answered in." }),
  submittedAt: z
    .union([z.iso.datetime({ offset: true }), z.iso.date()])
    .optional()
    .meta({ description: "When the person answered (ISO 8601; UTC without an offset). Default: now." }),
});

export const ingestRequestSchema = z
  .strictObject({ responses: z.array(ingestItemSchema).min(1).max(API_MAX_RESPONSES) })
  .meta({ id: "IngestRequest" });
export type IngestRequest = z.output<typeof ingestRequestSchema>;

/**
 * The request as the server first reads it: the envelope only. Each response
 * is then checked on its own against ingestItemSchema, so that one response's
 * wrong property (a missing lang) does not hide the other problems.
 */
export const ingestBatchSchema = ingestRequestSchema.extend({
  responses: z.array(z.unknown()).min(1).max(API_MAX_RESPONSES),
});

export const ingestResultSchema = z
  .object({
    surveyId: z.uuid(),
    version: z.int().meta({ description: "The published version the responses answer." }),
    received: z.int(),
    responseIds: z.array(z.uuid()).meta({ description: "The new responses' ids, in the order sent." }),
  })
  .meta({ id: "IngestResult" });

export const ingestErrorSchema = z
  .object({
    index: z.int().nullable().meta({ description: "The response's position in the batch, from 0." }),
    code: z.string().nullable().meta({ description: "The question code, if the problem is with one answer." }),
    field: z.string().optional().meta({ description: "The property at fault, when it is not an answer." }),
    reason: z.string().meta({ description: "A stable name for the problem: choice, range, number, hidden…" }),
    message: z.string(),
  })
  .meta({ id: "IngestError" });
export type IngestApiError = z.output<typeof ingestErrorSchema>;

export const validationFailedSchema = z
  .object({ error: z.literal("ValidationFailed"), errors: z.array(ingestErrorSchema) })
  .meta({ id: "ValidationFailed" });

export const apiErrorSchema = z
  .object({
    error: z.enum([
      "Unauthenticated",
      "NotFound",
      "MethodNotAllowed",
      "UnsupportedMediaType",
      "PayloadTooLarge",
      "BadJson",
      "IdempotencyKeyRequired",
      "IdempotencyKeyReused",
      "SurveyNotOpen",
      "TokenExpired",
      "TokenInactive",
      "InsufficientScope",
      "Forbidden",
    ]),
    scope: z
      .enum(apiScopes)
      .optional()
      .meta({ description: "With InsufficientScope: the scope the endpoint needs and the token lacks." }),
  })
  .meta({ id: "Error" });
export type ApiErrorCode = z.output<typeof apiErrorSchema>["error"];

const json = (ref: string) => ({
  content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } },
});
const error = (description: string) => ({ description, ...json("Error") });

/** The answers every endpoint gives a token that does not work, or lacks the endpoint's scope. */
export const tokenRefusals = (scope: ApiScope) => ({
  "401": error(
    "No token, or a token that is unknown or revoked (Unauthenticated), past its end date (TokenExpired), or whose " +
      "creator has left the organization or is no longer an administrator (TokenInactive).",
  ),
  "403": error(`The token lacks the ${scope} scope (InsufficientScope).`),
});

/** The OpenAPI 3.1 description of the API, its schemas generated from the zod ones above. */
export function openApiDocument(serverUrl: string) {
  const registry = z.registry<{ id: string }>();
  for (const schema of [
    ingestRequestSchema,
    ingestResultSchema,
    ingestErrorSchema,
    validationFailedSchema,
    apiErrorSchema,
  ]) {
    registry.add(schema, { id: schema.meta()?.id as string });
  }
  const generated = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    uri: (id) => `#/components/schemas/${id}`,
  }).schemas;
  // OpenAPI names each schema by its place in `components`: no $id or $schema of their own.
  const schemas = Object.fromEntries(
    Object.entries(generated).map(([id, { $id: _id, $schema: _schema, ...schema }]) => [id, schema]),
  );
  return {
    openapi: "3.1.0",
    info: {
      title: "Outside-In ingestion API",
      version: "1.0.0",
      description:
        "Sends responses to a published survey from another system (a kiosk, a call-centre tool, a panel). " +
        "Each request is all or nothing, and safe to retry with the same Idempotency-Key.",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearerAuth: [...apiScopes] }],
    paths: {
      "/api/v1/surveys/{surveyId}/responses": {
        post: {
          operationId: "createResponses",
          summary: "Add complete responses to a published survey",
          security: [{ bearerAuth: ["responses:write"] }],
          description:
            `Up to ${API_MAX_RESPONSES} responses and ${API_MAX_BODY_BYTES / 1024 / 1024} MiB per request. ` +
            "Every response is checked as the respondent pages would check it (answer codes, ranges, dates, " +
            "lengths, skip logic); if any is wrong, none is written and every problem is listed. " +
            "A retry with the same Idempotency-Key and body returns the first answer; the same key with another " +
            "body is refused. Keys are remembered for 7 days.",
          parameters: [
            { name: "surveyId", in: "path", required: true, schema: { type: "string", format: "uuid" } },
            {
              name: "Idempotency-Key",
              in: "header",
              required: true,
              description: "A unique value per batch (a UUID is best), 1 to 200 visible ASCII characters.",
              schema: { type: "string", minLength: 1, maxLength: 200, pattern: "^[\\x21-\\x7E]+$" },
            },
          ],
          requestBody: { required: true, ...json("IngestRequest") },
          responses: {
            "201": {
              description: "The responses were added (or, for a retry, had been).",
              headers: {
                "Idempotent-Replayed": {
                  description: "true when this answers a retry of a request already done.",
                  schema: { type: "string", enum: ["true"] },
                },
              },
              ...json("IngestResult"),
            },
            "400": error("The body is not JSON, or the Idempotency-Key header is missing or malformed."),
            ...tokenRefusals("responses:write"),
            "404": error("No such survey in the token's organization."),
            "409": error("The survey is not open (a draft or closed), or the key was used for another body."),
            "413": error(`The body is over ${API_MAX_BODY_BYTES / 1024 / 1024} MiB.`),
            "415": error("The body is not application/json."),
            "422": { description: "Some responses are not valid; nothing was written.", ...json("ValidationFailed") },
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description:
            "An API token made by an organization administrator (Settings → API tokens). Each operation needs " +
            "one scope, chosen when the token is made: responses:write, results:read or members:read. A token " +
            "works until its end date, if it has one, and while its creator is an administrator of the organization.",
        },
      },
      schemas,
    },
  };
}
