import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How wabus signs the webhooks it sends to business services (event
 * subscriptions, approval callbacks, webhook actions, ticket forwards), and how
 * a receiver checks them. Documented with a test vector in
 * apps/action-engine/README.md; the example service and the SDK use these very
 * functions, so the scheme has one implementation.
 *
 *   X-Wabus-Event-Id:  the event id (a receiver dedupes on it)
 *   X-Wabus-Timestamp: unix seconds when this attempt was signed
 *   X-Wabus-Signature: v1=<hex HMAC-SHA256(secret, `${timestamp}.${rawBody}`)>
 *
 * The timestamp is inside the MAC so a captured request cannot be replayed
 * later; the event id is inside the body (`id`), so it is covered too.
 */
export const CALLBACK_HEADERS = {
  eventId: 'X-Wabus-Event-Id',
  timestamp: 'X-Wabus-Timestamp',
  signature: 'X-Wabus-Signature',
} as const;

export const CALLBACK_SIGNATURE_SCHEME = 'v1';
/** How far a receiver lets the signing time drift from its clock by default. */
export const DEFAULT_CALLBACK_TOLERANCE_SECONDS = 300;

export interface SignedCallbackHeaders {
  'X-Wabus-Event-Id': string;
  'X-Wabus-Timestamp': string;
  'X-Wabus-Signature': string;
}

/** `v1=<hex>` over `${timestamp}.${rawBody}`. */
export function callbackSignature(secret: string, timestamp: number | string, rawBody: string | Buffer): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
  return `${CALLBACK_SIGNATURE_SCHEME}=${mac}`;
}

export interface SignCallbackInput {
  secret: string;
  eventId: string;
  /** The exact bytes that will be sent. */
  rawBody: string | Buffer;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
}

export function signCallback(input: SignCallbackInput): SignedCallbackHeaders {
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    'X-Wabus-Event-Id': input.eventId,
    'X-Wabus-Timestamp': String(timestamp),
    'X-Wabus-Signature': callbackSignature(input.secret, timestamp, input.rawBody),
  };
}

export type CallbackRejection = 'missing_header' | 'malformed_timestamp' | 'timestamp_out_of_tolerance' | 'malformed_signature' | 'signature_mismatch';

export type CallbackVerification =
  | { valid: true; eventId: string; timestamp: number }
  | { valid: false; reason: CallbackRejection; message: string };

export interface VerifyCallbackInput {
  secret: string;
  /** The body exactly as received (not re-serialised JSON). */
  rawBody: string | Buffer;
  /** Request headers; names are matched case-insensitively (Node lower-cases them). */
  headers: Record<string, string | string[] | undefined>;
  toleranceSeconds?: number;
  now?: Date;
}

/**
 * Checks a received callback: all three headers present, timestamp within
 * tolerance, and one of the `v1=` signatures (several may be sent, comma
 * separated, while a secret is rotated) matching in constant time.
 */
export function verifyCallback(input: VerifyCallbackInput): CallbackVerification {
  const eventId = header(input.headers, CALLBACK_HEADERS.eventId);
  const timestampText = header(input.headers, CALLBACK_HEADERS.timestamp);
  const signatureText = header(input.headers, CALLBACK_HEADERS.signature);
  if (!eventId || !timestampText || !signatureText) {
    return reject('missing_header', `The request lacks one of ${Object.values(CALLBACK_HEADERS).join(', ')}.`);
  }
  if (!/^\d{1,12}$/.test(timestampText)) return reject('malformed_timestamp', `${CALLBACK_HEADERS.timestamp} must be unix seconds.`);
  const timestamp = Number(timestampText);
  const tolerance = input.toleranceSeconds ?? DEFAULT_CALLBACK_TOLERANCE_SECONDS;
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > tolerance) {
    return reject('timestamp_out_of_tolerance', `The request was signed ${now - timestamp} s away from now; more than ${tolerance} s is refused.`);
  }
  const candidates = signatureText
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${CALLBACK_SIGNATURE_SCHEME}=`))
    .map((part) => part.slice(CALLBACK_SIGNATURE_SCHEME.length + 1));
  if (candidates.length === 0 || candidates.some((candidate) => !/^[0-9a-f]{64}$/i.test(candidate))) {
    return reject('malformed_signature', `${CALLBACK_HEADERS.signature} must be v1=<64 hex characters>.`);
  }
  const expected = Buffer.from(callbackSignature(input.secret, timestampText, input.rawBody).slice(3), 'hex');
  const matches = candidates.some((candidate) => timingSafeEqual(Buffer.from(candidate, 'hex'), expected));
  if (!matches) return reject('signature_mismatch', 'The signature does not match the body and timestamp for this secret.');
  return { valid: true, eventId, timestamp };
}

function header(headers: VerifyCallbackInput['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

function reject(reason: CallbackRejection, message: string): CallbackVerification {
  return { valid: false, reason, message };
}
