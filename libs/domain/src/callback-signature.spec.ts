import { createHmac } from 'node:crypto';
import { callbackSignature, signCallback, verifyCallback } from './callback-signature';

// The test vector of apps/action-engine/README.md, also checked there with openssl.
const VECTOR = {
  secret: 'whsec_test_4eC39HqLyjWDarjtT1zdp7dc',
  timestamp: 1700000000,
  body: '{"id":"5f0c6a8e-2d1b-4c53-9a57-0e2d6f1b7c11","type":"approval.decided"}',
  signature: 'v1=852bd370e3868aeb76d2a027ceb4c75010485050e29595d01122f7c2cc78273f',
};
const AT_VECTOR_TIME = new Date(VECTOR.timestamp * 1000);

describe('callback signatures', () => {
  it('matches the documented test vector', () => {
    expect(callbackSignature(VECTOR.secret, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it('is HMAC-SHA256 over "<timestamp>.<raw body>", as a receiver would compute it by hand', () => {
    const byHand = createHmac('sha256', VECTOR.secret).update(`${VECTOR.timestamp}.${VECTOR.body}`).digest('hex');
    expect(callbackSignature(VECTOR.secret, VECTOR.timestamp, Buffer.from(VECTOR.body))).toBe(`v1=${byHand}`);
  });

  it('signs with the event id, the timestamp and the signature headers', () => {
    expect(signCallback({ secret: VECTOR.secret, eventId: 'e-1', rawBody: VECTOR.body, timestamp: VECTOR.timestamp })).toEqual({
      'X-Wabus-Event-Id': 'e-1',
      'X-Wabus-Timestamp': '1700000000',
      'X-Wabus-Signature': VECTOR.signature,
    });
  });

  const genuine = { 'x-wabus-event-id': 'e-1', 'x-wabus-timestamp': String(VECTOR.timestamp), 'x-wabus-signature': VECTOR.signature };

  it('accepts a genuine callback with lower-cased header names (as Node delivers them)', () => {
    expect(verifyCallback({ secret: VECTOR.secret, rawBody: VECTOR.body, headers: genuine, now: AT_VECTOR_TIME })).toEqual({ valid: true, eventId: 'e-1', timestamp: VECTOR.timestamp });
  });

  it('accepts any of several signatures (while a secret is being rotated)', () => {
    const headers = { ...genuine, 'x-wabus-signature': `v1=${'0'.repeat(64)}, ${VECTOR.signature}` };
    expect(verifyCallback({ secret: VECTOR.secret, rawBody: VECTOR.body, headers, now: AT_VECTOR_TIME }).valid).toBe(true);
  });

  it.each([
    ['a changed body', { rawBody: VECTOR.body.replace('decided', 'decidex') }, 'signature_mismatch'],
    ['another secret', { secret: 'whsec_other' }, 'signature_mismatch'],
    ['a changed timestamp', { headers: { ...genuine, 'x-wabus-timestamp': String(VECTOR.timestamp + 1) } }, 'signature_mismatch'],
    ['an old timestamp', { now: new Date((VECTOR.timestamp + 301) * 1000) }, 'timestamp_out_of_tolerance'],
    ['a timestamp from the future', { now: new Date((VECTOR.timestamp - 301) * 1000) }, 'timestamp_out_of_tolerance'],
    ['a missing signature', { headers: { ...genuine, 'x-wabus-signature': undefined } }, 'missing_header'],
    ['a missing event id', { headers: { ...genuine, 'x-wabus-event-id': undefined } }, 'missing_header'],
    ['a timestamp in milliseconds text', { headers: { ...genuine, 'x-wabus-timestamp': '17e8' } }, 'malformed_timestamp'],
    ['a signature of another scheme', { headers: { ...genuine, 'x-wabus-signature': VECTOR.signature.replace('v1=', 'sha256=') } }, 'malformed_signature'],
    ['a truncated signature', { headers: { ...genuine, 'x-wabus-signature': VECTOR.signature.slice(0, 20) } }, 'malformed_signature'],
  ])('refuses %s', (_label, change, reason) => {
    const result = verifyCallback({ secret: VECTOR.secret, rawBody: VECTOR.body, headers: genuine, now: AT_VECTOR_TIME, ...change });
    expect(result).toMatchObject({ valid: false, reason });
  });
});
