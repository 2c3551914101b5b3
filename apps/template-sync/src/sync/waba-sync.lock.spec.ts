import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { redisOptionsFromUrl } from '@wabus/queues';
import { waitFor } from '@wabus/testing';
import { WabaSyncLock } from './waba-sync.lock';

describe('WabaSyncLock (real Redis)', () => {
  const redis = new Redis(redisOptionsFromUrl(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'));
  const prefix = `${process.env.WABUS_QUEUE_PREFIX ?? '{wabus-test}'}-lock-${randomUUID().slice(0, 8)}`;
  const lock = new WabaSyncLock(redis, prefix, 5_000);
  const waba = () => `waba-${randomUUID()}`;

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('lets one holder in; a second request joins, naming the holder', async () => {
    const wabaId = waba();
    const first = await lock.acquire(wabaId, 'repeat:sync-templates:a:1', 1_000);
    expect(first.kind).toBe('acquired');
    expect(await lock.acquire(wabaId, 'job-2', 1_000)).toEqual({ kind: 'joined', holder: 'repeat:sync-templates:a:1' });
  });

  it('a request older than the pass is served by it; a newer one makes the holder pass again', async () => {
    const wabaId = waba();
    const held = await lock.acquire(wabaId, 'job-1', 1_000);
    if (held.kind !== 'acquired') throw new Error('expected the lock');
    await lock.acquire(wabaId, 'job-2', 1_500);
    expect(await lock.finish(held.lock, 2_000, true)).toBe('released');

    const again = await lock.acquire(wabaId, 'job-3', 2_500);
    if (again.kind !== 'acquired') throw new Error('expected the lock');
    await lock.acquire(wabaId, 'job-4', 3_500);
    expect(await lock.finish(again.lock, 3_000, true)).toBe('again');
    expect(await lock.finish(again.lock, 4_000, true)).toBe('released');
  });

  it('after a complete pass, a request made before it started is fresh', async () => {
    const wabaId = waba();
    const held = await lock.acquire(wabaId, 'job-1', 1_000);
    if (held.kind !== 'acquired') throw new Error('expected the lock');
    await lock.finish(held.lock, 2_000, true);
    expect(await lock.acquire(wabaId, 'job-2', 1_999)).toEqual({ kind: 'fresh', syncedAt: 2_000 });
    expect((await lock.acquire(wabaId, 'job-3', 2_001)).kind).toBe('acquired');
  });

  it('a failed pass releases the lock and serves no one: the waiting request stays for the next pass', async () => {
    const wabaId = waba();
    const held = await lock.acquire(wabaId, 'job-1', 1_000);
    if (held.kind !== 'acquired') throw new Error('expected the lock');
    await lock.acquire(wabaId, 'job-2', 1_500);
    expect(await lock.finish(held.lock, 1_200, false)).toBe('released');
    const next = await lock.acquire(wabaId, 'job-1', 1_000);
    if (next.kind !== 'acquired') throw new Error('expected the lock');
    expect(await lock.finish(next.lock, 1_300, true)).toBe('again');
  });

  it('never frees a lock that is no longer its own', async () => {
    const wabaId = waba();
    const short = new WabaSyncLock(redis, prefix, 50);
    const held = await short.acquire(wabaId, 'job-1', 1_000);
    if (held.kind !== 'acquired') throw new Error('expected the lock');
    await new Promise((resolve) => setTimeout(resolve, 120));
    // The next holder's lock lives 5 s, so a slow machine cannot let it lapse during the checks below.
    const other = await lock.acquire(wabaId, 'job-2', 1_000);
    expect(other.kind).toBe('acquired');
    expect(await short.renew(held.lock)).toBe(false);
    expect(await short.finish(held.lock, 2_000, true)).toBe('lost');
    expect((await short.acquire(wabaId, 'job-3', 1_000)).kind).toBe('joined');
  });

  it('keeps the lock alive while a pass runs, and reports when it slips away', async () => {
    const wabaId = waba();
    // A 900 ms lock renewed every 300 ms, held for 2 s: it outlives its TTL only by being renewed,
    // and a loaded machine may stall the renewal timer by up to ~600 ms without losing it.
    const renewed = new WabaSyncLock(redis, prefix, 900);
    const held = await renewed.acquire(wabaId, 'job-1', 1_000);
    if (held.kind !== 'acquired') throw new Error('expected the lock');
    let lost = false;
    const stop = renewed.keepAlive(held.lock, () => (lost = true));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await renewed.acquire(wabaId, 'job-2', 1_000)).kind).toBe('joined');
    expect(lost).toBe(false);
    await redis.del(`${prefix}:template-sync:${wabaId}:lock`);
    await lock.acquire(wabaId, 'job-3', 1_000);
    await waitFor(() => lost, 5_000, 'the lost lock to be reported');
    stop();
  });
});
