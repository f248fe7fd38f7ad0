/** What an API token may do: each API endpoint needs exactly one of these. */
export const apiScopes = ["responses:write", "results:read", "members:read"] as const;
export type ApiScope = (typeof apiScopes)[number];
