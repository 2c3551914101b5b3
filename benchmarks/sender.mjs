#!/usr/bin/env node
// Benchmark of the sender: per-number throughput against each number's level,
// the peak in any one-second window (never above the level), time in queue,
// and the whole-system ceiling beside a baseline measured in the same run (a
// bare BullMQ worker doing the same HTTP call with no limits). A last phase
// measures BullMQ's own limiter, to show why the sender uses its own.
//
//   npm run bench sender            (or: node benchmarks/sender.mjs)
//   node benchmarks/sender.mjs [--levels '80,250,500;1000'] [--seconds 10] [--ceiling-jobs 24000] [--senders 2]
//                              [--phases levels,ceiling,baseline,limiter] [--no-build]
//
// It builds sender and cloud-api-emulator, starts the emulator and the sender
// processes from dist with a scratch database (wabus_bench_<random>, dropped
// at the end) and queue prefix, inserts channels (secrets sealed like
// SecretBox), registers the numbers at the emulator with their levels, and
// reads what happened from the emulator's outbox (its own receive clock) and
// the records queue. Status webhooks are switched off at the emulator: this
// measures sending, not webhook delivery.
import { spawn } from 'node:child_process';
import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import pg from 'pg';
import { build, REDIS_URL, reportResult, root, scratch, startService, table } from './_harness.mjs';

const args = parseArgs(process.argv.slice(2));
// Two groups run one after the other: numbers whose levels add up to what this machine carries, then one at Meta's top level.
const LEVEL_GROUPS = String(args.levels ?? '80,250,500;1000')
  .split(';')
  .map((group) => group.split(',').map(Number));
const PHASES = new Set(String(args.phases ?? 'levels,ceiling,baseline,limiter').split(','));
const SECONDS = Number(args.seconds ?? 10);
const CEILING_JOBS = Number(args['ceiling-jobs'] ?? 24_000);
const SENDERS = Number(args.senders ?? 2);
const CEILING_NUMBERS = 4;
const UNBOUNDED = 100_000; // a level no run reaches: the ceiling phase measures the machine, not the limiter
const TEMPLATE = {
  name: 'bench_notice',
  language: 'en',
  category: 'UTILITY',
  status: 'APPROVED',
  parameter_format: 'POSITIONAL',
  components: [{ type: 'BODY', text: 'Hello {{1}}, your order is ready.' }],
};

const startedAt = Date.now();
const run = await scratch();
const secretKey = randomBytes(32);
const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
const outbound = new Queue('outbound', {
  connection: redis,
  prefix: run.queuePrefix,
});
const records = new Queue('records', {
  connection: redis,
  prefix: run.queuePrefix,
});
const processes = [];
let db;
let emulator;
let recipientCounter = 0;

