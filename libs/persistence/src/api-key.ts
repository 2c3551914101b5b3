import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const API_KEY_PREFIX = 'wabus_';
/** Characters of a key kept in clear (`api_keys.prefix`) so people can tell keys apart. */
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;

export interface GeneratedApiKey {
  /** The key itself: shown once to its owner, never stored. */
  key: string;
  /** Its first characters, stored and shown to identify it. */
  prefix: string;
  /** sha256 hex of the key, stored in `api_keys.key_hash`. */
  hash: string;
}

/**
 * sha256 rather than a password hash (bcrypt, scrypt, argon2): a generated key
 * carries 256 random bits, so no dictionary or brute force can reach it and a
 * slow hash would buy nothing but latency on every request. The hash is also
 * deterministic, so a request's key is found by one lookup on the unique
 * `key_hash` index. (A key chosen by a person, such as WABUS_BOOTSTRAP_API_KEY,
 * is only as strong as its entropy: configuration must insist on a long one.)
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function apiKeyDisplayPrefix(key: string): string {
  return key.slice(0, DISPLAY_PREFIX_LENGTH);
}

export function generateApiKey(): GeneratedApiKey {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, prefix: apiKeyDisplayPrefix(key), hash: hashApiKey(key) };
}

/** Compares in constant time, so response timing reveals nothing about the stored hash. */
export function apiKeyMatches(key: string, hash: string): boolean {
  const expected = Buffer.from(hash, 'hex');
  const actual = Buffer.from(hashApiKey(key), 'hex');
  // A malformed stored hash decodes to fewer bytes; timingSafeEqual throws on unequal lengths.
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
