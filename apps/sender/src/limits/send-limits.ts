import type Redis from 'ioredis';
import { PAIR_BURST_LIMIT, PAIR_LIMIT_MAX_BACKOFF_MS, PAIR_RATE_INTERVAL_MS } from '@wabus/domain';
import { RedisKeys } from '@wabus/queues';
import { ACQUIRE_SCRIPT, GRAPH_FAILED_SCRIPT, PAIR_LIMITED_SCRIPT, PAIR_REFUND_SCRIPT, PARK_SCRIPT, RELEASE_SCRIPT, SENT_SCRIPT, THROTTLED_SCRIPT } from './send-limit.scripts';

export interface SendLimitSettings {
  /** Added to Meta's one-second window: absorbs the jitter between our check and Meta's clock (a 2.5 % slower pace for 25 ms). */
  windowGuardMs: number;
  /** How far ahead of its pace a number may burst (ms of its schedule). */
  burstMs: number;
  /**
   * A grant whose answer took longer than this to reach the worker (a blocked
   * event loop) is given back and asked again: the request would leave later
   * than the window accounted for it.
   */
  maxGrantLagMs: number;
  pairCapacity: number;
  pairIntervalMs: number;
  /** After this many 130429 within two windows (one is jitter, a stream is a lower level)… */
  throttleStrikes: number;
  /** …the level is multiplied by this… */
  throttleDecrease: number;
  /** …never below this share of throughputMps… */
  throttleFloor: number;
  /** …and recovers by this share of throughputMps per second. */
  throttleRecoveryPerSecond: number;
  /** A pair booking outlives its slot by this much. */
  bookingGraceMs: number;
  breakerThreshold: number;
  breakerCooldownMs: number;
  breakerMaxCooldownMs: number;
  /** How long one probe may take before another send may probe a half-open breaker. */
  breakerProbeLeaseMs: number;
  /** While a probe is out, other sends look again after this long. */
  breakerProbeWaitMs: number;
}

export const DEFAULT_SEND_LIMIT_SETTINGS: SendLimitSettings = {
  windowGuardMs: 30,
  burstMs: 100,
  maxGrantLagMs: 10,
  pairCapacity: PAIR_BURST_LIMIT,
  pairIntervalMs: PAIR_RATE_INTERVAL_MS,
  throttleStrikes: 3,
  throttleDecrease: 0.85,
  throttleFloor: 0.05,
  throttleRecoveryPerSecond: 0.02,
  bookingGraceMs: 10 * 60 * 1000,
  breakerThreshold: 5,
  breakerCooldownMs: 5_000,
  breakerMaxCooldownMs: 5 * 60 * 1000,
  breakerProbeLeaseMs: 30_000,
  breakerProbeWaitMs: 1_000,
};

export interface AcquireRequest {
  channelId: string;
  /** Recipient digits; null for receipts, which are not messages and have no pair or number limit. */
  waId: string | null;
  jobId: string;
  /** The channel's throughputMps. */
  level: number;
}

export type WaitReason = 'number' | 'pair' | 'circuit_open';

export interface Grant {
  effectiveLevel: number;
  breakerFailures: number;
  pairStrikes: number;
  probe: boolean;
  /** Redis time of the send, ms. */
  at: number;
  /** How long the grant took to reach the worker, ms. */
  lagMs: number;
  /** The grant's entry in the window, to give it back. */
  grant: string;
}

export type AcquireResult = ({ kind: 'send' } & Grant) | { kind: 'wait'; waitMs: number; reason: WaitReason; effectiveLevel: number };

/** A channel's ready jobs asked for at once (messages only), in order. */
export interface BatchRequest {
  channelId: string;
  level: number;
  jobs: Array<{ jobId: string; waId: string }>;
}

export interface BatchResult {
  /** One per job looked at, in order: sent, or held by its own pair limit (its pair slot booked). */
  outcomes: Array<({ kind: 'send' } & Grant) | { kind: 'held'; waitMs: number }>;
  /** Why the rest wait, and how long; null when every job was looked at. */
  stop: { waitMs: number; reason: 'number' | 'circuit_open' } | null;
  effectiveLevel: number;
}

type ScriptRunner = (...args: (string | number)[]) => Promise<unknown>;
type ScriptName = 'acquire' | 'park' | 'release' | 'throttled' | 'pairLimited' | 'pairRefund' | 'graphFailed' | 'sent';
type ScriptReply = [number, number, number, number, string, string, ...number[]];

/**
 * Per-number throughput, per-recipient pair rate and the per-channel circuit
 * breaker, kept in Redis so every sender replica shares them (see
 * send-limit.scripts.ts for the rules). One round trip before a send, one after.
 */
