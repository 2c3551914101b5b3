import { randomUUID } from 'node:crypto';
import { UnrecoverableError, Worker } from 'bullmq';
import Redis from 'ioredis';
import { DeadLetter, handle, HandlerBinding, startQueueWorker } from '../queue-worker';
import { InvalidJobError } from '../job-validation';
import { JobQueues } from '../job-queues';
import { JobName, QueueName } from '../queue-names';
import { redisOptionsFromUrl } from '../redis-options';
import { SyncTemplatesJob } from '../job-contracts';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `${process.env.WABUS_QUEUE_PREFIX ?? '{wabus-test}'}-queues-${randomUUID().slice(0, 8)}`;

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('queues on real Redis', () => {
  const connection = new Redis(redisOptionsFromUrl(redisUrl));
  const queues = new JobQueues(connection, prefix);
  const workers: Worker[] = [];
  const deadLetters: DeadLetter[] = [];
  const sink = { record: async (letter: DeadLetter) => void deadLetters.push(letter) };

  function start(handlers: HandlerBinding[]): Worker {
    const worker = startQueueWorker({
      queue: QueueName.TemplateSync,
      handlers,
      concurrency: 2,
      connection: redisOptionsFromUrl(redisUrl),
      prefix,
      deadLetters: sink,
    });
    workers.push(worker);
    return worker;
  }

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.close()));
    await queues.queue(QueueName.TemplateSync).obliterate({ force: true });
    deadLetters.length = 0;
  });

  afterAll(async () => {
    await queues.close();
    connection.disconnect();
  });

  const job = (): SyncTemplatesJob => ({ v: 1, channelId: randomUUID(), reason: 'api' });

  it('refuses to put a payload that breaks its contract on the queue', async () => {
    await expect(queues.enqueue(JobName.SyncTemplates, { v: 1, channelId: 'not-a-uuid', reason: 'api' })).rejects.toThrow(InvalidJobError);
    await expect(queues.enqueue(JobName.SyncTemplates, { v: 2, channelId: randomUUID(), reason: 'api' } as unknown as SyncTemplatesJob)).rejects.toThrow(/v:/);
  });

  it('collapses two jobs with the same id into one', async () => {
    const data = job();
    const first = await queues.enqueue(JobName.SyncTemplates, data, { jobId: 'same-id' });
    const second = await queues.enqueue(JobName.SyncTemplates, data, { jobId: 'same-id' });
    expect(first).toBe(second);
    expect(await queues.queue(QueueName.TemplateSync).count()).toBe(1);
  });

  it('hands a valid job to its handler once', async () => {
    const seen: string[] = [];
    start([handle(JobName.SyncTemplates, async (data) => void seen.push(data.channelId))]);
    const data = job();
    await queues.enqueue(JobName.SyncTemplates, data);
    await until(() => (seen.length === 1 ? true : undefined));
    expect(seen).toEqual([data.channelId]);
  });

  it('retries a failing job and succeeds on a later attempt', async () => {
    let calls = 0;
    start([
      handle(JobName.SyncTemplates, async () => {
        calls += 1;
        if (calls < 3) throw new Error('Graph API is down');
      }),
    ]);
    const added = await queues.queue(QueueName.TemplateSync).add(JobName.SyncTemplates, job(), { attempts: 5, backoff: { type: 'fixed', delay: 10 } });
    await until(async () => ((await added.isCompleted()) ? true : undefined));
    expect(calls).toBe(3);
    expect(deadLetters).toHaveLength(0);
  });

  it('puts a permanently failing job in the dead letters once, without looping', async () => {
    let calls = 0;
    start([
      handle(JobName.SyncTemplates, async () => {
        calls += 1;
        throw new UnrecoverableError('template name does not exist');
      }),
    ]);
    const id = await queues.enqueue(JobName.SyncTemplates, job(), { attempts: 5 });
    await until(() => (deadLetters.length === 1 ? true : undefined));
    const failed = await until(async () => {
      const found = await queues.queue(QueueName.TemplateSync).getJob(id);
      return (await found?.isFailed()) ? found : undefined;
    });
    expect(calls).toBe(1);
    expect(failed?.attemptsMade).toBe(1);
    expect(deadLetters[0]).toMatchObject({ queue: 'template-sync', jobName: 'sync-templates', jobId: id, attempts: 1, error: { message: 'template name does not exist' } });
  });

  it('dead-letters a poison payload that slipped past the producer', async () => {
    const handler = jest.fn(async () => undefined);
    start([handle(JobName.SyncTemplates, handler)]);
    await queues.queue(QueueName.TemplateSync).add(JobName.SyncTemplates, { v: 1, channelId: 42 }, { attempts: 8 });
    await until(() => (deadLetters.length === 1 ? true : undefined));
    expect(handler).not.toHaveBeenCalled();
    expect(deadLetters[0].error.code).toBe('invalid_job');
    expect(deadLetters[0].attempts).toBe(1);
  });

  it('moves a job that keeps failing to the dead letters after its last attempt', async () => {
    start([
      handle(JobName.SyncTemplates, async () => {
        throw new Error('still down');
      }),
    ]);
    const queue = queues.queue(QueueName.TemplateSync);
    const added = await queue.add(JobName.SyncTemplates, job(), { attempts: 2, backoff: { type: 'fixed', delay: 10 } });
    await until(() => (deadLetters.length === 1 ? true : undefined));
    expect(deadLetters[0]).toMatchObject({ jobId: added.id, attempts: 2, error: { code: 'attempts_exhausted', message: 'still down' } });
  });

  it('refuses to start a worker with a job left without a handler, or handled twice', () => {
    expect(() => start([])).toThrow(/no handler for job sync-templates/);
    const twice = handle(JobName.SyncTemplates, async () => undefined);
    expect(() => start([twice, twice])).toThrow(/2 handlers for job sync-templates/);
    expect(() => start([twice, handle(JobName.SendMessage, async () => undefined)])).toThrow(/does not belong on queue template-sync/);
  });
});
