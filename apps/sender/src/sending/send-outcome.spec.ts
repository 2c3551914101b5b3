import { InvalidPhoneNumberError, WindowClosedError } from '@wabus/domain';
import { GraphApiError, GraphResponseError, GraphTransportError, UnsafeUrlError } from '@wabus/whatsapp';
import { SendRefusal } from './send-refusal';
import { decideAfterFailure, withJitter } from './send-outcome';

function metaError(code: number, httpStatus = 400, details?: string): GraphApiError {
  return new GraphApiError(httpStatus, code, `title ${code}`, details, undefined, 'trace', undefined, { error: { code } });
}

describe('decideAfterFailure', () => {
  it.each([
    // code, http, action, extra
    [130429, 400, { action: 'delay', reason: 'throughput', lowerLevel: true }],
    [4, 400, { action: 'delay', reason: 'throughput', lowerLevel: false }],
    [80007, 400, { action: 'delay', reason: 'throughput', lowerLevel: false }],
    [131056, 400, { action: 'delay', reason: 'pair_limit' }],
    [131057, 500, { action: 'delay', reason: 'maintenance' }],
    [131000, 500, { action: 'retry', countsAgainstBreaker: true }],
    [131016, 500, { action: 'retry', countsAgainstBreaker: true }],
    [2, 503, { action: 'retry', countsAgainstBreaker: true }],
    [1, 400, { action: 'retry', countsAgainstBreaker: false }],
    [131026, 400, { action: 'fail' }],
    [131047, 400, { action: 'fail' }],
    [132000, 400, { action: 'fail' }],
    [132001, 404, { action: 'fail' }],
    [100, 400, { action: 'fail' }],
    [190, 401, { action: 'fail' }],
    [10, 403, { action: 'fail' }],
  ])('Meta error %i (HTTP %i) → %o', (code, status, expected) => {
    expect(decideAfterFailure(metaError(code, status))).toMatchObject(expected);
  });

  it('judges an unknown code by its HTTP status: 5xx is retried, 4xx fails', () => {
    expect(decideAfterFailure(metaError(999999, 502))).toMatchObject({ action: 'retry', countsAgainstBreaker: true });
    expect(decideAfterFailure(metaError(999999, 400))).toMatchObject({ action: 'fail', error: { code: '999999' } });
  });

  it("records Meta's code, the catalogue's title and Meta's details, or our help when Meta gave none", () => {
    expect(decideAfterFailure(metaError(132000, 400, 'body: number of localizable_params (1) does not match the expected number of params (3)'))).toEqual({
      action: 'fail',
      error: { code: '132000', title: expect.any(String), details: 'body: number of localizable_params (1) does not match the expected number of params (3)' },
    });
    const decision = decideAfterFailure(metaError(131026));
    expect(decision.error.details).toEqual(expect.stringMatching(/.{20,}/));
  });

  it('retries timeouts and network failures, counting them toward the breaker', () => {
    expect(decideAfterFailure(new GraphTransportError('timeout', true, 'no answer'))).toMatchObject({ action: 'retry', countsAgainstBreaker: true, error: { code: 'graph_timeout' } });
    expect(decideAfterFailure(new GraphTransportError('network', false, 'refused'))).toMatchObject({ action: 'retry', countsAgainstBreaker: true, error: { code: 'graph_unreachable' } });
  });

  it('handles answers without an envelope by their status', () => {
    expect(decideAfterFailure(new GraphResponseError(502, '<html>'))).toMatchObject({ action: 'retry', countsAgainstBreaker: true });
    expect(decideAfterFailure(new GraphResponseError(429, ''))).toMatchObject({ action: 'delay', reason: 'throughput', lowerLevel: false });
    expect(decideAfterFailure(new GraphResponseError(404, 'not found'))).toMatchObject({ action: 'fail', error: { code: 'http_404' } });
  });

  it('fails our own refusals at once with their code and sentence', () => {
    expect(decideAfterFailure(new WindowClosedError('text', null))).toEqual({
      action: 'fail',
      error: { code: 'window_closed', title: 'Customer service window closed', details: expect.stringContaining('send an approved template instead') },
    });
    expect(decideAfterFailure(new SendRefusal('opted_out', 'The contact opted out.'))).toMatchObject({ action: 'fail', error: { code: 'opted_out', title: 'Contact opted out' } });
    expect(decideAfterFailure(new InvalidPhoneNumberError('12', 'too_short', 'too short'))).toMatchObject({ action: 'fail', error: { code: 'invalid_phone_number' } });
    expect(decideAfterFailure(new UnsafeUrlError('http://10.0.0.1/a.jpg', '10.0.0.1', 'private'))).toMatchObject({ action: 'fail', error: { code: 'unsafe_url' } });
  });

  it('retries our own unexpected errors (a database outage) without blaming Graph', () => {
    expect(decideAfterFailure(new Error('connect ECONNREFUSED 127.0.0.1:5432'))).toMatchObject({ action: 'retry', countsAgainstBreaker: false, error: { code: 'internal_error' } });
  });
});

describe('withJitter', () => {
  it.each([
    [0, 500],
    [0.5, 1000],
    [1, 1500],
  ])('with random %d spreads 1000 ms ±50%% to %d', (random, expected) => {
    expect(withJitter(1000, 0.5, () => random)).toBe(expected);
  });
});
