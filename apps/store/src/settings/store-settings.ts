/** Injection token of the store's own settings. */
export const STORE_SETTINGS = Symbol('STORE_SETTINGS');

/** What an operator can tune in the store; defaults suit one store on a small machine. */
export interface StoreSettings {
  /** Inbound jobs handled at once per replica; they are written together (group commit), so more means larger batches. */
  inboundConcurrency: number;
  recordsConcurrency: number;
  /** Most messages, statuses and records in one transaction. */
  batchMaxItems: number;
  /** Transactions of the message log running at once per replica. */
  batchConcurrency: number;
  /** How often the outbox relay looks for events left unpublished; 0 turns it off. */
  outboxRelayIntervalMs: number;
  /** How old an unpublished event must be before the relay takes it (the commit path publishes within milliseconds). */
  outboxRelayDelayMs: number;
  /** How often waiting statuses are matched against messages that have landed since; 0 turns it off. */
  pendingSweepIntervalMs: number;
  retention: RetentionPolicy;
  /** How often the retention job runs; 0 never schedules it (it can still be enqueued). */
  retentionEveryMs: number;
  /** Rows per statement of the retention job, so it never holds long locks. */
  retentionChunkSize: number;
  /** `auto`: every inbound image, audio, video, document and sticker is downloaded as it arrives; `off`: only on request (a fetch-media job). */
  mediaFetch: 'auto' | 'off';
  /** Where media files are kept (a mounted volume in Kubernetes): `<dir>/<channel id>/<media id>`, with a `.json` beside each. */
  mediaDir: string;
}

/** Days to keep each kind of data; null keeps it forever. */
export interface RetentionPolicy {
  rawPayloadDays: number | null;
  messageDays: number | null;
  unclaimedStatusDays: number | null;
  publishedEventDays: number | null;
}

export class StoreSettingsError extends Error {
  readonly code = 'invalid_store_settings';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'StoreSettingsError';
  }
}

/** The environment variables the store reads (all optional). */
export const STORE_ENVIRONMENT_VARIABLES = [
  'WABUS_STORE_CONCURRENCY',
  'WABUS_STORE_RECORDS_CONCURRENCY',
  'WABUS_STORE_BATCH_MAX_ITEMS',
  'WABUS_STORE_BATCH_CONCURRENCY',
  'WABUS_RETENTION_RAW_PAYLOAD_DAYS',
  'WABUS_RETENTION_MESSAGE_DAYS',
  'WABUS_RETENTION_UNCLAIMED_STATUS_DAYS',
  'WABUS_RETENTION_PUBLISHED_EVENT_DAYS',
  'WABUS_RETENTION_EVERY_HOURS',
  'WABUS_STORE_MEDIA_FETCH',
  'WABUS_STORE_MEDIA_DIR',
] as const;

type StoreEnvironment = Partial<Record<(typeof STORE_ENVIRONMENT_VARIABLES)[number], string>>;

function whole(env: StoreEnvironment, name: keyof StoreEnvironment, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new StoreSettingsError(name, `${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

/** Days, or `never` (also `0`) to keep forever. */
function days(env: StoreEnvironment, name: keyof StoreEnvironment, fallback: number | null): number | null {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'never' || raw === '0') return null;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 36_500) {
    throw new StoreSettingsError(name, `${name} must be a number of days from 1 to 36500, or "never" (got "${raw}")`);
  }
  return value;
}

/**
 * Reads and checks the store's settings once, at start; throws naming the
 * first bad variable. Defaults: raw payloads 90 days, messages forever,
 * statuses no message claimed 30 days, published events 7 days, run daily;
 * media fetched on request only, into ./data/media.
 */
export function parseStoreSettings(env: StoreEnvironment): StoreSettings {
  return {
    inboundConcurrency: whole(env, 'WABUS_STORE_CONCURRENCY', 256, 1, 1000),
    recordsConcurrency: whole(env, 'WABUS_STORE_RECORDS_CONCURRENCY', 32, 1, 1000),
    batchMaxItems: whole(env, 'WABUS_STORE_BATCH_MAX_ITEMS', 2000, 1, 20_000),
    batchConcurrency: whole(env, 'WABUS_STORE_BATCH_CONCURRENCY', 2, 1, 8),
    outboxRelayIntervalMs: 1000,
    outboxRelayDelayMs: 5000,
    pendingSweepIntervalMs: 30_000,
    retention: {
      rawPayloadDays: days(env, 'WABUS_RETENTION_RAW_PAYLOAD_DAYS', 90),
      messageDays: days(env, 'WABUS_RETENTION_MESSAGE_DAYS', null),
      unclaimedStatusDays: days(env, 'WABUS_RETENTION_UNCLAIMED_STATUS_DAYS', 30),
      publishedEventDays: days(env, 'WABUS_RETENTION_PUBLISHED_EVENT_DAYS', 7),
    },
    retentionEveryMs: whole(env, 'WABUS_RETENTION_EVERY_HOURS', 24, 0, 24 * 365) * 60 * 60 * 1000,
    retentionChunkSize: 5000,
    mediaFetch: choice(env, 'WABUS_STORE_MEDIA_FETCH', ['off', 'auto'] as const, 'off'),
    mediaDir: env.WABUS_STORE_MEDIA_DIR?.trim() || 'data/media',
  };
}

function choice<T extends string>(env: StoreEnvironment, name: keyof StoreEnvironment, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new StoreSettingsError(name, `${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
  return raw as T;
}
