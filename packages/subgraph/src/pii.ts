import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { ValueTransformer } from 'typeorm';

/** Development only; production refuses to start without PII_SECRET (loadServiceConfig). */
export const DEV_PII_SECRET = 'lianxin-dev-pii-secret-not-for-production-use';

const VERSION = 'v1.';

/**
 * AES-256-GCM for a personal field kept outside the members subgraph (a non-member worker's
 * phone on a case), in the format members uses (`v1.` + base64url of iv, ciphertext and tag).
 * Each owner holds its own instance with its own HKDF label, so configuring one never
 * changes another's key in a process that runs several subgraphs (the tests do).
 */
export class PiiCipher {
  private key: Buffer;
  private hashKey: Buffer;

  constructor(private readonly label: string) {
    this.key = this.derive(DEV_PII_SECRET);
    this.hashKey = this.derive(DEV_PII_SECRET, ' hash');
  }

  /** Called once at start with PII_SECRET, before the database is opened. */
  configure(secret: string): void {
    this.key = this.derive(secret);
    this.hashKey = this.derive(secret, ' hash');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return VERSION + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  decrypt(stored: string): string {
    if (!stored.startsWith(VERSION)) return stored;
    const raw = Buffer.from(stored.slice(VERSION.length), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
  }

  /** A keyed hash of the value (HMAC-SHA256 under a key of its own): equal values compare equal, and a table of them gives no phone away. */
  hash(plain: string): string {
    return createHmac('sha256', this.hashKey).update(plain).digest('hex');
  }

  /** Column transformer: plaintext in the entity, ciphertext in the table. */
  readonly column: ValueTransformer = {
    to: (value: string | null | undefined) => (value === null || value === undefined ? value : this.encrypt(value)),
    from: (value: string | null) => (value === null ? value : this.decrypt(value)),
  };

  private derive(secret: string, use = ''): Buffer {
    return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), 'lianxin', this.label + use, 32));
  }
}

/** '13812345678' -> '138****5678', as members masks a member's phone. */
export const maskPhone = (v: string): string => (v.length >= 7 ? `${v.slice(0, 3)}${'*'.repeat(v.length - 7)}${v.slice(-4)}` : '*'.repeat(v.length));
