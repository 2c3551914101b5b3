import { randomUUID } from 'node:crypto';
import { QueueName } from '@wabus/queues';
import { waitFor } from '@wabus/testing';
import { expectBurstEventsOnce, expectBurstStored, makeBurst, waitForOutboxDrained } from './burst';
import { createChannel, deliver, eventJobs, obliterateQueues, startStore, suitePrefix, waitForIdle, type StoreInstance, type TestChannel } from './store-harness';

describe('store: two replicas consuming the same burst', () => {
  let first: StoreInstance;
  let second: StoreInstance;
  let channel: TestChannel;
  const prefix = suitePrefix('replicas');

  beforeAll(async () => {
    [first, second] = await Promise.all([startStore(prefix), startStore(prefix)]);
    channel = await createChannel(first.dataSource, first.config);
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await obliterateQueues(prefix);
  });

  it('stores every message, status, contact and conversation once, and emits each event once', async () => {
    const burst = await makeBurst(first.dataSource, channel, 120, '31');
    // Every delivery twice under different job ids (Meta retries), split across both replicas' producers.
    const jobs = burst.bodies.flatMap((body, index) => [
      deliver(first.queues, channel.id, body, randomUUID()),
      deliver(index % 2 ? first.queues : second.queues, channel.id, body, randomUUID()),
    ]);
    await Promise.all(jobs);
    await waitForIdle(first.queues, QueueName.Inbound, 60_000);
    const processedBy = await Promise.all(
      [first, second].map(async (store) => (await store.service.metrics.registry.getSingleMetric('wabus_jobs_total')?.get())?.values.reduce((sum, v) => sum + v.value, 0) ?? 0),
    );
    expect(processedBy.every((processed) => processed > 0)).toBe(true);
    await expectBurstStored(first.dataSource, channel, burst);
    await waitForOutboxDrained(first.dataSource);
    const events = await waitFor(async () => {
      const found = await eventJobs(first.queues);
      return found.length > 0 ? found : undefined;
    });
    await expectBurstEventsOnce(first.dataSource, burst, events);
  });
});
