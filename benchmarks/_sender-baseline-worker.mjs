#!/usr/bin/env node
// The sender benchmark's baseline: a bare BullMQ worker doing the same HTTP call
// as the sender (POST /{version}/{phone-number-id}/messages with the same body,
// undici keep-alive pool), with no limits, no checks and no records. Optionally
// with BullMQ's own limiter (per queue, fixed window) to measure what it allows.
//
// Environment: REDIS_URL, BENCH_PREFIX, BENCH_QUEUE, BENCH_EMULATOR_URL,
// BENCH_CONCURRENCY, BENCH_LIMITER_MAX (optional: BullMQ limiter {max, duration: 1000}).
import { Worker } from 'bullmq';
import IORedis from 'ioredis';
import { Agent, request } from 'undici';

const env = process.env;
const connection = new IORedis(env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
const agent = new Agent({ connections: 128, pipelining: 1, keepAliveTimeout: 30_000 });
const emulator = env.BENCH_EMULATOR_URL;
const limiterMax = Number(env.BENCH_LIMITER_MAX ?? 0);

const worker = new Worker(
  env.BENCH_QUEUE,
  async (job) => {
    const { phoneNumberId, token, body } = job.data;
    const response = await request(`${emulator}/v23.0/${phoneNumberId}/messages`, {
      method: 'POST',
      dispatcher: agent,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.body.text();
    if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`);
    return JSON.parse(text).messages?.[0]?.id;
  },
  {
    connection,
    prefix: env.BENCH_PREFIX,
    concurrency: Number(env.BENCH_CONCURRENCY ?? 200),
    ...(limiterMax > 0 ? { limiter: { max: limiterMax, duration: 1000 } } : {}),
  },
);
worker.on('error', () => undefined);
await worker.waitUntilReady();
process.stdout.write('ready\n');

const stop = async () => {
  await worker.close();
  await agent.close();
  connection.disconnect();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
