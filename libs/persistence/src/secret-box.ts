import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * A secret encrypted at rest, as stored in a jsonb column. `kid` names the key
 * that sealed it, so a key can be rotated: old rows still open with a previous
 * key, and `needsRotation` finds the ones to re-seal. Never contains the plain
 * text, so the row can be logged or returned by mistake without leaking it.
 */
export interface SealedSecret {
  v: 1;
  /** First 8 hex characters of sha256(key): names the key, reveals nothing about it. */
  kid: string;
  /** base64 of the 12-byte random IV. */
  iv: string;
  /** base64 of the 16-byte GCM authentication tag. */
  tag: string;
  /** base64 of the ciphertext. */
  data: string;
}

export interface SecretBoxKeys {
  /** 32 bytes; seals every new secret. */
  current: Buffer;
  /** Keys of earlier generations: secrets sealed with them still open. */
  previous?: Buffer[];
}

export type SecretBoxErrorCode = 'invalid_key' | 'malformed_secret' | 'unknown_key' | 'tampered_secret';

/** Why a key or a sealed secret was refused; `code` is for machines, the message for operators. */
export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';

  constructor(
    readonly code: SecretBoxErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
// 96-bit IVs are GCM's native size (NIST SP 800-38D); random IVs are safe for
// far more than the 2^32 secrets this store will ever seal under one key.
const IV_BYTES = 12;
// Node accepts truncated GCM tags unless told the length; a 4-byte tag would be forgeable.
const TAG_BYTES = 16;

export function secretKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export function isSealedSecret(value: unknown): value is SealedSecret {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return candidate['v'] === 1 && ['kid', 'iv', 'tag', 'data'].every((field) => typeof candidate[field] === 'string');
}

/**
 * AES-256-GCM for secrets at rest (access tokens, app secrets, verify tokens,
 * webhook secrets). Sealing is explicit — repositories call `seal` before a
 * write and `open` where the plain text is needed — rather than a TypeORM
 * column transformer: a transformer needs the key in a global at metadata time,
 * and would put plain text on every loaded entity, where it can reach a log.
 */
export class SecretBox {
  private readonly keys = new Map<string, Buffer>();
  private readonly currentKid: string;
  private readonly currentKey: Buffer;

  constructor(keys: SecretBoxKeys) {
    this.currentKid = this.addKey(keys.current, 'current');
    this.currentKey = Buffer.from(keys.current);
    for (const key of keys.previous ?? []) this.addKey(key, 'previous');
  }

  /** The key id new secrets are sealed with. */
  get keyId(): string {
    return this.currentKid;
  }

  seal(plain: string): SealedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.currentKey, iv, { authTagLength: TAG_BYTES });
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return {
      v: 1,
      kid: this.currentKid,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
  }

  open(sealed: SealedSecret): string {
    if (!isSealedSecret(sealed)) {
      throw new SecretBoxError('malformed_secret', 'The stored secret is not a sealed secret of version 1.');
    }
    const key = this.keys.get(sealed.kid);
    if (!key) {
      throw new SecretBoxError(
        'unknown_key',
        `The secret was sealed with key ${sealed.kid}, which is neither WABUS_SECRET_KEY nor one of WABUS_PREVIOUS_SECRET_KEYS.`,
      );
    }
    const iv = Buffer.from(sealed.iv, 'base64');
    const tag = Buffer.from(sealed.tag, 'base64');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new SecretBoxError(
        'tampered_secret',
        'The stored secret has an IV or tag of the wrong length: it was altered.',
      );
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError(
        'tampered_secret',
        'The stored secret failed authentication: it was altered or sealed with another key.',
      );
    }
  }

  /** True when the secret was sealed with an older key and should be re-sealed. */
  needsRotation(sealed: SealedSecret): boolean {
    return sealed.kid !== this.currentKid;
  }

  /** Re-seals under the current key (a rotation job's one step); returns the same object if already current. */
  reseal(sealed: SealedSecret): SealedSecret {
    return this.needsRotation(sealed) ? this.seal(this.open(sealed)) : sealed;
  }

  private addKey(key: Buffer, role: 'current' | 'previous'): string {
    if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
      throw new SecretBoxError('invalid_key', `The ${role} secret key must be exactly ${KEY_BYTES} bytes.`);
    }
    const kid = secretKeyId(key);
    const known = this.keys.get(kid);
    if (known && !known.equals(key)) {
      throw new SecretBoxError(
        'invalid_key',
        `Two different secret keys share the key id ${kid}; replace one of them.`,
      );
    }
    if (!known) this.keys.set(kid, Buffer.from(key));
    return kid;
  }
}
