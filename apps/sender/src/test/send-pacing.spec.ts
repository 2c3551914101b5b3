import { QueueName, RedisKeys } from '@wabus/queues';
import { OutboxRow, SenderHarness, TestChannel, waitFor } from './sender-harness';

jest.setTimeout(90_000);

/** The most requests inside any closed one-second window (Meta counts both ends). */
function peakPerSecond(rows: OutboxRow[]): number {
  const times = rows.map((row) => Date.parse(row.receivedAt)).sort((a, b) => a - b);
  let peak = 0;
  for (let start = 0, end = 0; end < times.length; end++) {
    while (times[end] - times[start] > 1000) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

const phone = (prefix: string, i: number) => `+234803${prefix}${String(i).padStart(4, '0')}`;

describe('sender: limits in flow', () => {
  let harness: SenderHarness;

  beforeAll(async () => {
    // Our own pair bucket is smaller than Meta's here, so both the local limit and Meta's 131056 are exercised.
    // The emulator shares this process's event loop, so its clock stamps requests late whenever the loop is
    // busy; a wider guard absorbs that here (a separate Meta or emulator sees only the sender's own jitter).
    harness = await SenderHarness.start({ limits: { pairCapacity: 3, pairIntervalMs: 60_000, windowGuardMs: 100 } });
  });

  afterAll(async () => {
    await harness?.close();
  });

  /** What store does for many customers at once: their windows are open. */
  async function openWindows(channel: TestChannel, phones: string[]): Promise<void> {
    const pipeline = harness.redis.pipeline();
    for (const number of phones) pipeline.set(RedisKeys.lastInbound(harness.config.queuePrefix, channel.id, number.replace(/\D/g, '')), String(Date.now()));
    await pipeline.exec();
  }

  async function sentCount(ids: string[]): Promise<number> {
    const records = harness.queues.queue(QueueName.Records);
    const found = await Promise.all(ids.map((id) => records.getJob(`sent-${id}`)));
    return found.filter(Boolean).length;
  }

  it('holds one recipient at the pair limit (locally and after 131056) while messages to others flow', async () => {
    const channel = await harness.channel({ pairRateLimit: { capacity: 2, refillIntervalMs: 600_000 } });
    const busy = '+2348033330001';
    const others = Array.from({ length: 5 }, (_, i) => phone('334', i));
    await openWindows(channel, [busy, ...others]);
    const toBusy = [];
    for (let i = 0; i < 4; i++) toBusy.push(await harness.submit(channel, { to: busy, type: 'text', payload: { body: `update ${i}` } }));
    const toOthers = [];
    for (const number of others) toOthers.push(await harness.submit(channel, { to: number, type: 'text', payload: { body: 'hello' } }));

    for (const id of toOthers) expect(await harness.outcome(id)).toMatchObject({ outcome: 'sent' });
    await waitFor(async () => (await harness.outbox(channel.phoneNumberId, busy)).some((row) => row.verdict !== 'accepted'), 10_000, "Meta's 131056");

    // Two went through, the other two wait — only this recipient: nothing failed, nothing was dropped.
    expect(await sentCount(toBusy)).toBe(2);
    const states = await Promise.all(toBusy.map(async (id) => (await harness.queues.queue(QueueName.Outbound).getJob(id))?.getState()));
    expect(states.filter((state) => state === 'completed')).toHaveLength(2);
    expect(states.filter((state) => state === 'delayed' || state === 'active')).toHaveLength(2);
    const refusals = (await harness.outbox(channel.phoneNumberId, busy)).filter((row) => row.verdict !== 'accepted');
    expect(refusals.every((row) => row.verdict !== 'accepted' && row.verdict.error.code === 131056)).toBe(true);
    expect(Number(await harness.redis.hget(RedisKeys.pairRate(harness.config.queuePrefix, channel.id, busy.slice(1)), 'strikes'))).toBeGreaterThanOrEqual(1);
    expect(await harness.metric('wabus_sender_delays_total', { reason: 'pair_limit' })).toBeGreaterThanOrEqual(1);
  });

  it("keeps to the number's level in every one-second window, with no 130429", async () => {
    const channel = await harness.channel({ throughputMps: 20 });
    const numbers = Array.from({ length: 70 }, (_, i) => phone('335', i));
    await openWindows(channel, numbers);
    const ids = await harness.submitMany(channel, numbers.map((number) => ({ to: number, type: 'text', payload: { body: 'paced' } })));
    for (const id of ids) expect(await harness.outcome(id, 30_000)).toMatchObject({ outcome: 'sent' });
    const rows = await harness.outbox(channel.phoneNumberId);
    expect(rows).toHaveLength(70);
    expect(rows.every((row) => row.verdict === 'accepted')).toBe(true);
    expect(peakPerSecond(rows)).toBeLessThanOrEqual(20);
  });

  it("lowers a number's level when Meta answers 130429, and still sends everything", async () => {
    // The channel says 40/s, Meta allows 10/s (a downgrade the operator has not entered yet).
    const channel = await harness.channel({ throughputMps: 40, emulatorMps: 10 });
    const numbers = Array.from({ length: 40 }, (_, i) => phone('336', i));
    await openWindows(channel, numbers);
    const ids = await harness.submitMany(channel, numbers.map((number) => ({ to: number, type: 'text', payload: { body: 'throttled' } })));
    for (const id of ids) expect(await harness.outcome(id, 30_000)).toMatchObject({ outcome: 'sent' });
    const stats = await harness.emulatorCall('GET', '/_emulator/stats');
    expect(stats.numbers[channel.phoneNumberId].rejectionsByCode['130429']).toBeGreaterThan(0);
    expect(await harness.metric('wabus_sender_effective_level', { channel: channel.id })).toBeLessThan(40);
    expect(await harness.metric('wabus_sender_delays_total', { reason: 'throughput', where: 'queue' })).toBeGreaterThan(0);
  });

  it("does not make one number's single message wait behind another number's backlog", async () => {
    const busy = await harness.channel({ throughputMps: 50 });
    const quiet = await harness.channel({ throughputMps: 50 });
    const numbers = Array.from({ length: 2000 }, (_, i) => phone('337', i));
    await openWindows(busy, numbers);
    await openWindows(quiet, ['+2348033380001']);
    const backlog: string[] = [];
    for (let i = 0; i < numbers.length; i += 200) {
      backlog.push(...(await Promise.all(numbers.slice(i, i + 200).map((number) => harness.submit(busy, { to: number, type: 'text', payload: { body: 'campaign' } })))));
    }
    const single = await harness.submit(quiet, { to: '+2348033380001', type: 'text', payload: { body: 'your code is 1234' } });
    expect(await harness.outcome(single)).toMatchObject({ outcome: 'sent' });
    // At 50/s the backlog needs 40 s; the single message did not wait for it.
    expect(await sentCount(backlog)).toBeLessThan(500);
  });
});
