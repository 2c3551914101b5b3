import { storedErrorOfRecord, storedErrorOfWebhook } from './stored-error';

describe('stored errors', () => {
  it('describes a webhook error with our help text, keeping Meta’s title and details', () => {
    const error = storedErrorOfWebhook([
      { code: 131047, title: 'Re-engagement message', message: 'Re-engagement message', error_data: { details: 'More than 24 hours have passed.' } },
      { code: 1, title: 'second' },
    ]);
    expect(error).toEqual({
      code: 131047,
      title: 'Re-engagement message',
      details: 'More than 24 hours have passed.',
      help: expect.any(String),
      fix: expect.any(String),
      retryable: expect.any(Boolean),
    });
  });

  it('describes a code we do not know without failing', () => {
    expect(storedErrorOfWebhook([{ code: 999_999_1 }])).toMatchObject({ code: 9999991, title: expect.stringContaining('9999991'), retryable: false });
  });

  it.each([[undefined], [null], [[]], [['text']], [[{ title: 'no code' }]]])('gives null for %j', (errors) => {
    expect(storedErrorOfWebhook(errors)).toBeNull();
  });

  it('describes a numeric code the sender recorded as text', () => {
    expect(storedErrorOfRecord({ code: '131026', title: 'Message undeliverable' })).toMatchObject({ code: 131026, title: 'Message undeliverable', help: expect.any(String) });
  });

  it('keeps our own codes as given', () => {
    const given = { code: 'window_closed', title: 'The window is closed', details: 'Send a template.' };
    expect(storedErrorOfRecord(given)).toEqual(given);
    expect(storedErrorOfRecord({ code: 'opted_out', title: 'Opted out' })).toEqual({ code: 'opted_out', title: 'Opted out' });
  });
});
