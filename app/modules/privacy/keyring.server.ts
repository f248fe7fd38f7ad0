import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { masterKeyCheck, orgDataKey } from "./schema.ts";

// Envelope encryption. The master key comes from the environment and never
// touches the database; it only wraps each organization's data key, which
// seals the organization's free-text answers and contact addresses with
// AES-256-GCM. Rotating the master key means re-wrapping a handful of data
// keys, not re-encrypting every answer.

const VERSION = "v1";
// Organization ids are UUIDs: this context is never one of theirs.
const PLATFORM_CONTEXT = "platform";

export interface Keyring {
  /** Seals and opens one organization's sensitive text. */
  forOrg(db: Db, orgId: string): Promise<OrgSealer>;
  /**
   * Seals and opens what belongs to no organization (sign-up and password
   * messages in the mail outbox): a key derived from the master key, so there
   * is nothing to store or wrap (decision 0041).
   */
  forPlatform(): OrgSealer;
  /** A keyed hash (for finding duplicates without reading the value). */
  blindIndex(orgId: string, value: string): string;
}

export interface OrgSealer {
  seal(plain: string): string;
  open(sealed: string): string;
}

export function createKeyring(masterKey: Buffer): Keyring {
  if (masterKey.length !== 32) throw new Error("the master key must be 32 bytes");
  const wrapKey = derive(masterKey, "outside-in/wrap");
  const indexKey = derive(masterKey, "outside-in/blind-index");
  const platformKey = derive(masterKey, "outside-in/platform");
  const cache = new Map<string, Buffer>();

  async function dataKey(db: Db, orgId: string): Promise<Buffer> {
    const cached = cache.get(orgId);
    if (cached) return cached;
    const fresh = randomBytes(32);
    // Two first uses at once both try to insert; the database keeps one.
    await db
      .insert(orgDataKey)
      .values({ orgId, wrappedKey: encrypt(wrapKey, fresh, `dek:${orgId}`) })
      .onConflictDoNothing();
    const [row] = await db
      .select({ wrappedKey: orgDataKey.wrappedKey })
      .from(orgDataKey)
      .where(eq(orgDataKey.orgId, orgId));
    if (!row) throw new Error("organization data key missing");
    const key = decrypt(wrapKey, row.wrappedKey, `dek:${orgId}`);
    cache.set(orgId, key);
    return key;
  }

  return {
    async forOrg(db, orgId) {
      const key = await dataKey(db, orgId);
      return {
        seal: (plain) => encrypt(key, Buffer.from(plain, "utf8"), orgId),
        open: (sealed) => decrypt(key, sealed, orgId).toString("utf8"),
      };
    },
    forPlatform: () => ({
      seal: (plain) => encrypt(platformKey, Buffer.from(plain, "utf8"), PLATFORM_CONTEXT),
      open: (sealed) => decrypt(platformKey, sealed, PLATFORM_CONTEXT).toString("utf8"),
    }),
    blindIndex: (orgId, value) => createHmac("sha256", indexKey).update(`${orgId}:${value}`).digest("base64url"),
  };
}

const KEY_CHECK_ID = "master";
const KEY_CHECK_CONTEXT = "master-key-check";
const KEY_CHECK_VALUE = "outside-in master key check";

/**
 * Whether `masterKey` is the key this database's data was sealed with, from
 * the sealed constant in `master_key_check` (decision 0037). The first start
 * writes it; on a database from before the check, only once the key has
 * unwrapped an existing organization key, so a wrong key is never recorded.
 */
export async function checkMasterKey(db: Db, masterKey: Buffer): Promise<boolean> {
  const wrapKey = derive(masterKey, "outside-in/wrap");
  const opensTo = (sealed: string, context: string): Buffer | null => {
    try {
      return decrypt(wrapKey, sealed, context);
    } catch {
      return null;
    }
  };
  const readCheck = async () =>
    (
      await db.select({ sealed: masterKeyCheck.sealed }).from(masterKeyCheck).where(eq(masterKeyCheck.id, KEY_CHECK_ID))
    )[0];
  let check = await readCheck();
  if (!check) {
    const [existing] = await db
      .select({ orgId: orgDataKey.orgId, wrappedKey: orgDataKey.wrappedKey })
      .from(orgDataKey)
      .limit(1);
    if (existing && !opensTo(existing.wrappedKey, `dek:${existing.orgId}`)) return false;
    // Two first starts at once both try; the database keeps one, checked below.
    await db
      .insert(masterKeyCheck)
      .values({ id: KEY_CHECK_ID, sealed: encrypt(wrapKey, Buffer.from(KEY_CHECK_VALUE, "utf8"), KEY_CHECK_CONTEXT) })
      .onConflictDoNothing();
    check = await readCheck();
  }
  return opensTo(check?.sealed ?? "", KEY_CHECK_CONTEXT)?.toString("utf8") === KEY_CHECK_VALUE;
}

/** The master key from a setting (64 hex characters or base64 of 32 bytes). */
export function parseMasterKey(value: string): Buffer | null {
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, "hex") : Buffer.from(value, "base64");
  return key.length === 32 ? key : null;
}

export const newMasterKey = () => randomBytes(32).toString("hex");

const derive = (key: Buffer, info: string) => Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), info, 32));

function encrypt(key: Buffer, plain: Buffer, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${iv.toString("base64url")}.${body.toString("base64url")}`;
}

function decrypt(key: Buffer, sealed: string, context: string): Buffer {
  const [version, iv, body] = sealed.split(".");
  if (version !== VERSION || !iv || !body) throw new Error("not a sealed value");
  const bytes = Buffer.from(body, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]);
}
