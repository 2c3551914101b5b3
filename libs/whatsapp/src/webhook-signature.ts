import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_PREFIX = 'sha256=';
const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/**
 * The `X-Hub-Signature-256` value Meta sends: HMAC-SHA256 of the exact body
 * bytes keyed by the app secret, as `sha256=<64 lowercase hex>`
 * (whatsapp-cloud-api.md §4.2).
 */
export function signWebhookBody(appSecret: string, body: Buffer | string): string {
  return SIGNATURE_PREFIX + createHmac('sha256', appSecret).update(body).digest('hex');
}

/**
 * Checks an `X-Hub-Signature-256` header against the raw body, in constant
 * time. A missing, malformed or wrong header is simply `false`: the caller
 * answers 401 and never has to catch anything.
 */
export function verifyWebhookSignature(appSecret: string, rawBody: Buffer | string, header: string | string[] | undefined | null): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string' || !value.startsWith(SIGNATURE_PREFIX)) return false;
  const hex = value.slice(SIGNATURE_PREFIX.length);
  if (!HEX_SHA256.test(hex)) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(hex, 'hex'));
}
