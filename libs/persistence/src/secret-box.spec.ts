import { randomBytes } from 'node:crypto';
import { isSealedSecret, type SealedSecret, SecretBox, SecretBoxError, secretKeyId } from './secret-box';

function flipFirstByte(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] ^= 0x01;
  return bytes.toString('base64');
}

function expectSecretBoxError(action: () => unknown, code: SecretBoxError['code']): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(SecretBoxError);
    expect((error as SecretBoxError).code).toBe(code);
    return;
  }
  throw new Error(`expected a SecretBoxError with code ${code}`);
}

describe('SecretBox', () => {
  const key = randomBytes(32);
  const box = new SecretBox({ current: key });

  it('opens what it sealed, including empty and non-ASCII text', () => {
    for (const plain of ['EAAG-access-token', '', 'café ☕ — 日本語']) {
      expect(box.open(box.seal(plain))).toBe(plain);
    }
  });

  it('seals as a versioned envelope naming the key, with a fresh 12-byte IV each time', () => {
    const first = box.seal('same text');
    const second = box.seal('same text');
    expect(first).toEqual({
      v: 1,
      kid: secretKeyId(key),
      iv: expect.any(String),
      tag: expect.any(String),
      data: expect.any(String),
    });
    expect(first.kid).toMatch(/^[0-9a-f]{8}$/);
    expect(Buffer.from(first.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(first.tag, 'base64')).toHaveLength(16);
    expect(first.iv).not.toBe(second.iv);
    expect(first.data).not.toBe(second.data);
    expect(JSON.stringify(first)).not.toContain('same text');
    expect(isSealedSecret(first)).toBe(true);
  });

  it.each(['data', 'tag', 'iv'] as const)('refuses a secret whose %s was altered', (part) => {
    const sealed = box.seal('EAAG-access-token');
    expectSecretBoxError(() => box.open({ ...sealed, [part]: flipFirstByte(sealed[part]) }), 'tampered_secret');
  });

  it('refuses a truncated tag instead of accepting a shorter, forgeable one', () => {
    const sealed = box.seal('EAAG-access-token');
    const shortTag = Buffer.from(sealed.tag, 'base64').subarray(0, 4).toString('base64');
    expectSecretBoxError(() => box.open({ ...sealed, tag: shortTag }), 'tampered_secret');
  });

  it('refuses a secret sealed with a key it does not know, naming the key id', () => {
    const other = new SecretBox({ current: randomBytes(32) });
    const sealed = other.seal('secret');
    expectSecretBoxError(() => box.open(sealed), 'unknown_key');
    expect(() => box.open(sealed)).toThrow(sealed.kid);
  });

  it('refuses a value that is not a sealed secret', () => {
    expectSecretBoxError(() => box.open({ v: 2 } as unknown as SealedSecret), 'malformed_secret');
    expectSecretBoxError(() => box.open('plain text' as unknown as SealedSecret), 'malformed_secret');
  });

  it('opens secrets sealed with a previous key, flags them for rotation and re-seals them', () => {
    const oldKey = randomBytes(32);
    const sealedWithOld = new SecretBox({ current: oldKey }).seal('app-secret');
    const rotated = new SecretBox({ current: key, previous: [oldKey] });

    expect(rotated.open(sealedWithOld)).toBe('app-secret');
    expect(rotated.needsRotation(sealedWithOld)).toBe(true);

    const resealed = rotated.reseal(sealedWithOld);
    expect(resealed.kid).toBe(secretKeyId(key));
    expect(rotated.needsRotation(resealed)).toBe(false);
    expect(box.open(resealed)).toBe('app-secret');
    expect(rotated.reseal(resealed)).toBe(resealed);
  });

  it('refuses keys that are not 32 bytes', () => {
    expectSecretBoxError(() => new SecretBox({ current: randomBytes(16) }), 'invalid_key');
    expectSecretBoxError(() => new SecretBox({ current: key, previous: [randomBytes(31)] }), 'invalid_key');
  });

  it('accepts the current key repeated among the previous ones', () => {
    const repeated = new SecretBox({ current: key, previous: [key] });
    expect(repeated.open(box.seal('x'))).toBe('x');
  });
});
