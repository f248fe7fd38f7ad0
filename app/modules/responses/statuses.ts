/** A response is partial until submitted, then complete. */
export const responseStatuses = ["complete", "partial"] as const;
export type ResponseStatus = (typeof responseStatuses)[number];

/** How a response came in: the public link, an e-mail invitation, staff entry, a file import or the API. */
export const responseChannels = ["web", "invitation", "staff", "import", "api"] as const;
export type ResponseChannel = (typeof responseChannels)[number];
