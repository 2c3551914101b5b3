import { apiKeyDisplayPrefix, apiKeyMatches, generateApiKey, hashApiKey } from './api-key';

describe('API keys', () => {
  it('generates a wabus_ key with 32 random bytes, a display prefix and its sha256', () => {
    const { key, prefix, hash } = generateApiKey();
    expect(key).toMatch(/^wabus_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.slice('wabus_'.length), 'base64url')).toHaveLength(32);
    expect(prefix).toBe(key.slice(0, 14));
    expect(key.startsWith(prefix)).toBe(true);
    expect(hash).toBe(hashApiKey(key));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('never generates the same key twice', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey().key));
    expect(keys.size).toBe(1000);
  });

  it('hashes with sha256 hex (a known vector)', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('matches a key against its stored hash, in either hex case', () => {
    const { key, hash } = generateApiKey();
    expect(apiKeyMatches(key, hash)).toBe(true);
    expect(apiKeyMatches(key, hash.toUpperCase())).toBe(true);
  });

  it.each([
    ['another key', () => generateApiKey().hash],
    ['an empty hash', () => ''],
    ['a truncated hash', (hash: string) => hash.slice(0, 32)],
    ['a hash that is not hex', () => 'z'.repeat(64)],
  ])('does not match %s', (_label, storedHash) => {
    const { key, hash } = generateApiKey();
    expect(apiKeyMatches(key, storedHash(hash))).toBe(false);
  });

  it('shows only the first characters of a key', () => {
    expect(apiKeyDisplayPrefix('wabus_ABCDEFGHIJKLMNOP')).toBe('wabus_ABCDEFGH');
  });
});
