import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { ValueTransformer } from 'typeorm';
import { lean } from '@lianxin/subgraph';

/**
 * ID numbers and phones at rest.
 *
 * A copied database or backup must not hand over every member's ID number. So the columns
 * hold AES-256-GCM ciphertext (`v1.` + base64url of iv, ciphertext and tag), and exact
 * lookups go through a keyed hash (HMAC-SHA256) in a column of its own: the plaintext is
 * never compared in SQL. Both keys derive from one secret, PII_SECRET (HKDF with a label
 * per use), so rotating it is one variable; the `v1.` prefix leaves room for a second key.
 *
 * The rows reach services decrypted (a column transformer), so masking, reveal and audit
 * work as before; writers add the hashes with `piiHashes()`.
 */

/** Development only; production refuses to start without PII_SECRET (packages/subgraph config). */
export const DEV_PII_SECRET = 'lianxin-dev-pii-secret-not-for-production-use';

const VERSION = 'v1.';
let keys = deriveKeys(DEV_PII_SECRET);

function deriveKeys(secret: string): { enc: Buffer; hash: Buffer } {
  const ikm = Buffer.from(secret, 'utf8');
  return {
    enc: Buffer.from(hkdfSync('sha256', ikm, 'lianxin', 'pii encryption v1', 32)),
    hash: Buffer.from(hkdfSync('sha256', ikm, 'lianxin', 'pii lookup hash v1', 32)),
  };
}

/** Called once at start with the configured secret, before the database is opened (migrations encrypt too). */
export function configurePii(secret: string): void {
  keys = deriveKeys(secret);
}

export function encryptPii(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.enc, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return VERSION + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** A value written before encryption existed (no prefix) reads as it is, so a half-migrated table still works. */
export function decryptPii(stored: string): string {
  if (!stored.startsWith(VERSION)) return stored;
  const raw = Buffer.from(stored.slice(VERSION.length), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', keys.enc, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
}

export const isEncrypted = (stored: string): boolean => stored.startsWith(VERSION);

/** The lookup key of an ID number or phone: the same value always gives the same 64 hex characters. */
export function piiHash(kind: 'idNumber' | 'phone', value: string): string {
  const normalised = kind === 'idNumber' ? value.trim().toUpperCase() : value.trim();
  return createHmac('sha256', keys.hash).update(`${kind}:${normalised}`).digest('hex');
}

/** The hash columns of a row that carries an ID number and a phone. */
export const piiHashes = (row: { idNumber: string; phone: string }): { idNumberHash: string; phoneHash: string } => ({
  idNumberHash: piiHash('idNumber', row.idNumber),
  phoneHash: piiHash('phone', row.phone),
});

/**
 * Column transformer: plaintext in the entity, ciphertext in the table. With `lean.on` the
 * value read stays ciphertext until the entity's property is read (`decryptOnRead`): a fresh
 * AES-GCM decipher costs about 10 µs, and a page of 50 members used to decrypt 100 values to
 * show none of them.
 */
export const encrypted: ValueTransformer = {
  to: (value: string | null | undefined) => (value === null || value === undefined ? value : encryptPii(value)),
  from: (value: string | null) => (value === null || lean.on ? value : decryptPii(value)),
};

/**
 * Makes these properties of an entity class read as plaintext whatever was assigned:
 * ciphertext (a row just loaded) is decrypted on the first read and kept, plaintext (a row
 * being written) is returned as it is. The first assignment gives the instance an own,
 * enumerable accessor, so a spread, `Object.keys` or JSON see the plaintext value, as they
 * did when the transformer decrypted eagerly. Entities are built by TypeORM without their
 * constructor, so the prototype is the one place every instance passes through.
 */
export function decryptOnRead(entity: { prototype: object }, ...props: string[]): void {
  for (const prop of props) {
    // Where each instance keeps its value: not enumerable, so spreads, keys and JSON see only the accessor.
    const slot = Symbol(prop);
    type Slot = { stored: string | null | undefined; plain: string | null | undefined; known: boolean };
    // One getter and one setter shared by every instance: V8 gives instances that were given the
    // same accessor functions the same hidden class, so a page of rows stays as cheap to build and
    // read as plain objects (a closure per instance made each row a slow dictionary-mode object).
    function get(this: Record<symbol, Slot>) {
      const s = this[slot];
      if (!s.known) {
        s.plain = typeof s.stored === 'string' ? decryptPii(s.stored) : s.stored;
        s.known = true;
      }
      return s.plain;
    }
    function set(this: Record<symbol, Slot>, next: string | null | undefined) {
      const s = this[slot];
      s.stored = next;
      s.known = false;
    }
    Object.defineProperty(entity.prototype, prop, {
      configurable: true,
      set(this: object, assigned: string | null | undefined) {
        Object.defineProperty(this, slot, { value: { stored: assigned, plain: undefined, known: false } satisfies Slot, writable: true, enumerable: false, configurable: true });
        Object.defineProperty(this, prop, { configurable: true, enumerable: true, get, set });
      },
    });
  }
}

/** Ciphertext of an 18-character ID number or an 11-digit phone fits well within this. */
export const ENCRYPTED_LENGTH = 120;
