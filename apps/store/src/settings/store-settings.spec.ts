import { parseStoreSettings, StoreSettingsError } from './store-settings';

describe('parseStoreSettings', () => {
  it('has working defaults', () => {
    expect(parseStoreSettings({})).toMatchObject({
      inboundConcurrency: 256,
      batchMaxItems: 2000,
      batchConcurrency: 2,
      retention: { rawPayloadDays: 90, messageDays: null, unclaimedStatusDays: 30, publishedEventDays: 7 },
      retentionEveryMs: 24 * 60 * 60 * 1000,
    });
  });

  it('reads days, "never" and 0 as keep forever, and 0 hours as not scheduled', () => {
    const settings = parseStoreSettings({
      WABUS_RETENTION_RAW_PAYLOAD_DAYS: 'never',
      WABUS_RETENTION_MESSAGE_DAYS: '365',
      WABUS_RETENTION_PUBLISHED_EVENT_DAYS: '0',
      WABUS_RETENTION_EVERY_HOURS: '0',
      WABUS_STORE_CONCURRENCY: '16',
    });
    expect(settings.retention).toMatchObject({ rawPayloadDays: null, messageDays: 365, publishedEventDays: null });
    expect(settings.retentionEveryMs).toBe(0);
    expect(settings.inboundConcurrency).toBe(16);
  });

  it.each([
    ['WABUS_STORE_CONCURRENCY', '0'],
    ['WABUS_STORE_BATCH_MAX_ITEMS', 'lots'],
    ['WABUS_RETENTION_MESSAGE_DAYS', '-3'],
    ['WABUS_RETENTION_RAW_PAYLOAD_DAYS', '1.5'],
  ])('refuses %s=%s naming the variable', (variable, value) => {
    expect(() => parseStoreSettings({ [variable]: value })).toThrow(StoreSettingsError);
    expect(() => parseStoreSettings({ [variable]: value })).toThrow(variable);
  });
});
