import { DEFAULT_SEND_LIMIT_SETTINGS, SendLimitSettings } from './limits/send-limits';

/**
 * The sender's tuning. Not environment variables: the values below are the
 * measured defaults (apps/sender/README.md); tests override a few through
 * `SenderModule.withSettings`.
 */
export interface SenderSettings {
  /** Jobs one process works on at once (BullMQ worker concurrency), sleeping jobs included. */
  concurrency: number;
  /** A wait for an open breaker up to this long is slept in the worker; a longer one moves the jobs to delayed. */
  maxInProcessWaitMs: number;
  /**
   * Each channel's ready queue (checked jobs waiting in the worker for the
   * limits) holds this many seconds of sending at the channel's level, at
   * least `minReadyPerChannel`, at most `maxReadyPerChannel` (so a busy number
   * cannot hold every worker slot). Jobs beyond it wait in BullMQ's delayed
   * set and come back one pace apart; the queue absorbs how late they are.
   */
  readySeconds: number;
  minReadyPerChannel: number;
  maxReadyPerChannel: number;
  /** How long the sent marker is kept: retries, stalled jobs, replays and resubmissions within it never send twice. */
  sentMarkerTtlMs: number;
  graphConnectTimeoutMs: number;
  /** A send without an answer in this time is a timeout (and may have been accepted: see README). */
  graphResponseTimeoutMs: number;
  graphConnectionsPerOrigin: number;
  /** After a 130429 the job waits about one window (with jitter) before it takes a new slot. */
  throughputRetryMs: number;
  /** After 131057 (account in maintenance, e.g. a throughput upgrade, ≤ 1 min) the job waits this long. */
  maintenanceRetryMs: number;
  /** Channels are cached this long (and dropped at once on a channel-changed notification). */
  channelCacheMs: number;
  /** Synced templates are cached this long. */
  templateCacheMs: number;
  /** Opt-out lookups are gathered this long into one query. */
  optOutBatchMs: number;
  /**
   * The sender's own Redis commands (limits, marker, window) go through one
   * connection with ioredis auto-pipelining: commands issued by concurrent
   * jobs in the same tick leave in one write (measured: README).
   */
  redisAutoPipelining: boolean;
  /** On its last attempt a job cannot be delayed (see README): waits up to this long are slept instead. */
  lastAttemptMaxWaitMs: number;
  limits: SendLimitSettings;
}

export const DEFAULT_SENDER_SETTINGS: SenderSettings = {
  concurrency: 400,
  maxInProcessWaitMs: 1_000,
  readySeconds: 1.0,
  minReadyPerChannel: 16,
  maxReadyPerChannel: 300,
  sentMarkerTtlMs: 7 * 24 * 60 * 60 * 1000,
  graphConnectTimeoutMs: 5_000,
  graphResponseTimeoutMs: 20_000,
  graphConnectionsPerOrigin: 128,
  throughputRetryMs: 1_000,
  maintenanceRetryMs: 60_000,
  channelCacheMs: 30_000,
  templateCacheMs: 30_000,
  optOutBatchMs: 2,
  redisAutoPipelining: true,
  lastAttemptMaxWaitMs: 20_000,
  limits: DEFAULT_SEND_LIMIT_SETTINGS,
};

export const SENDER_SETTINGS = Symbol('SENDER_SETTINGS');
/** The sender's own Redis connection (see `redisAutoPipelining`); BullMQ keeps its own. */
export const SENDER_REDIS = Symbol('SENDER_REDIS');

export type SenderSettingsOverrides = Partial<Omit<SenderSettings, 'limits'>> & { limits?: Partial<SendLimitSettings> };

export function senderSettings(overrides: SenderSettingsOverrides = {}): SenderSettings {
  return { ...DEFAULT_SENDER_SETTINGS, ...overrides, limits: { ...DEFAULT_SENDER_SETTINGS.limits, ...overrides.limits } };
}
