import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@wabus/config';
import { ChannelEntity, SecretBox } from '@wabus/persistence';
import { JobName, JobQueues, QueueName, redisOptionsFromUrl, type RecordOutboundJob, type SendMessageJob } from '@wabus/queues';
import { createServiceApp, REDIS, ServiceApp } from '@wabus/service';
import { testConfig, waitFor } from '@wabus/testing';
import { STORE_SERVICE } from '../store.service-definition';

export interface StoreInstance {
  service: ServiceApp;
  config: AppConfig;
  queues: JobQueues;
  dataSource: DataSource;
  redis: Redis;
  close(): Promise<void>;
}

/** A queue prefix of its own per suite, so counting jobs sees only that suite's work. */
export function suitePrefix(name: string): string {
  return `${process.env.WABUS_QUEUE_PREFIX}-store-${name}-${randomUUID().slice(0, 8)}`;
}

/** The real store in-process on a free port, on the run's database and the given queue prefix. */
export async function startStore(queuePrefix: string): Promise<StoreInstance> {
  const config = testConfig('store', { queuePrefix });
  const service = await createServiceApp(STORE_SERVICE, config);
  await service.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    service,
    config,
    queues: service.app.get(JobQueues),
    dataSource: service.app.get(DataSource),
    redis: service.app.get<Redis>(REDIS),
    close: () => service.app.close(),
  };
}

/** Closes a store started by `startStore` and removes its queues (a suite's teardown); nothing when it never started. */
export async function stopStore(store: StoreInstance | undefined): Promise<void> {
  if (!store) return;
  await store.close();
  await obliterateQueues(store.config.queuePrefix);
}

/** Removes every queue of the prefix, on a connection of its own (run it after the instances are closed). */
export async function obliterateQueues(queuePrefix: string): Promise<void> {
  const connection = new IORedis(redisOptionsFromUrl(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'));
  const queues = new JobQueues(connection, queuePrefix);
  try {
    for (const name of Object.values(QueueName)) await queues.queue(name).obliterate({ force: true }).catch(() => undefined);
  } finally {
    await queues.close();
    connection.disconnect();
  }
}

export interface TestChannel {
  id: string;
  phoneNumberId: string;
  wabaId: string;
}

export async function createChannel(dataSource: DataSource, config: AppConfig, wabaId = `waba${Date.now()}${Math.floor(Math.random() * 1e6)}`): Promise<TestChannel> {
  const box = new SecretBox({ current: config.secretKey });
  const channel = await dataSource.getRepository(ChannelEntity).save({
    name: 'store test number',
    phoneNumberId: `1${Date.now()}${Math.floor(Math.random() * 1e6)}`,
    wabaId,
    accessToken: box.seal('EAAG-test-token'),
    appSecret: box.seal('app-secret'),
    verifyToken: box.seal('verify-token'),
  });
  return { id: channel.id, phoneNumberId: channel.phoneNumberId, wabaId: channel.wabaId };
}

/** Puts a delivery on `inbound` as the gateway does (the job id defaults to a fresh one: a distinct delivery). */
export function deliver(queues: JobQueues, channelId: string, body: string, jobId: string = randomUUID()): Promise<string> {
  return queues.enqueue(JobName.InboundWebhook, { v: 1, channelId, receivedAt: new Date().toISOString(), body }, { jobId });
}

export function sendJob(channelId: string, to: string, fields: Partial<SendMessageJob> = {}): SendMessageJob {
  return { v: 1, messageId: randomUUID(), channelId, to, type: 'text', payload: { body: 'Your order shipped' }, requestedAt: new Date().toISOString(), ...fields };
}

export function record(queues: JobQueues, job: RecordOutboundJob): Promise<string> {
  return queues.enqueue(JobName.RecordOutbound, job, { jobId: `${job.outcome}-${job.messageId}-${randomUUID().slice(0, 8)}` });
}

export async function rows<T>(dataSource: DataSource, sql: string, parameters: unknown[] = []): Promise<T[]> {
  return (await dataSource.query(sql, parameters)) as T[];
}

export async function count(dataSource: DataSource, sql: string, parameters: unknown[] = []): Promise<number> {
  const [row] = await rows<{ count: number }>(dataSource, `SELECT count(*)::int AS count FROM ${sql}`, parameters);
  return row.count;
}

/** Waits until every job of the queue has left waiting/active/delayed. */
export async function waitForIdle(queues: JobQueues, name: QueueName, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    async () => {
      const counts = await queues.queue(name).getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
      return Object.values(counts).every((value) => value === 0);
    },
    timeoutMs,
    `queue ${name} idle`,
  );
}

/** Every domain event on the events queue, with the job that carries it (a job carries one commit's events of one priority). */
export async function eventJobs(
  queues: JobQueues,
): Promise<Array<{ id: string; priority: number; data: { eventId: string; type: string; data: Record<string, unknown> } }>> {
  const jobs = await queues.queue(QueueName.Events).getJobs(['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized']);
  return jobs
    .filter((job) => job !== undefined)
    .flatMap((job) => (job.data as { events: Array<{ eventId: string; type: string; data: Record<string, unknown> }> }).events.map((data) => ({ id: job.id ?? '', priority: job.priority, data })));
}
