import { createHash, createHmac } from "node:crypto";

// The private token in an invited person's links (invitation, reminders,
// unsubscribe). Derived from the contact's id with the server's secret, so
// every message to one person carries the same link and nothing but its hash
// is stored (decision 0011).

export function invitationToken(secret: string, contactId: string): string {
  return createHmac("sha256", secret).update(`invitation:${contactId}`).digest().subarray(0, 16).toString("base64url");
}

export const invitationTokenHash = (token: string) =>
  createHash("sha256").update(`invitation:${token}`).digest("base64url");

/** 128 bits in base64url: anything else cannot be a token, and is refused before any query. */
export const isInvitationToken = (value: string) => /^[\w-]{22}$/.test(value);