try {
  await main();
} catch (error) {
  console.error(`bench sender: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
} finally {
  for (const child of processes) await child.stop().catch(() => undefined);
  await outbound.close();
  await records.close();
  redis.disconnect();
  await db?.end().catch(() => undefined);
  await run.cleanup().catch(() => undefined);
}

async function main() {
  if (args['no-build'] === undefined) {
    log('building sender and cloud-api-emulator…');
    build(['sender', 'cloud-api-emulator']);
  }
  emulator = await startService('cloud-api-emulator', { LOG_LEVEL: 'error' });
  processes.push(emulator);
  const senderEnv = {
    DATABASE_URL: run.databaseUrl,
    WABUS_QUEUE_PREFIX: run.queuePrefix,
    WABUS_SECRET_KEY: secretKey.toString('hex'),
    WABUS_ALLOW_PRIVATE_URLS: 'true',
    LOG_LEVEL: 'error',
  };
  if (args.profile)
    Object.assign(senderEnv, {
      NODE_OPTIONS: '--require /tmp/profile-preload.cjs',
      PROFILE_DIR: args.profile,
      PROFILE_MS: String(args['profile-ms'] ?? 30000),
    });
  const senders = [];
  // One after the other: the first one creates and migrates the scratch database.
  for (let i = 0; i < SENDERS; i++) senders.push(await startService('sender', senderEnv));
  processes.push(...senders);
  db = new pg.Client({ connectionString: run.databaseUrl });
  await db.connect();
  log(`machine: ${cpus().length} cores; ${SENDERS} sender process(es), emulator, Redis and PostgreSQL on this machine`);

  // 1. Each number at its own level, all at once, each with a backlog of `level × SECONDS` jobs.
  const levelRows = [];
  for (const levels of PHASES.has('levels') ? LEVEL_GROUPS : []) {
    const levelNumbers = [];
    for (const level of levels) levelNumbers.push(await createNumber(level, level));
    const levelJobs = await enqueueSends(levelNumbers.map((number) => ({ number, count: number.level * SECONDS })));
    log(`levels: ${levelJobs.total} jobs over ${levelNumbers.length} number(s) (levels ${levels.join(', ')}), ~${SECONDS} s of backlog each…`);
    await waitAccepted(levelNumbers, levelJobs.perNumber, SECONDS * 4 + 30);
    for (const number of levelNumbers) levelRows.push({ together: levels.join('+'), ...(await numberReport(number, levelJobs.enqueuedAt)) });
    if (args.debug) for (const sender of senders) console.log((await (await fetch(`${sender.url}/metrics`)).text()).split('\n').filter((line) => /slot_lateness_seconds_bucket|delays_total/.test(line)).join('\n'));
  }

  // 2. The ceiling: numbers with levels no run reaches, so the machine is the limit.
  let ceiling;
  if (PHASES.has('ceiling')) {
    const ceilingNumbers = [];
    for (let i = 0; i < CEILING_NUMBERS; i++) ceilingNumbers.push(await createNumber(UNBOUNDED, UNBOUNDED));
    const ceilingJobs = await enqueueSends(
      ceilingNumbers.map((number) => ({
        number,
        count: Math.floor(CEILING_JOBS / CEILING_NUMBERS),
      })),
    );
    log(`ceiling: ${ceilingJobs.total} jobs over ${CEILING_NUMBERS} unlimited numbers…`);
    await waitAccepted(ceilingNumbers, ceilingJobs.perNumber, 90);
    ceiling = await systemReport(ceilingNumbers, ceilingJobs.enqueuedAt, true);
  }
  for (const sender of senders) await sender.stop();

  // 3. Baseline: a bare BullMQ worker per sender process, same HTTP call, no limits, no checks, no records.
  let baseline;
  if (PHASES.has('baseline')) {
    const baselineNumbers = [];
    for (let i = 0; i < CEILING_NUMBERS; i++) baselineNumbers.push(await createNumber(UNBOUNDED, UNBOUNDED));
    const workers = [];
    for (let i = 0; i < SENDERS; i++) workers.push(await startBaselineWorker('baseline', 0));
    const baselineJobs = await enqueueBare('baseline', baselineNumbers, Math.floor(CEILING_JOBS / CEILING_NUMBERS));
    log(`baseline: ${baselineJobs.total} jobs, ${SENDERS} bare BullMQ worker(s)…`);
    await waitAccepted(baselineNumbers, baselineJobs.perNumber, 90);
    baseline = await systemReport(baselineNumbers, baselineJobs.enqueuedAt, false);
    for (const worker of workers) await worker.stop();
  }

  // 4. BullMQ's limiter ({max: 200, duration: 1000}) on one queue, measured at the emulator's clock.
  let limited;
  if (PHASES.has('limiter')) {
    const limitedNumber = await createNumber(UNBOUNDED, UNBOUNDED);
    const limitedWorker = await startBaselineWorker('limited', 200);
    const limitedJobs = await enqueueBare('limited', [limitedNumber], 1_200);
    await waitAccepted([limitedNumber], limitedJobs.perNumber, 30);
    limited = await numberReport({ ...limitedNumber, level: 200 }, limitedJobs.enqueuedAt, false);
    await limitedWorker.stop();
  }

  if (levelRows.length > 0) {
    console.log(`\nPer number: every number at its own level at once (${SENDERS} sender processes)\n`);
    console.log(table(levelRows));
  }
  const systemRows = [];
  if (ceiling)
    systemRows.push({
      run: `sender ×${SENDERS} (all checks, limits, records)`,
      jobs: ceiling.jobs,
      'sends/s': ceiling.rate,
      'p50 in queue': ceiling.p50,
      'p99 in queue': ceiling.p99,
      'vs baseline': baseline ? `${Math.round((100 * ceiling.rateValue) / baseline.rateValue)} %` : '–',
    });
  if (baseline)
    systemRows.push({
      run: `bare BullMQ worker ×${SENDERS} (same HTTP call)`,
      jobs: baseline.jobs,
      'sends/s': baseline.rate,
      'p50 in queue': '–',
      'p99 in queue': '–',
      'vs baseline': '100 %',
    });
  if (systemRows.length > 0) {
    console.log('\nWhole system: sends per second on this machine\n');
    console.log(table(systemRows));
  }
  if (limited) {
    console.log("\nBullMQ's own limiter {max: 200, duration: 1000} (per queue, fixed window), same worker\n");
    console.log(
      table([
        {
          limiter: 'BullMQ limiter',
          level: 200,
          'sends/s': limited['sends/s'],
          'peak 1 s window': limited['peak 1 s window'],
          'windows above level': limited['windows above level'],
        },
      ]),
    );
  }
  console.log(
    `\n${((Date.now() - startedAt) / 1000).toFixed(0)} s in all; load average ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')}`,
  );
  const bareLabel = `bare BullMQ worker ×${SENDERS}, same HTTP call, no limits`;
  reportResult({
    name: 'sender',
    title: `Sender: ${SENDERS} sender processes; numbers at their levels (${SECONDS} s of backlog each), then ${CEILING_JOBS} jobs on unlimited numbers`,
    rows: [
      ...(ceiling ? [{ figure: 'whole system: sends/s accepted by the emulator', value: ceiling.rateValue, unit: 'sends/s', baseline: baseline?.rateValue, baselineLabel: bareLabel, chart: true }] : []),
      ...(ceiling ? [{ figure: 'whole system: enqueue → sent, p50 (backlog)', value: ceiling.p50Ms, unit: 'ms', baseline: null }] : []),
      ...(ceiling ? [{ figure: 'whole system: enqueue → sent, p99 (backlog)', value: ceiling.p99Ms, unit: 'ms', baseline: null }] : []),
      ...levelRows.map((row) => ({
        figure: `number at ${row.number} (together: ${row.together}): sends/s`,
        value: Number(row['sends/s']),
        unit: 'sends/s',
        baseline: parseFloat(row.number),
        baselineLabel: 'its level (the target, never above)',
      })),
      ...levelRows.map((row) => ({
        figure: `number at ${row.number}: most sends in any 1 s window`,
        value: row['peak 1 s window'],
        unit: 'sends',
        baseline: parseFloat(row.number),
        baselineLabel: 'its level (at most)',
      })),
      ...(limited ? [{ figure: "BullMQ's own limiter {max: 200, duration: 1000}: most sends in any 1 s window", value: limited['peak 1 s window'], unit: 'sends', baseline: 200, baselineLabel: 'the limit it is set to' }] : []),
    ],
    latency: ceiling ? { figure: `enqueue → sent, backlog of ${CEILING_JOBS} jobs at once (time in queue)`, p50: ceiling.p50Ms, p99: ceiling.p99Ms } : [],
  });
}

