import { SecretBoxError } from '@wabus/persistence';
import { GraphApiError, GraphResponseError, GraphTransportError, UnsafeUrlError } from '@wabus/whatsapp';
import { classifyGraphFailure } from './graph-failure';

const metaError = (httpStatus: number, code: number, isTransient?: boolean) =>
  new GraphApiError(httpStatus, code, 'title', undefined, undefined, 'trace', isTransient, { error: { code } });

describe('classifyGraphFailure', () => {
  it.each([
    ['a 503 with code 2 (Meta down)', metaError(503, 2), 'transient', '2'],
    ['code 1 (unknown, possibly a server error)', metaError(400, 1), 'transient', '1'],
    ['an unknown code on a 5xx', metaError(502, 999_999), 'transient', '999999'],
    ['an unknown code flagged is_transient', metaError(400, 999_998, true), 'transient', '999998'],
    ['the WABA rate limit', metaError(400, 80007), 'rate_limited', '80007'],
    ['the app rate limit', metaError(400, 4), 'rate_limited', '4'],
    ['an invalid token', metaError(401, 190), 'permanent', '190'],
    ['a missing permission', metaError(403, 200), 'permanent', '200'],
    ['an unknown WABA (100)', metaError(400, 100), 'permanent', '100'],
    ['a timeout', new GraphTransportError('timeout', true, 'no answer'), 'transient', 'timeout'],
    ['a refused connection', new GraphTransportError('network', false, 'refused'), 'transient', 'network'],
    ['a proxy 502 without an envelope', new GraphResponseError(502, '<html>'), 'transient', 'http_502'],
    ['a 429 without an envelope', new GraphResponseError(429, ''), 'rate_limited', 'http_429'],
    ['a 404 without an envelope', new GraphResponseError(404, ''), 'permanent', 'http_404'],
    ['a URL refused by the SSRF guard', new UnsafeUrlError('http://10.0.0.1', '10.0.0.1', 'private'), 'permanent', 'unsafe_url'],
    ['a token that cannot be opened', new SecretBoxError('unknown_key', 'sealed with a key we do not have'), 'permanent', 'unknown_key'],
    ['anything else', new Error('boom'), 'transient', 'unexpected'],
  ])('%s is %s', (_, error, kind, code) => {
    expect(classifyGraphFailure(error)).toMatchObject({ kind, code });
  });

  it("names Meta's code and what to do about it, for the channel's last error", () => {
    expect(classifyGraphFailure(metaError(401, 190)).message).toMatch(/^Meta answered error 190 \(HTTP 401\): title\. .*access token/);
  });
});
