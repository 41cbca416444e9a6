import { randomBytes } from 'node:crypto';

/**
 * Ids are ULIDs: 48 bits of milliseconds then 80 random bits, Crockford base32, 26
 * characters. They are unique without a central counter (safe to shard), sort by
 * creation time (good B-tree locality), and contain no '/' (safe inside org paths).
 * Ids made by one process within one millisecond still sort in creation order: the
 * random part is incremented instead of redrawn (the ULID "monotonic" rule), so
 * histories ordered by (time, id) never swap two quick changes.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ID_LENGTH = 26;
export const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

const RANDOM_MAX = (1n << 80n) - 1n;
let lastTime = -1;
let lastRandom = 0n;

function encode(time: number, random: bigint): string {
  let out = '';
  let t = time;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  let tail = '';
  for (let i = 0; i < 16; i++) {
    tail = ALPHABET[Number(random & 31n)] + tail;
    random >>= 5n;
  }
  return out + tail;
}

const toBigInt = (bytes: Uint8Array): bigint => bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);

/**
 * A new id. With explicit `random` bytes (the deterministic demo-data generator) the id is
 * exactly those bits; otherwise ids are monotonic within the process.
 */
export function newId(now: number = Date.now(), random?: Uint8Array): string {
  if (random) return encode(now, toBigInt(random) & RANDOM_MAX);
  if (now <= lastTime && lastRandom < RANDOM_MAX) {
    lastRandom += 1n;
    return encode(lastTime, lastRandom);
  }
  lastTime = now;
  lastRandom = toBigInt(randomBytes(10));
  return encode(now, lastRandom);
}

export function isId(value: string): boolean {
  return ID_PATTERN.test(value);
}