export class SendLimits {
  private readonly scripts: Record<ScriptName, ScriptRunner>;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly settings: SendLimitSettings = DEFAULT_SEND_LIMIT_SETTINGS,
  ) {
    // `keys` undefined: the key count varies per call and comes first in the arguments.
    const define = (name: string, keys: number | undefined, lua: string): ScriptRunner => {
      const command = `wabusSender_${name}`;
      if (!(command in redis)) redis.defineCommand(command, keys === undefined ? { lua } : { numberOfKeys: keys, lua });
      const bound = (redis as unknown as Record<string, ScriptRunner>)[command];
      return (...args) => bound.apply(redis, args);
    };
    this.scripts = {
      acquire: define('acquire', undefined, ACQUIRE_SCRIPT),
      park: define('park', 1, PARK_SCRIPT),
      release: define('release', undefined, RELEASE_SCRIPT),
      throttled: define('throttled', 1, THROTTLED_SCRIPT),
      pairLimited: define('pairLimited', 2, PAIR_LIMITED_SCRIPT),
      pairRefund: define('pairRefund', 1, PAIR_REFUND_SCRIPT),
      graphFailed: define('graphFailed', 1, GRAPH_FAILED_SCRIPT),
      sent: define('sent', 4, SENT_SCRIPT),
    };
  }

  get maxGrantLagMs(): number {
    return this.settings.maxGrantLagMs;
  }

  get windowMs(): number {
    return 1000 + this.settings.windowGuardMs;
  }

  /**
   * Asks for a channel's ready jobs at once. Grants that reached us late (more
   * than `maxGrantLagMs` after we asked: the event loop was blocked) are given
   * back and asked for again, so requests leave close to the time the window
   * accounted for them.
   */
  async acquireBatch(request: BatchRequest): Promise<BatchResult> {
    for (let tries = 0; ; tries++) {
      const result = await this.run(request.channelId, request.level, request.jobs, true);
      const granted = result.outcomes.flatMap((outcome, index) => (outcome.kind === 'send' ? [request.jobs[index].jobId] : []));
      const first = result.outcomes.find((outcome) => outcome.kind === 'send');
      if (!first || first.kind !== 'send' || first.lagMs <= this.settings.maxGrantLagMs || tries >= 3) return result;
      await this.giveBack(request.channelId, granted, first.grant);
    }
  }

  /** One job: a receipt (only the breaker applies), or a message asked for alone. */
  async acquire(request: AcquireRequest): Promise<AcquireResult> {
    const limited = request.waId !== null;
    const result = limited
      ? await this.acquireBatch({ channelId: request.channelId, level: request.level, jobs: [{ jobId: request.jobId, waId: request.waId as string }] })
      : await this.run(request.channelId, request.level, [{ jobId: request.jobId, waId: '-' }], false);
    const outcome = result.outcomes[0];
    if (outcome?.kind === 'send') return outcome;
    if (outcome?.kind === 'held') return { kind: 'wait', waitMs: outcome.waitMs, reason: 'pair', effectiveLevel: result.effectiveLevel };
    return { kind: 'wait', waitMs: result.stop?.waitMs ?? 0, reason: result.stop?.reason ?? 'number', effectiveLevel: result.effectiveLevel };
  }

  private async run(channelId: string, level: number, jobs: Array<{ jobId: string; waId: string }>, limited: boolean): Promise<BatchResult> {
    const s = this.settings;
    const keys = [RedisKeys.numberRate(this.prefix, channelId), RedisKeys.numberRateState(this.prefix, channelId), RedisKeys.circuit(this.prefix, channelId)];
    for (const job of jobs) keys.push(RedisKeys.pairRate(this.prefix, channelId, job.waId), RedisKeys.sendBooking(this.prefix, job.jobId));
    const asked = performance.now();
    const reply = (await this.scripts.acquire(
      keys.length,
      ...keys,
      Math.max(1, Math.floor(level)),
      this.windowMs,
      s.burstMs,
      s.pairCapacity,
      s.pairIntervalMs,
      limited ? 1 : 0,
      s.throttleRecoveryPerSecond / 1000,
      s.bookingGraceMs,
      s.breakerProbeLeaseMs,
      s.breakerProbeWaitMs,
    )) as ScriptReply;
    const lagMs = performance.now() - asked;
    const [breakerFailures, effectiveLevel, probe, stopWaitMs, stopReason, sentAt] = reply;
    const outcomes: BatchResult['outcomes'] = [];
    for (let index = 6; index + 2 < reply.length; index += 3) {
      const [kind, waitMs, pairStrikes] = [Number(reply[index]), Number(reply[index + 1]), Number(reply[index + 2])];
      outcomes.push(
        kind === 0
          ? { kind: 'send', effectiveLevel: Number(effectiveLevel), breakerFailures: Number(breakerFailures), pairStrikes, probe: Number(probe) === 1, at: Number(sentAt), lagMs, grant: String(sentAt) }
          : { kind: 'held', waitMs },
      );
    }
    const stop = Number(stopWaitMs) > 0 ? { waitMs: Number(stopWaitMs), reason: stopReason as 'number' | 'circuit_open' } : null;
    return { outcomes, stop, effectiveLevel: Number(effectiveLevel) };
  }

  /** When a job that cannot wait in the worker (a backlog) should come back: one pace apart, after `horizonMs`. */
  async park(channelId: string, level: number, horizonMs: number): Promise<number> {
    return Number(await this.scripts.park(RedisKeys.numberRateState(this.prefix, channelId), Math.max(1, Math.floor(level)), this.windowMs, Math.max(0, Math.round(horizonMs)), this.settings.throttleRecoveryPerSecond / 1000));
  }

  /** Grants that were not used in time: their window entries are removed; the pair tokens stay with the jobs. */
  async giveBack(channelId: string, jobIds: string[], grant: string): Promise<void> {
    if (jobIds.length === 0) return;
    const keys = [RedisKeys.numberRate(this.prefix, channelId), ...jobIds.map((jobId) => RedisKeys.sendBooking(this.prefix, jobId))];
    await this.scripts.release(keys.length, ...keys, grant, this.settings.bookingGraceMs, 1);
  }

  /** Meta said 130429 to a send granted at `grantedLevel`: lowers the number's level for a while. Returns the level now in force. */
  async throttled(channelId: string, level: number, grantedLevel: number): Promise<number> {
    const s = this.settings;
    const whole = Math.max(1, Math.floor(level));
    return Number(
      await this.scripts.throttled(
        RedisKeys.numberRateState(this.prefix, channelId),
        s.throttleDecrease,
        s.throttleFloor,
        s.throttleRecoveryPerSecond / 1000,
        this.windowMs,
        whole,
        grantedLevel,
        s.throttleStrikes,
      ),
    );
  }

  /** Meta said 131056: this recipient waits 4^n s. Returns the wait, booked for this job. */
  async pairLimited(channelId: string, waId: string, jobId: string): Promise<number> {
    const s = this.settings;
    return Number(
      await this.scripts.pairLimited(RedisKeys.pairRate(this.prefix, channelId, waId), RedisKeys.sendBooking(this.prefix, jobId), s.pairCapacity, s.pairIntervalMs, PAIR_LIMIT_MAX_BACKOFF_MS, s.bookingGraceMs),
    );
  }

  /** Meta refused the send (not for the pair limit): the recipient's pair token taken at the grant is given back. */
  async refundPair(channelId: string, waId: string): Promise<void> {
    await this.scripts.pairRefund(RedisKeys.pairRate(this.prefix, channelId, waId), this.settings.pairIntervalMs);
  }

  /** A 5xx, timeout or network failure: counts toward opening the channel's breaker. */
  async graphFailed(channelId: string): Promise<{ open: boolean; cooldownMs: number }> {
    const s = this.settings;
    const [open, cooldownMs] = (await this.scripts.graphFailed(RedisKeys.circuit(this.prefix, channelId), s.breakerThreshold, s.breakerCooldownMs, s.breakerMaxCooldownMs)) as [number, number];
    return { open: open === 1, cooldownMs: Number(cooldownMs) };
  }

  /** Graph answered (even with an error of the request): it is up, so the breaker's count starts again. */
  async graphAnswered(channelId: string): Promise<void> {
    await this.redis.del(RedisKeys.circuit(this.prefix, channelId));
  }

  /**
   * Meta accepted the send: writes the sent marker (null for receipts, which
   * have no wamid), takes the job off its channel's pending set, and clears
   * the breaker and the pair's strikes when asked, in one atomic write.
   */
  async sent(input: { channelId: string; waId: string | null; jobId: string; messageId: string; marker: string | null; markerTtlMs: number; clearBreaker: boolean; clearStrikes: boolean }): Promise<void> {
    await this.scripts.sent(
      RedisKeys.sentMarker(this.prefix, input.messageId),
      RedisKeys.pendingSends(this.prefix, input.channelId),
      RedisKeys.circuit(this.prefix, input.channelId),
      RedisKeys.pairRate(this.prefix, input.channelId, input.waId ?? '-'),
      input.marker ?? '',
      input.markerTtlMs,
      input.jobId,
      input.clearBreaker ? 1 : 0,
      input.clearStrikes ? 1 : 0,
    );
  }

  /** The job ended without a send (failed for good): it leaves its channel's pending set, and any booking is released. */
  async finished(channelId: string, jobId: string): Promise<void> {
    await this.redis.multi().srem(RedisKeys.pendingSends(this.prefix, channelId), jobId).del(RedisKeys.sendBooking(this.prefix, jobId)).exec();
  }
}
