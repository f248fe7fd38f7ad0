import { type RouteConfig, route } from "@react-router/dev/routes";
import { langs, type PageId, pages, patternFor, routeId } from "./i18n/paths.ts";

const localized = langs.flatMap((lang) =>
  (Object.keys(pages) as PageId[]).map((page) =>
    route(patternFor(page, lang), pages[page].file, { id: routeId(page, lang) }),
  ),
);

export default [
  route("/", "routes/language-select.tsx"),
  route("/s/:key", "routes/respond-link.tsx"),
  ...localized,
  route("/api/v1/orgs/:org/members", "routes/api/v1-org-members.ts"),
  route("/api/v1/surveys/:surveyId/responses", "routes/api/v1-survey-responses.ts"),
  route("/api/v1/surveys/:surveyId/results", "routes/api/v1-survey-results.ts"),
  route("/api/v1/openapi.json", "routes/api/v1-openapi.ts"),
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
