import { failureText, statusTick } from './status-ticks';

describe('console: status ticks', () => {
  it.each([
    ['queued', '🕓', 'pending'],
    ['sent', '✓', 'sent'],
    ['delivered', '✓✓', 'sent'],
    ['read', '✓✓', 'read'],
    ['failed', '⚠', 'failed'],
  ])('shows %s as %s (%s)', (status, glyph, tone) => {
    expect(statusTick(status)).toMatchObject({ glyph, tone });
  });

  it('shows no ticks on messages from the customer or of an unknown status', () => {
    expect(statusTick('received')).toBeNull();
    expect(statusTick('deleted')).toBeNull();
  });

  it("explains a failure with the catalogue's help", () => {
    expect(failureText({ code: 131047, title: 'Re-engagement message', help: 'More than 24 hours have passed; send a template.' })).toBe(
      'Re-engagement message (131047): More than 24 hours have passed; send a template.',
    );
    expect(failureText(null)).toBeNull();
  });
});
