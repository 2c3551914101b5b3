import { createHmac } from 'node:crypto';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature';

const SECRET = "It's a Secret to Everybody";
const VECTOR = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';

describe('signWebhookBody', () => {
  it('matches the published test vector', () => {
    expect(signWebhookBody(SECRET, 'Hello, World!')).toBe(VECTOR);
  });

  it('signs bytes and strings alike', () => {
    expect(signWebhookBody(SECRET, Buffer.from('Hello, World!'))).toBe(VECTOR);
  });

  it('agrees with a plain node:crypto HMAC on non-ASCII bytes', () => {
    const body = Buffer.from('{"text":"caf\\u00e9 ☕"}', 'utf8');
    expect(signWebhookBody('s', body)).toBe('sha256=' + createHmac('sha256', 's').update(body).digest('hex'));
  });
});

describe('verifyWebhookSignature', () => {
  const body = Buffer.from('Hello, World!');
  it.each([
    ['the genuine header', VECTOR, true],
    ['the genuine header in upper-case hex', 'sha256=' + VECTOR.slice(7).toUpperCase(), true],
    ['a header signed with another secret', signWebhookBody('other', body), false],
    ['a missing header', undefined, false],
    ['a null header', null, false],
    ['an empty header', '', false],
    ['a header without the sha256= prefix', VECTOR.slice(7), false],
    ['a sha1 header', 'sha1=' + 'a'.repeat(40), false],
    ['a truncated digest', VECTOR.slice(0, -2), false],
    ['a digest with non-hex characters', VECTOR.slice(0, -1) + 'z', false],
  ])('%s → %s', (_name, header, expected) => {
    expect(verifyWebhookSignature(SECRET, body, header)).toBe(expected);
  });

  it('takes the first value when the header is repeated', () => {
    expect(verifyWebhookSignature(SECRET, body, [VECTOR, 'sha256=00'])).toBe(true);
  });

  it('rejects a body changed by one byte', () => {
    expect(verifyWebhookSignature(SECRET, Buffer.from('Hello, World?'), VECTOR)).toBe(false);
  });
});
