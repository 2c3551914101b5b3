/**
 * How often every channel's templates are synced when nothing else asks.
 * Chatwoot refreshes every few hours and users miss new templates (peers.md);
 * webhooks trigger a sync at once, so this is the safety net. Meant to come
 * from WABUS_TEMPLATE_SYNC_INTERVAL_MS once libs/config carries it.
 */
export const DEFAULT_TEMPLATE_SYNC_INTERVAL_MS = 15 * 60 * 1000;

/**
 * The template-sync service's tuning. Not environment variables (see the
 * interval above): defaults below; tests override a few through
 * `TemplateSyncModule.withSettings`.
 */
export interface TemplateSyncSettings {
  /** Every active channel gets a BullMQ job scheduler with this interval. */
  scheduleEveryMs: number;
  /** Schedulers are compared with the channels this often too (a created channel sends no notification; pub/sub can lose one). */
  reconcileEveryMs: number;
  /** Syncs run at once per process (different WABAs; one WABA is always one at a time). */
  concurrency: number;
  /** Templates asked per page (Meta's default is 25). */
  pageSize: number;
  /** A page that fails transiently (5xx, timeout) is tried this often inside the job before the job itself fails and retries. */
  pageAttempts: number;
  pageBackoffMs: number;
  pageBackoffMaxMs: number;
  /** The per-WABA lock lives this long unless renewed; it is renewed every third of it while a sync runs. */
  lockTtlMs: number;
  /** After Meta's rate limit (80007, 4) a job waits this long before it tries again, resuming its cursor. */
  rateLimitDelayMs: number;
  /** Attempts of a scheduled sync (the next scheduled run is the real retry). */
  scheduledAttempts: number;
  graphConnectTimeoutMs: number;
  graphResponseTimeoutMs: number;
}

export const DEFAULT_TEMPLATE_SYNC_SETTINGS: TemplateSyncSettings = {
  scheduleEveryMs: DEFAULT_TEMPLATE_SYNC_INTERVAL_MS,
  reconcileEveryMs: 60 * 1000,
  concurrency: 4,
  pageSize: 100,
  pageAttempts: 5,
  pageBackoffMs: 500,
  pageBackoffMaxMs: 10_000,
  lockTtlMs: 30_000,
  rateLimitDelayMs: 5 * 60 * 1000,
  scheduledAttempts: 3,
  graphConnectTimeoutMs: 5_000,
  graphResponseTimeoutMs: 30_000,
};

export const TEMPLATE_SYNC_SETTINGS = Symbol('TEMPLATE_SYNC_SETTINGS');

export function templateSyncSettings(overrides: Partial<TemplateSyncSettings> = {}): TemplateSyncSettings {
  return { ...DEFAULT_TEMPLATE_SYNC_SETTINGS, ...overrides };
}
