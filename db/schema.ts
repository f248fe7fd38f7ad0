// The schema index: every module's tables, for Drizzle and its migrations.
export * from "../app/modules/identity/schema.ts";
export * from "../app/modules/mail/schema.ts";
export * from "../app/modules/measure/schema.ts";
export * from "../app/modules/privacy/schema.ts";
export * from "../app/modules/responses/schema.ts";
export * from "../app/modules/insights/schema.ts";
