import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { QueueName } from '@wabus/queues';
import { waitFor } from '@wabus/testing';
import { InboundProcessor } from '../inbound/inbound.processor';
import { expectBurstEventsOnce, expectBurstStored, makeBurst, waitForOutboxDrained } from './burst';
import { count, createChannel, deliver, eventJobs, obliterateQueues, startStore, suitePrefix, waitForIdle, type StoreInstance, type TestChannel } from './store-harness';

const root = path.resolve(__dirname, '../../../..');
const bundle = path.join(root, 'dist/apps/store/main.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The built store as its own process, as Kubernetes runs it. */
async function spawnStore(prefix: string): Promise<{ child: ChildProcess; output: string[] }> {
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(process.execPath, [bundle], {
    cwd: root,
    env: { ...process.env, WABUS_QUEUE_PREFIX: prefix, PORT: String(port), LOG_LEVEL: 'warn', LOG_PRETTY: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => output.push(String(chunk)));
  child.stderr?.on('data', (chunk) => output.push(String(chunk)));
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.ok, 30_000, `store process ready (${output.join('')})`);
  return { child, output };
}

describe('store: kill -9 in the middle of a burst', () => {
  const prefix = suitePrefix('crash');
  let recovery: StoreInstance | undefined;
  let child: ChildProcess | undefined;

  beforeAll(() => {
    // The e2e way: the real bundle. `npm test` builds first; a bare `jest` run builds it here if missing.
    if (!existsSync(bundle)) execFileSync('npx', ['nx', 'run', 'store:build'], { cwd: root, stdio: 'ignore' });
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await recovery?.close();
    await obliterateQueues(prefix);
  });

  it('loses nothing and writes nothing twice: the dead process’s jobs run again on another store', async () => {
    // A producer (and the schema) first: an in-process store on the same prefix, its workers paused.
    const store = await startStore(prefix);
    recovery = store;
    const processor = store.service.app.get(InboundProcessor);
    await processor.worker?.pause();
    const channel: TestChannel = await createChannel(store.dataSource, store.config);
    const burst = await makeBurst(store.dataSource, channel, 400, '47');

    const spawned = await spawnStore(prefix);
    child = spawned.child;
    await Promise.all(burst.bodies.map((body) => deliver(store.queues, channel.id, body, randomUUID())));
    // Mid-flight: some of the burst is stored, not all of it.
    await waitFor(async () => (await count(store.dataSource, 'messages WHERE wa_message_id = ANY($1)', [burst.inboundWamids])) > 50, 30_000, 'first rows stored');
    child.kill('SIGKILL');
    await new Promise((resolve) => child?.once('exit', resolve));
    const stored = await count(store.dataSource, 'messages WHERE wa_message_id = ANY($1)', [burst.inboundWamids]);
    expect(stored).toBeLessThan(burst.inboundWamids.length);

    // The dead worker's jobs stay active until their locks expire (30 s); expire them now, as time would.
    const inbound = store.queues.queue(QueueName.Inbound);
    const orphaned = (await inbound.getJobs(['active'])).map((job) => job.id as string);
    const redis = store.redis;
    const keyPrefix = `${prefix}:${QueueName.Inbound}`;
    for (const id of orphaned) await redis.del(`${keyPrefix}:${id}:lock`);
    await processor.worker?.resume();
    await waitFor(
      async () => {
        await redis.del(`${keyPrefix}:stalled-check`);
        await processor.worker?.startStalledCheckTimer();
        const active = new Set((await inbound.getJobs(['active'])).map((job) => job.id));
        return orphaned.every((id) => !active.has(id));
      },
      30_000,
      'orphaned jobs taken back',
    );
    await waitForIdle(store.queues, QueueName.Inbound, 60_000);
    expect(await inbound.getJobCounts('failed')).toEqual({ failed: 0 });

    await expectBurstStored(store.dataSource, channel, burst);
    // Facts committed just before the kill were never published by their writer: the relay publishes them.
    await waitForOutboxDrained(store.dataSource);
    await expectBurstEventsOnce(store.dataSource, burst, await eventJobs(store.queues));
  }, 120_000);
});
