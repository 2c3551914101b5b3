import { CLOUD_API_ERROR_CATALOGUE, CLOUD_API_ERROR_HANDLINGS, type CloudApiErrorHandling } from './cloud-api-error-catalogue';
import { describeCloudApiError, findCloudApiError, isRetryableHandling } from './cloud-api-errors';

// Every row of whatsapp-cloud-api.md §3.3 (200 stands for the 200–299 range).
const DOCUMENTED_CODES = [
  0, 1, 2, 3, 4, 10, 33, 100, 190, 200, 368, 80007, 130403, 130429, 130472, 130497, 131000, 131005, 131008, 131009, 131016, 131021, 131026,
  131030, 131031, 131037, 131042, 131045, 131047, 131048, 131049, 131050, 131051, 131052, 131053, 131056, 131057, 131063, 131064, 132000,
  132001, 132005, 132007, 132012, 132015, 132016, 132018, 132068, 132069, 133000, 133004, 133005, 133006, 133008, 133009, 133010, 133015,
  133016, 134011, 135000,
];

describe('the Cloud API error catalogue', () => {
  it.each(DOCUMENTED_CODES)('explains error %i with a title, help, a fix and a handling', (code) => {
    const entry = findCloudApiError(code);
    expect(entry).not.toBeNull();
    expect(entry?.title).toMatch(/\S/);
    expect(entry?.help).toMatch(/^[A-Z].*\.$/);
    expect(entry?.fix).toMatch(/^[A-Z].*\.$/);
    expect(CLOUD_API_ERROR_HANDLINGS).toContain(entry?.handling);
    expect([400, 401, 403, 404, 500, 503]).toContain(entry?.httpStatus);
  });

  it('holds exactly the documented codes, so a new row is a deliberate change', () => {
    const catalogued = Object.keys(CLOUD_API_ERROR_CATALOGUE).map(Number);
    expect(catalogued.sort((a, b) => a - b)).toEqual(DOCUMENTED_CODES.filter((code) => code !== 200).sort((a, b) => a - b));
  });

  it.each([200, 210, 250, 299])('treats API permission code %i as a token problem', (code) => {
    expect(describeCloudApiError(code)).toMatchObject({
      code,
      title: 'API permission',
      handling: 'reauthorize',
      retryable: false,
      known: true,
    });
  });

  it.each<[number, CloudApiErrorHandling, boolean]>([
    [130429, 'throughput', true],
    [131056, 'pair_limit', true],
    [131057, 'maintenance', true],
    [131000, 'retry', true],
    [131016, 'retry', true],
    [2, 'retry', true],
    [133004, 'retry', true],
    [4, 'throughput', true],
    [80007, 'throughput', true],
    [131047, 'permanent', false],
    [132001, 'permanent', false],
    [132000, 'permanent', false],
    [131026, 'permanent', false],
    [131048, 'permanent', false],
    [131049, 'permanent', false],
    [131050, 'permanent', false],
    [131053, 'permanent', false],
    [100, 'permanent', false],
    [190, 'reauthorize', false],
    [0, 'reauthorize', false],
    [131005, 'reauthorize', false],
  ])('handles error %i as %s (retryable: %s)', (code, handling, retryable) => {
    expect(describeCloudApiError(code)).toMatchObject({ code, handling, retryable, known: true });
  });

  it('tells the operator to send a template when the 24-hour window has passed (131047)', () => {
    const description = describeCloudApiError(131047);
    expect(description.help).toMatch(/24 hours/);
    expect(description.fix).toMatch(/template/);
  });

  it("gives the emulator the HTTP status of Meta's older table", () => {
    expect(describeCloudApiError(190).httpStatus).toBe(401);
    expect(describeCloudApiError(132001).httpStatus).toBe(404);
    expect(describeCloudApiError(130429).httpStatus).toBe(400);
    expect(describeCloudApiError(131057).httpStatus).toBe(500);
  });

  it("keeps Meta's details beside our explanation", () => {
    const description = describeCloudApiError(132000, {
      details: 'body: number of localizable_params (1) does not match the expected number of params (3)',
    });
    expect(description.details).toBe('body: number of localizable_params (1) does not match the expected number of params (3)');
    expect(describeCloudApiError(132000).details).toBeNull();
    expect(describeCloudApiError(132000, { details: '' }).details).toBeNull();
  });
});

describe('describeCloudApiError for a code we do not know', () => {
  it.each<[string, Parameters<typeof describeCloudApiError>[1], CloudApiErrorHandling, number]>([
    ['an HTTP 500', { httpStatus: 500 }, 'retry', 500],
    ['an HTTP 503', { httpStatus: 503 }, 'retry', 503],
    ["Graph's is_transient flag", { httpStatus: 400, isTransient: true }, 'retry', 400],
    ['an HTTP 429', { httpStatus: 429 }, 'throughput', 429],
    ['an HTTP 400', { httpStatus: 400 }, 'permanent', 400],
    ['a webhook (no HTTP status)', {}, 'permanent', 400],
    ['nothing at all', undefined, 'permanent', 400],
  ])('decides from %s', (_case, context, handling, httpStatus) => {
    const description = describeCloudApiError(999999, context);
    expect(description).toMatchObject({ code: 999999, handling, httpStatus, known: false, retryable: isRetryableHandling(handling) });
    expect(description.help).toContain('999999');
    expect(description.fix).toMatch(/\S/);
  });

  it("uses Meta's title when there is one", () => {
    expect(describeCloudApiError(424242, { title: 'Brand new problem' }).title).toBe('Brand new problem');
    expect(describeCloudApiError(424242).title).toBe('Unknown error 424242');
  });

  it.each([NaN, -1, 1.5, Number.MAX_SAFE_INTEGER])('still answers for the odd number %p', (code) => {
    expect(describeCloudApiError(code)).toMatchObject({ known: false, handling: 'permanent' });
  });

  it('does not mistake inherited object keys for catalogue entries', () => {
    expect(findCloudApiError('constructor' as unknown as number)).toBeNull();
  });
});

describe('isRetryableHandling', () => {
  it.each<[CloudApiErrorHandling, boolean]>([
    ['retry', true],
    ['throughput', true],
    ['pair_limit', true],
    ['maintenance', true],
    ['permanent', false],
    ['reauthorize', false],
  ])('%s is retryable: %s', (handling, retryable) => {
    expect(isRetryableHandling(handling)).toBe(retryable);
  });

  it('covers every handling', () => {
    expect(CLOUD_API_ERROR_HANDLINGS).toHaveLength(6);
  });
});
