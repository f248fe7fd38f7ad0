// The results endpoint in the API's OpenAPI description: its path and the
// schemas of its answer, which has the analyst command line's JSON keys.
import { openApiDocument, tokenRefusals } from "#app/modules/responses/ingest-api.ts";
import { responseChannels } from "#app/modules/responses/statuses.ts";

const number = { type: ["number", "null"], description: "null when it cannot be computed (e.g. no variance)." };
const interval = { type: "array", items: number, minItems: 2, maxItems: 2, description: "95 % interval [low, high]." };

const scoreSummary = {
  type: "object",
  description: "A question's score on the 0–100 scale ((rating − 1) × 25); not applicable and blanks are left out.",
  properties: {
    n: { type: "number", description: "Valid ratings (the sum of their weights when weighted)." },
    mean: number,
    sd: number,
    se: number,
    ci: interval,
    satisfied: {
      type: "object",
      description: "Share of ratings 4 or 5, with its 95 % interval (Wilson; logit when weighted).",
      properties: { p: number, ci: interval },
    },
  },
  required: ["n", "mean", "sd", "se", "ci", "satisfied"],
};

const driver = {
  type: "object",
  properties: {
    item: { type: "string", description: "The driver question's code." },
    r: number,
    beta: number,
    betaStd: number,
    lmg: { ...number, description: "Relative importance (LMG/Shapley share of R²)." },
    importance: { ...number, description: "lmg / R²: the importances sum to 1." },
    performance: { ...number, description: "The driver's mean score." },
    quadrant: { type: "string", enum: ["priority", "strength", "secondary", "surplus"] },
  },
  required: ["item", "r", "beta", "betaStd", "lmg", "importance", "performance", "quadrant"],
};

const results = {
  type: "object",
  properties: {
    n: { type: "integer", description: "Complete responses the filters keep." },
    weighted: { type: "boolean", description: "Raked to the survey's population margins." },
    weight: { type: "null", description: "The command line's weight column; the API has none." },
    raking: {
      type: ["object", "null"],
      properties: {
        columns: { type: "array", items: { type: "string" } },
        iterations: { type: "integer" },
        converged: { type: "boolean" },
        totalWeight: { type: "number" },
      },
    },
    items: { type: "object", additionalProperties: scoreSummary, description: "Every 1–5 question, by code." },
    drivers: {
      type: ["object", "null"],
      description: "Overall satisfaction explained by the drivers (listwise-complete cases); null when too few.",
      properties: {
        n: { type: "integer" },
        r2: number,
        intercept: number,
        items: { type: "array", items: driver },
      },
    },
    crosstab: {
      type: "object",
      description: "With `by`: the variable by overall satisfaction (satisfied 4–5 / not 1–3), chi-square test.",
      properties: {
        by: { type: "string" },
        item: { type: "string" },
        n: { type: "number" },
        table: { type: "object" },
        chi2: number,
        df: number,
        p: number,
        cramersV: number,
        expectedMin: number,
        raoScott: { type: "object", description: "Rao-Scott adjusted F, when weighted." },
      },
    },
    comparison: {
      type: "object",
      description: "With `compare`: the overall score of its two groups, Welch t test (svyttest when weighted).",
      properties: {
        by: { type: "string" },
        item: { type: "string" },
        groups: { type: "array" },
        diff: number,
        t: number,
        df: number,
        p: number,
      },
    },
    surveyId: { type: "string", format: "uuid" },
    notes: {
      type: "array",
      description: "What could not be computed and why, e.g. { key: 'tooFewRatings', code, n }.",
      items: { type: "object", properties: { key: { type: "string" } }, required: ["key"] },
    },
  },
  required: ["n", "weighted", "items", "drivers", "notes"],
};

const invalidQuery = {
  type: "object",
  properties: {
    error: { const: "InvalidQuery" },
    errors: {
      type: "array",
      items: {
        type: "object",
        properties: {
          param: { type: "string" },
          reason: { type: "string", description: "unknown, repeated, weighted, variable, question, month, …" },
          message: { type: "string" },
        },
        required: ["param", "reason", "message"],
      },
    },
  },
  required: ["error", "errors"],
};

