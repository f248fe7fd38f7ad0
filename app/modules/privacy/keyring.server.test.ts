import { randomBytes } from "node:crypto";
import { asc } from "drizzle-orm";
import { organization } from "#app/modules/identity/schema.ts";
import { describe, expect, it } from "vitest";
import { SEEDED_ENCRYPTION_KEY } from "#tests/support/seeded-template.ts";
import { createTestDb, createTestServices } from "#tests/support/test-db.ts";
import { checkMasterKey, createKeyring, parseMasterKey } from "./keyring.server.ts";
import { masterKeyCheck, orgDataKey } from "./schema.ts";

describe("envelope encryption", () => {
  it("seals text that only the same master key can open, per organization", async () => {
    const { db } = await createTestServices();
    const [a, b] = await db.select({ id: organization.id }).from(organization).orderBy(asc(organization.slug)).limit(2);
    if (!a) throw new Error("no organization");
    const keyring = createKeyring(randomBytes(32));
    const sealer = await keyring.forOrg(db, a.id);
    const sealed = sealer.seal("Le délai était trop long — 3 semaines.");
    expect(sealed).not.toContain("délai");
    expect(sealer.open(sealed)).toBe("Le délai était trop long — 3 semaines.");
    // Two seals of the same text differ (fresh IV each time).
    expect(sealer.seal("x")).not.toBe(sealer.seal("x"));

    // The data key in the database is wrapped; another master key cannot unwrap it.
    const stored = await db.select().from(orgDataKey);
    expect(stored).toHaveLength(1);
    await expect(createKeyring(randomBytes(32)).forOrg(db, a.id)).rejects.toThrow();

    // A value sealed for one organization does not open as another's.
    if (b) {
      const other = await keyring.forOrg(db, b.id);
      expect(() => other.open(sealed)).toThrow();
    }
    // Tampering is detected.
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith("A") ? "B" : "A"}A`;
    expect(() => sealer.open(tampered)).toThrow();
  });

  it("seals the platform's own text with a key derived from the master key, apart from every organization's", async () => {
    const { db } = await createTestServices();
    const [org] = await db.select({ id: organization.id }).from(organization).limit(1);
    if (!org) throw new Error("no organization");
    const master = randomBytes(32);
    const sealed = createKeyring(master).forPlatform().seal("lea@example.ca");
    expect(sealed).not.toContain("lea");
    // The same master key opens it after a restart; nothing was stored for it.
    expect(createKeyring(master).forPlatform().open(sealed)).toBe("lea@example.ca");
    expect(() => createKeyring(randomBytes(32)).forPlatform().open(sealed)).toThrow();
    const orgSealer = await createKeyring(master).forOrg(db, org.id);
    expect(() => orgSealer.open(sealed)).toThrow();
    expect(() => createKeyring(master).forPlatform().open(orgSealer.seal("x"))).toThrow();
  });

  it("gives a stable keyed hash that differs between organizations", () => {
    const keyring = createKeyring(randomBytes(32));
    expect(keyring.blindIndex("o1", "a@x.ca")).toBe(keyring.blindIndex("o1", "a@x.ca"));
    expect(keyring.blindIndex("o1", "a@x.ca")).not.toBe(keyring.blindIndex("o2", "a@x.ca"));
  });
});

describe("the master key check", () => {
  it("on a new database records the first key, then accepts only that key", async () => {
    const { db } = await createTestDb();
    const key = randomBytes(32);
    expect(await checkMasterKey(db, key)).toBe(true);
    expect(await db.select().from(masterKeyCheck)).toHaveLength(1);
    expect(await checkMasterKey(db, key)).toBe(true);
    expect(await checkMasterKey(db, randomBytes(32))).toBe(false);
    expect(await db.select().from(masterKeyCheck)).toHaveLength(1);
  });

  it("on a database from before the check, is recorded only by a key that opens the organizations' keys", async () => {
    // The seeded database has organization keys and no check value yet.
    const { db } = await createTestDb({ seeded: true });
    expect((await db.select().from(orgDataKey)).length).toBeGreaterThan(0);
    expect(await db.select().from(masterKeyCheck)).toEqual([]);

    expect(await checkMasterKey(db, randomBytes(32))).toBe(false);
    expect(await db.select().from(masterKeyCheck), "a wrong key is never recorded").toEqual([]);

    const right = parseMasterKey(SEEDED_ENCRYPTION_KEY);
    if (!right) throw new Error("the seeded key does not parse");
    expect(await checkMasterKey(db, right)).toBe(true);
    expect(await db.select().from(masterKeyCheck)).toHaveLength(1);
    expect(await checkMasterKey(db, randomBytes(32))).toBe(false);
  });
});