/** A number at the emulator (statuses off) and its channel in the database, with the benchmark's template. */
async function createNumber(level, emulatorLevel) {
  const n = randomBytes(5).readUIntBE(0, 5).toString().padStart(12, '0');
  const number = {
    id: randomUUID(),
    phoneNumberId: `1${n}`,
    wabaId: `2${n}`,
    accessToken: `bench-${randomBytes(12).toString('hex')}`,
    level,
  };
  await emulatorCall('POST', '/_emulator/phone-numbers', {
    phoneNumberId: number.phoneNumberId,
    wabaId: number.wabaId,
    accessToken: number.accessToken,
    appSecret: 'bench-secret',
    webhookUrl: 'http://127.0.0.1:9/unused',
    verifyToken: 'bench',
    throughputMps: emulatorLevel,
    statusDelaysMs: { sent: null, delivered: null, read: null },
  });
  await emulatorCall('POST', '/_emulator/templates', {
    wabaId: number.wabaId,
    templates: [TEMPLATE],
  });
  await db.query(
    `INSERT INTO channels (id, name, phone_number_id, waba_id, access_token, app_secret, verify_token, api_version, graph_base_url, throughput_mps)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'v23.0', $8, $9)`,
    [number.id, `bench ${level}/s`, number.phoneNumberId, number.wabaId, seal(number.accessToken), seal('bench-secret'), seal('bench'), emulator.url, level],
  );
  await db.query(`INSERT INTO templates (waba_id, name, language, status, category, parameter_format, components) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    number.wabaId,
    TEMPLATE.name,
    TEMPLATE.language,
    TEMPLATE.status,
    TEMPLATE.category,
    TEMPLATE.parameter_format,
    JSON.stringify(TEMPLATE.components),
  ]);
  return number;
}

/** SecretBox's format (libs/persistence/src/secret-box.ts): AES-256-GCM, 12-byte IV, 16-byte tag, key id = sha256(key)[0..8]. */
function seal(plain) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secretKey, iv, {
    authTagLength: 16,
  });
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return JSON.stringify({
    v: 1,
    kid: createHash('sha256').update(secretKey).digest('hex').slice(0, 8),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  });
}

function nextRecipient() {
  recipientCounter++;
  return `+234803${String(recipientCounter).padStart(7, '0')}`;
}

function templatePayload(i) {
  return {
    name: TEMPLATE.name,
    language: { code: TEMPLATE.language },
    components: [{ type: 'body', parameters: [{ type: 'text', text: `customer ${i}` }] }],
  };
}

/**
 * Send jobs as producers add them (submitOutboundMessage): job id = message id,
 * priority = place in the channel's own line, id added to the channel's pending set.
 */
async function enqueueSends(plan) {
  const perNumber = new Map();
  const jobs = [];
  for (const { number, count } of plan) {
    perNumber.set(number.phoneNumberId, count);
    const ids = [];
    for (let i = 0; i < count; i++) {
      const messageId = randomUUID();
      ids.push(messageId);
      jobs.push({ number, i, messageId });
    }
    await redis.sadd(`${run.queuePrefix}:pending:${number.id}`, ...ids);
  }
  // Interleaved, as concurrent producers would add them.
  jobs.sort((a, b) => a.i - b.i);
  const enqueuedAt = Date.now();
  for (let start = 0; start < jobs.length; start += 2000) {
    await outbound.addBulk(
      jobs.slice(start, start + 2000).map(({ number, i, messageId }) => ({
        name: 'send-message',
        data: {
          v: 1,
          messageId,
          channelId: number.id,
          to: nextRecipient(),
          type: 'template',
          payload: templatePayload(i),
          requestedAt: new Date().toISOString(),
        },
        opts: {
          jobId: messageId,
          priority: i + 1,
          attempts: 8,
          backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
          removeOnComplete: { count: 5000, age: 3600 },
          removeOnFail: { count: 20000, age: 604800 },
        },
      })),
    );
  }
  return { perNumber, total: jobs.length, enqueuedAt };
}

/** The baseline's jobs: the request body the sender would build, ready to POST. */
async function enqueueBare(queueName, numbers, perNumberCount) {
  const queue = new Queue(queueName, {
    connection: redis,
    prefix: run.queuePrefix,
  });
  const perNumber = new Map(numbers.map((number) => [number.phoneNumberId, perNumberCount]));
  const jobs = [];
  for (let i = 0; i < perNumberCount; i++) {
    for (const number of numbers) {
      const body = {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: nextRecipient(),
        type: 'template',
        template: templatePayload(i),
      };
      jobs.push({
        name: 'send',
        data: {
          phoneNumberId: number.phoneNumberId,
          token: number.accessToken,
          body,
        },
        opts: {
          removeOnComplete: { count: 5000 },
          removeOnFail: { count: 5000 },
        },
      });
    }
  }
  const enqueuedAt = Date.now();
  for (let start = 0; start < jobs.length; start += 2000) await queue.addBulk(jobs.slice(start, start + 2000));
  await queue.close();
  return { perNumber, total: jobs.length, enqueuedAt };
}

async function startBaselineWorker(queueName, limiterMax) {
  const child = spawn(process.execPath, [path.join(root, 'benchmarks/_sender-baseline-worker.mjs')], {
    cwd: root,
    env: {
      ...process.env,
      REDIS_URL,
      BENCH_PREFIX: run.queuePrefix,
      BENCH_QUEUE: queueName,
      BENCH_EMULATOR_URL: emulator.url,
      BENCH_CONCURRENCY: '200',
      BENCH_LIMITER_MAX: String(limiterMax),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`baseline worker exited with ${code}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  };
  processes.push({ stop });
  return { stop };
}

