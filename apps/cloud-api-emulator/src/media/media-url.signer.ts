import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const MEDIA_URL_TTL_MS = 5 * 60 * 1000;

/**
 * Signs the short-lived download URLs `GET /{media-id}` hands out (valid five
 * minutes, as Meta's: whatsapp-cloud-api.md §6.2), with a key that lives only
 * as long as this process.
 */
export class MediaUrlSigner {
  private readonly key = randomBytes(32);

  sign(mediaId: string, expiresAtSec: number): string {
    return createHmac('sha256', this.key).update(`${mediaId}:${expiresAtSec}`).digest('hex').slice(0, 40);
  }

  isValid(mediaId: string, expiresAtSec: number, hash: string, nowMs: number): boolean {
    if (!Number.isFinite(expiresAtSec) || expiresAtSec * 1000 < nowMs) return false;
    const expected = Buffer.from(this.sign(mediaId, expiresAtSec));
    const given = Buffer.from(hash);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
