import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { shareIoredisPipelineShape } from '../ioredis-pipeline-shape';
import { redisOptionsFromUrl } from '../redis-options';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `${process.env.WABUS_QUEUE_PREFIX ?? '{wabus-test}'}-pipeline-shape-${randomUUID().slice(0, 8)}`;

describe('shareIoredisPipelineShape, on real Redis', () => {
  const connection = new Redis(redisOptionsFromUrl(redisUrl));
  const queue = new Queue('shape', { connection, prefix });
  const defineProperty = Object.defineProperty;

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await connection.del(`${prefix}:list`);
    connection.disconnect();
  });

  it('is needed: ioredis gives each pipeline its own length accessor', () => {
    // When this fails, ioredis has stopped doing it and the fix can go.
    expect(Object.getOwnPropertyDescriptor(connection.pipeline(), 'length')?.get).toBeInstanceOf(Function);
  });

  it('builds pipelines and transactions without an own length, which still counts their commands and runs them', async () => {
    shareIoredisPipelineShape();
    const pipeline = connection.pipeline().rpush(`${prefix}:list`, 'a').rpush(`${prefix}:list`, 'b');
    const transaction = connection.multi().rpush(`${prefix}:list`, 'c');

    expect(Object.hasOwn(pipeline, 'length')).toBe(false);
    expect(Object.hasOwn(transaction, 'length')).toBe(false);
    expect(pipeline.length).toBe(2);
    expect(transaction.length).toBe(2); // MULTI, RPUSH (EXEC is added by exec())
    expect(await pipeline.exec()).toEqual([
      [null, 1],
      [null, 2],
    ]);
    expect(await transaction.exec()).toEqual([[null, 3]]);
    expect(await connection.lrange(`${prefix}:list`, 0, -1)).toEqual(['a', 'b', 'c']);
  });

  it("keeps BullMQ's addBulk working, and leaves Object.defineProperty as it found it", async () => {
    shareIoredisPipelineShape();
    const jobs = await queue.addBulk([
      { name: 'one', data: { n: 1 }, opts: { jobId: 'first' } },
      { name: 'two', data: { n: 2 }, opts: { jobId: 'second' } },
    ]);

    expect(jobs.map((job) => job.id)).toEqual(['first', 'second']);
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 2 });
    expect(Object.defineProperty).toBe(defineProperty);
  });

  it('installs once: a second call wraps nothing again', () => {
    shareIoredisPipelineShape();
    const pipeline = Redis.prototype.pipeline;
    shareIoredisPipelineShape();
    expect(Redis.prototype.pipeline).toBe(pipeline);
  });
});