const query = (name: string, description: string, schema: object = { type: "string" }) => ({
  name,
  in: "query",
  required: false,
  description,
  schema,
});

const ref = (id: string) => ({ content: { "application/json": { schema: { $ref: `#/components/schemas/${id}` } } } });

const resultsApiPaths = {
  "/api/v1/surveys/{surveyId}/results": {
    get: {
      operationId: "getSurveyResults",
      summary: "A survey's results, as `outside-in analyze --format json` prints them",
      security: [{ bearerAuth: ["results:read"] }],
      description:
        "Scores of every 1–5 question, drivers of overall satisfaction with relative importance (LMG), and, " +
        "on request, a cross-tab and a comparison, from the survey's complete responses. Weighted when the " +
        "survey has population margins, unless weighted=false. Filters are those of the results dashboard.",
      parameters: [
        { name: "surveyId", in: "path", required: true, schema: { type: "string", format: "uuid" } },
        query("weighted", "false for unweighted results (default true: weighted when margins are set).", {
          type: "string",
          enum: ["true", "false"],
        }),
        query("by", "Cross-tab this variable by overall satisfaction: lang, channel, version or a question code."),
        query("compare", "Compare the overall score of this variable's two groups."),
        query("channel", "Only responses from this channel.", { type: "string", enum: [...responseChannels] }),
        query("lang", "Only responses in this language.", { type: "string", enum: ["en", "fr"] }),
        query("version", "Only responses to this published version.", { type: "integer", minimum: 1 }),
        query("from", "Submitted in this month or after (YYYY-MM).", { type: "string", pattern: "^\\d{4}-\\d{2}$" }),
        query("to", "Submitted in this month or before (YYYY-MM).", { type: "string", pattern: "^\\d{4}-\\d{2}$" }),
        query("q", "With a: only responses that gave answer a to question q."),
        query("a", "The answer code for q."),
      ],
      responses: {
        "200": { description: "The results.", ...ref("SurveyResults") },
        "400": { description: "Some query parameters are wrong; each is listed.", ...ref("InvalidQuery") },
        ...tokenRefusals("results:read"),
        "404": { description: "No such survey in the token's organization.", ...ref("Error") },
      },
    },
  },
  "/api/v1/orgs/{org}/members": {
    get: {
      operationId: "getOrganizationMembers",
      summary: "The organization's members and their roles",
      description: "With a token: only the token's own organization (another one's is 404).",
      security: [{ bearerAuth: ["members:read"] }],
      parameters: [{ name: "org", in: "path", required: true, schema: { type: "string" } }],
      responses: {
        "200": { description: "The members.", ...ref("Members") },
        ...tokenRefusals("members:read"),
        "404": { description: "Not the token's organization.", ...ref("Error") },
      },
    },
  },
};

const members = {
  type: "object",
  properties: {
    organization: { type: "string", description: "The organization's slug." },
    members: {
      type: "array",
      items: {
        type: "object",
        properties: {
          userId: { type: "string" },
          name: { type: "string" },
          email: { type: "string" },
          roles: { type: "array", items: { type: "string" } },
          since: { type: "string", format: "date-time" },
        },
        required: ["userId", "name", "email", "roles", "since"],
      },
    },
  },
  required: ["organization", "members"],
};

/** The whole API's OpenAPI 3.1 description: ingestion and results. */
export function apiDocument(serverUrl: string) {
  const ingestion = openApiDocument(serverUrl);
  return {
    ...ingestion,
    info: {
      ...ingestion.info,
      title: "Outside-In API",
      description:
        `${ingestion.info.description} Reads a survey's results as the analyst command line computes them, ` +
        "and lists the organization's members. Each operation needs one scope of the token.",
    },
    paths: { ...ingestion.paths, ...resultsApiPaths },
    components: {
      ...ingestion.components,
      schemas: {
        ...ingestion.components.schemas,
        SurveyResults: results,
        InvalidQuery: invalidQuery,
        Members: members,
      },
    },
  };
}
