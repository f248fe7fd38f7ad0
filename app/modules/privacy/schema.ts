import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organization } from "#app/modules/identity/schema.ts";

// Envelope encryption: each organization's data key, wrapped (encrypted) by
// the master key, which lives outside the database (ENCRYPTION_KEY). A copy of
// the database alone cannot read free-text answers or contact addresses.
export const orgDataKey = pgTable("org_data_key", {
  orgId: uuid("org_id")
    .primaryKey()
    .references(() => organization.id, { onDelete: "cascade" }),
  wrappedKey: text("wrapped_key").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

// One row: a known constant sealed under the master key, written on first
// start. Start-up opens it to prove ENCRYPTION_KEY is the key the data was
// sealed with, and refuses to start otherwise (a wrong key would otherwise
// surface as 500s on every respondent page).
export const masterKeyCheck = pgTable("master_key_check", {
  id: text("id").primaryKey(),
  sealed: text("sealed").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