async function waitAccepted(numbers, perNumber, timeoutSeconds) {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const stats = await emulatorCall('GET', '/_emulator/stats');
    const done = numbers.every((number) => (stats.numbers[number.phoneNumberId]?.accepted ?? 0) >= perNumber.get(number.phoneNumberId));
    if (done) return;
    if (Date.now() > deadline) {
      const progress = numbers.map((number) => `${number.phoneNumberId}: ${stats.numbers[number.phoneNumberId]?.accepted ?? 0}/${perNumber.get(number.phoneNumberId)}`);
      throw new Error(`not all sends accepted within ${timeoutSeconds} s (${progress.join(', ')})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** One number's row: achieved rate vs level, peaks in any closed one-second window (the emulator's clock), refusals, time in queue. */
async function numberReport(number, enqueuedAt, withRecords = true) {
  const rows = (await emulatorCall('GET', `/_emulator/outbox?phoneNumberId=${number.phoneNumberId}&limit=20000`)).data;
  const accepted = rows.filter((row) => row.verdict === 'accepted').map((row) => Date.parse(row.receivedAt));
  const attempts = rows.map((row) => Date.parse(row.receivedAt));
  const throttled = rows.filter((row) => row.verdict !== 'accepted' && row.verdict.error?.code === 130429).length;
  const rate = rateBetween(accepted, 0.05, 0.95);
  const steady = rateBetween(accepted, 0.25, 0.95);
  if (args.debug) {
    const first = Math.min(...attempts);
    const bins = [];
    for (const time of attempts) bins[Math.floor((time - first) / 500)] = (bins[Math.floor((time - first) / 500)] ?? 0) + 1;
    console.log(`${number.level}/s per 500 ms: ${Array.from(bins, (v) => v ?? 0).join(' ')}`);
  }
  const peak = peakInWindow(attempts, 1000);
  const waits = withRecords ? await timesInQueue(new Set([number.id])) : [];
  return {
    number: `${number.level}/s`,
    sent: accepted.length,
    'sends/s': rate.toFixed(1),
    'of level': `${((100 * rate) / number.level).toFixed(1)} %`,
    'steady of level': `${((100 * steady) / number.level).toFixed(1)} %`,
    'peak 1 s window': peak,
    'windows above level': windowsAbove(attempts, number.level),
    'refused 130429': throttled,
    'p50 in queue': withRecords ? seconds(percentile(waits, 0.5)) : '–',
    'p99 in queue': withRecords ? seconds(percentile(waits, 0.99)) : '–',
  };
}

async function systemReport(numbers, enqueuedAt, withRecords) {
  const times = [];
  for (const number of numbers) {
    const rows = (await emulatorCall('GET', `/_emulator/outbox?phoneNumberId=${number.phoneNumberId}&limit=20000`)).data;
    for (const row of rows) if (row.verdict === 'accepted') times.push(Date.parse(row.receivedAt));
  }
  times.sort((a, b) => a - b);
  const rateValue = (times.length - 1) / ((times[times.length - 1] - times[0]) / 1000);
  const waits = withRecords ? await timesInQueue(new Set(numbers.map((number) => number.id))) : [];
  return {
    jobs: times.length,
    rateValue,
    rate: rateValue.toFixed(0),
    p50: withRecords ? seconds(percentile(waits, 0.5)) : '–',
    p99: withRecords ? seconds(percentile(waits, 0.99)) : '–',
    p50Ms: withRecords ? percentile(waits, 0.5) : null,
    p99Ms: withRecords ? percentile(waits, 0.99) : null,
  };
}

/**
 * Sends per second between two quantiles of the sends: 5 %–95 % is the whole run without its first and
 * last instants; 25 %–95 % leaves out the start, while the backlog is still being taken off the queue.
 */
function rateBetween(times, low, high) {
  const sorted = [...times].sort((a, b) => a - b);
  if (sorted.length < 20) return sorted.length;
  const from = Math.floor(sorted.length * low);
  const to = Math.ceil(sorted.length * high) - 1;
  return (to - from) / ((sorted[to] - sorted[from]) / 1000);
}

/** The most requests in any closed window of `ms` (Meta counts both ends). */
function peakInWindow(times, ms) {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] > ms) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

/** How many requests completed a one-second window holding more than `level` requests. */
function windowsAbove(times, level) {
  const sorted = [...times].sort((a, b) => a - b);
  let count = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] > 1000) start++;
    if (end - start + 1 > level) count++;
  }
  return count;
}

/** From requestedAt (the enqueue) to the sender's record of Meta's acceptance, from the records queue. */
async function timesInQueue(channelIds) {
  const waits = [];
  const total = await records.getJobCountByTypes('waiting', 'prioritized', 'completed');
  for (let start = 0; start < total; start += 5000) {
    const jobs = await records.getJobs(['waiting', 'prioritized', 'completed'], start, start + 4999, true);
    for (const job of jobs) {
      const data = job?.data;
      if (data?.outcome === 'sent' && channelIds.has(data.message?.channelId)) waits.push(Date.parse(data.at) - Date.parse(data.message.requestedAt));
    }
  }
  return waits.sort((a, b) => a - b);
}

function percentile(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function seconds(ms) {
  return Number.isNaN(ms) ? '–' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

async function emulatorCall(method, route, body) {
  const response = await fetch(emulator.url + route, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

function log(message) {
  console.log(`[${((Date.now() - startedAt) / 1000).toFixed(1)} s] ${message}`);
}

function parseArgs(argv) {
  const parsed = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) continue;
    const key = argv[i].slice(2);
    const next = argv[i + 1];
    parsed[key] = next === undefined || next.startsWith('--') ? true : next;
    if (parsed[key] === next) i++;
  }
  return parsed;
}
