import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';

/**
 * One sync per WABA at a time, across every replica, and no request lost.
 *
 * Three keys per WABA, all under the (hash-tagged) queue prefix so the Lua
 * scripts below may touch them together on Redis Cluster:
 * - `lock`: SET NX PX with a token; renewed while a pass runs; released by
 *   compare-and-delete, so an expired holder can never free a newer one.
 * - `requested`: the latest request time of a sync that found the lock held.
 *   The holder checks it when its pass ends, in the same script that would
 *   release the lock: a request that came after the pass started (it may
 *   have missed the change, e.g. a status webhook) makes it run once more.
 * - `synced`: when the last complete pass started. A request older than that
 *   is already served (two concurrent requests, one sync).
 */

/** What `acquire` found: the lock (a pass may start), a pass already done since the request, or a pass running now. */
export type AcquireResult =
  | { kind: 'acquired'; lock: HeldLock }
  | { kind: 'fresh'; syncedAt: number }
  | { kind: 'joined'; holder: string };

/** What `finish` did: released the lock, kept it for one more pass (a request came in meanwhile), or found it lost. */
export type FinishResult = 'released' | 'again' | 'lost';

export interface HeldLock {
  wabaId: string;
  token: string;
}

const ACQUIRE = `
local synced = tonumber(redis.call('GET', KEYS[3]) or '-1')
local requestedAt = tonumber(ARGV[3])
if synced >= requestedAt then return {'fresh', tostring(synced)} end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {'acquired', ARGV[1]} end
local pending = tonumber(redis.call('GET', KEYS[2]) or '-1')
if requestedAt > pending then redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4]) end
return {'joined', redis.call('GET', KEYS[1]) or ''}
`;

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

const FINISH = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 'lost' end
local passStartedAt = tonumber(ARGV[2])
if ARGV[3] == '1' then
  local synced = tonumber(redis.call('GET', KEYS[3]) or '-1')
  if passStartedAt > synced then redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[5]) end
  local pending = tonumber(redis.call('GET', KEYS[2]) or '-1')
  if pending > passStartedAt then
    redis.call('DEL', KEYS[2])
    redis.call('PEXPIRE', KEYS[1], ARGV[4])
    return 'again'
  end
end
redis.call('DEL', KEYS[1])
return 'released'
`;

// A request waiting for a pass, and the time of the last complete pass, are worth keeping a while, not forever.
const REQUESTED_TTL_MS = 24 * 60 * 60 * 1000;
const SYNCED_TTL_MS = 2 * 24 * 60 * 60 * 1000;

export class WabaSyncLock {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  /** `requestedAt`: when the sync was asked for (Unix ms); a complete pass that started later serves it. */
  async acquire(wabaId: string, owner: string, requestedAt: number): Promise<AcquireResult> {
    // The owner (a job id, which may contain ':') comes first, so a joiner can say whose pass it joined.
    const token = `${owner}|${randomBytes(8).toString('hex')}`;
    const [kind, value] = (await this.redis.eval(ACQUIRE, 3, ...this.keys(wabaId), token, this.ttlMs, Math.floor(requestedAt), REQUESTED_TTL_MS)) as [string, string];
    if (kind === 'acquired') return { kind, lock: { wabaId, token } };
    if (kind === 'fresh') return { kind, syncedAt: Number(value) };
    return { kind: 'joined', holder: value.includes('|') ? value.slice(0, value.lastIndexOf('|')) : value };
  }

  /** False when the lock is no longer ours (expired and taken): the pass must stop. */
  async renew(lock: HeldLock): Promise<boolean> {
    return Number(await this.redis.eval(RENEW, 1, this.keys(lock.wabaId)[0], lock.token, this.ttlMs)) === 1;
  }

  /**
   * Ends a pass that started at `passStartedAt`. A complete pass is recorded
   * as the WABA's latest; then, if a request came in after it started, the
   * lock is kept and the caller runs another pass ('again').
   */
  async finish(lock: HeldLock, passStartedAt: number, complete: boolean): Promise<FinishResult> {
    const result = await this.redis.eval(FINISH, 3, ...this.keys(lock.wabaId), lock.token, Math.floor(passStartedAt), complete ? '1' : '0', this.ttlMs, SYNCED_TTL_MS);
    return result as FinishResult;
  }

  /** Renews the lock every third of its lifetime until stopped; `onLost` is called once if it slips away. */
  keepAlive(lock: HeldLock, onLost: () => void): () => void {
    let stopped = false;
    const timer = setInterval(() => {
      void this.renew(lock).then(
        (held) => {
          if (!held && !stopped) {
            stopped = true;
            onLost();
          }
        },
        // A failed renewal is retried at the next tick; the lock's TTL covers two misses.
        () => undefined,
      );
    }, Math.max(50, Math.floor(this.ttlMs / 3)));
    timer.unref();
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }

  private keys(wabaId: string): [string, string, string] {
    const base = `${this.prefix}:template-sync:${wabaId}`;
    return [`${base}:lock`, `${base}:requested`, `${base}:synced`];
  }
}
