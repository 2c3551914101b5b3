#!/usr/bin/env node
// The whole product path through the real built services (gateway, store,
// sender, action-engine and the cloud-api-emulator as Meta), each a child
// process on a scratch database and queue prefix:
//
//   inbound:  signed webhooks, one text message each, posted to the gateway at
//             a steady rate → the message row visible in PostgreSQL;
//   outbound: POST /v1/messages at a steady rate → accepted by the emulator →
//             its status webhooks back through the gateway → `read` stored.
//
// Baselines measured in the same run: the emulator alone taking direct Graph
// API sends (its raw capacity, closed loop), a bare BullMQ producer → worker
// round trip at the inbound rate, and a bare BullMQ worker doing the emulator
// call at the outbound rate (the sender bench's baseline worker).
//
//   npm run bench end-to-end          (node benchmarks/end-to-end.mjs [--no-build])
//
// Environment: BENCH_DURATION_S (each steady phase, default 15),
// BENCH_BASELINE_S (each baseline, default a third of that, at least 3),
// BENCH_WARMUP_S (unmeasured load at the same rate before each phase, default 2),
// BENCH_INBOUND_RATE (webhooks/s, default 200), BENCH_OUTBOUND_RATE (sends/s,
// default 100), BENCH_ACTION_ENGINE=false (leave the action engine out),
// REDIS_URL, WABUS_BENCH_ADMIN_DATABASE_URL.
import { spawn } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import pg from 'pg';
import { build, callJson, emulatorOutbox, REDIS_URL, reportResult, root, scratch, sleep, startService, table, until } from './_harness.mjs';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 15);
const BASELINE_S = Number(process.env.BENCH_BASELINE_S ?? Math.max(3, Math.ceil(DURATION_S / 3)));
const INBOUND_RATE = Number(process.env.BENCH_INBOUND_RATE ?? 200);
const OUTBOUND_RATE = Number(process.env.BENCH_OUTBOUND_RATE ?? 100);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 2);
const WITH_ENGINE = process.env.BENCH_ACTION_ENGINE !== 'false';
const SERVICES = ['cloud-api-emulator', 'gateway', 'store', 'sender', ...(WITH_ENGINE ? ['action-engine'] : [])];
const QUEUES = ['inbound', 'records', 'events', 'outbound', 'callbacks'];
// The emulator's status delays after acceptance (its defaults, set explicitly so the read path can be split off).
const STATUS_DELAYS_MS = { sent: 50, delivered: 100, read: 150 };
const UNLIMITED = 10_000_000;
const TEMPLATE = { name: 'bench_notice', language: 'en', category: 'UTILITY', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hello {{1}}, your order is ready.' }] };
const startedAt = Date.now();
const log = (text) => process.stdout.write(`bench end-to-end [${((Date.now() - startedAt) / 1000).toFixed(0)} s]: ${text}\n`);

const env = await scratch();
const apiKey = `wabus_bench_${randomBytes(16).toString('hex')}`;
const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
const running = [];
let db;

try {
  if (!process.argv.includes('--no-build')) {
    log(`building ${SERVICES.join(', ')}…`);
    build(SERVICES);
  }
  await main();
} catch (error) {
  console.error(`bench end-to-end: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
} finally {
  for (const service of running.reverse()) await service.stop().catch(() => undefined);
  await db?.end().catch(() => undefined);
  redis.disconnect();
  await env.cleanup();
}

async function main() {
  const common = { DATABASE_URL: env.databaseUrl, REDIS_URL, WABUS_QUEUE_PREFIX: env.queuePrefix, WABUS_ALLOW_PRIVATE_URLS: 'true', LOG_LEVEL: 'error' };
  log(`starting ${SERVICES.join(', ')}…`);
  const emulator = await startService('cloud-api-emulator', common);
  running.push(emulator);
  // The gateway first: it creates and migrates the scratch database.
  const gateway = await startService('gateway', { ...common, WABUS_BOOTSTRAP_API_KEY: apiKey });
  running.push(gateway);
  for (const app of SERVICES.slice(2)) running.push(await startService(app, common));
  db = new pg.Pool({ connectionString: env.databaseUrl, max: 2 });
  const api = (method, route, body) => callJson(gateway.url, method, route, body, { authorization: `Bearer ${apiKey}` });
  const emu = (method, route, body) => callJson(emulator.url, method, route, body);

  const n = Date.now() % 1e9;
  const number = { phoneNumberId: `71${n}`, wabaId: `72${n}`, accessToken: `token-${randomUUID()}`, appSecret: `secret-${randomUUID()}`, verifyToken: `verify-${n}` };
  const channel = await api('POST', '/v1/channels', { name: 'bench', ...number, graphBaseUrl: emulator.url, apiVersion: 'v21.0', throughputMps: 1000 });
  if (channel.status !== 201) throw new Error(`channel: ${channel.status} ${JSON.stringify(channel.json)}`);
  const channelId = channel.json.id;
  const webhookUrl = `${gateway.url}/webhooks/whatsapp/${channelId}`;
  await emu('POST', '/_emulator/phone-numbers', { ...number, webhookUrl, throughputMps: 1000, statusDelaysMs: STATUS_DELAYS_MS });
  // The baselines' numbers (one each: the emulator keeps an outbox per number): no limits, no status webhooks, a template so no send needs an open window.
  const bareNumber = async (prefix) => {
    const bare = { phoneNumberId: `${prefix}${n}`, wabaId: `${prefix + 1}${n}`, accessToken: `token-${randomUUID()}` };
    await emu('POST', '/_emulator/phone-numbers', {
      ...bare,
      appSecret: 'unused',
      verifyToken: 'unused',
      webhookUrl: 'http://127.0.0.1:9/unused',
      throughputMps: UNLIMITED,
      pairRateLimit: { capacity: UNLIMITED, refillIntervalMs: 1 },
      statusDelaysMs: { sent: null, delivered: null, read: null },
    });
    await emu('POST', '/_emulator/templates', { wabaId: bare.wabaId, templates: [TEMPLATE] });
    return bare;
  };
  log(`machine: ${cpus().length} cores, load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}; ${SERVICES.length} services, Redis and PostgreSQL on it`);

  log(`baseline: the emulator alone, direct Graph API sends, 50 connections for ${BASELINE_S} s…`);
  const emulatorAlone = await emulatorCapacity(emulator.url, await bareNumber(73));
  log(`baseline: bare BullMQ producer → worker round trip at ${INBOUND_RATE}/s for ${BASELINE_S} s…`);
  const roundTrip = await bareRoundTrip();
  log(`baseline: bare BullMQ worker → emulator at ${OUTBOUND_RATE}/s for ${BASELINE_S} s…`);
  const bareSend = await bareSends(emulator.url, emu, await bareNumber(75));

  if (WARMUP_S > 0) {
    log(`inbound: warm-up, ${INBOUND_RATE} signed webhooks/s for ${WARMUP_S} s…`);
    await inboundPhase(webhookUrl, number, WARMUP_S, 1);
    await waitForIdle();
  }
  log(`inbound: ${INBOUND_RATE} signed webhooks/s for ${DURATION_S} s…`);
  const inbound = await inboundPhase(webhookUrl, number, DURATION_S, 2);

  const warmups = Math.ceil(OUTBOUND_RATE * WARMUP_S);
  const customers = Array.from({ length: warmups + Math.ceil(OUTBOUND_RATE * DURATION_S) }, (_, i) => `23481${String(i).padStart(8, '0')}`);
  log(`opening the 24-hour window of ${customers.length} customers (through the emulator and the whole inbound path, not measured)…`);
  await pool(customers, 20, async (phone) => {
    const answer = await emu('POST', '/_emulator/inbound', { phoneNumberId: number.phoneNumberId, from: phone, type: 'text', text: { body: 'hello' } });
    if (answer.status >= 300) throw new Error(`inbound for ${phone}: ${answer.status} ${JSON.stringify(answer.json)}`);
  });
  await waitForIdle();
  if (warmups > 0) {
    log(`outbound: warm-up, ${OUTBOUND_RATE} POST /v1/messages/s for ${WARMUP_S} s…`);
    await outboundPhase(api, emu, channelId, number, customers.slice(0, warmups));
    await waitForIdle();
  }
  log(`outbound: ${OUTBOUND_RATE} POST /v1/messages/s for ${DURATION_S} s…`);
  const outbound = await outboundPhase(api, emu, channelId, number, customers.slice(warmups));

  printAndReport({ emulatorAlone, roundTrip, bareSend, inbound, outbound });
}

// ── baselines ───────────────────────────────────────────────────────────────

/** Closed loop, as the emulator bench drives it: how many direct sends per second the emulator takes on this machine. */
async function emulatorCapacity(url, bare) {
  let i = 0;
  const fire = (duration) =>
    autocannon({
      url,
      connections: 50,
      duration,
      requests: [
        {
          method: 'POST',
          path: `/v21.0/${bare.phoneNumberId}/messages`,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${bare.accessToken}` },
          setupRequest: (request) => ({ ...request, body: JSON.stringify(templateSend(`+2348${String(100_000_000 + (i++ % 100_000))}`, i)) }),
        },
      ],
    });
  await fire(1); // warm-up, not measured
  const result = await fire(BASELINE_S);
  return { rate: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, failed: result.non2xx + result.errors + result.timeouts };
}

/** A no-op BullMQ worker in its own process; jobs added at INBOUND_RATE; add → processed, from the times BullMQ keeps. */
async function bareRoundTrip() {
  const worker = await startWorker(
    ['--input-type=module', '-e', `import { Worker } from 'bullmq';
     import IORedis from 'ioredis';
     const connection = new IORedis(process.env.REDIS_URL, { maxRetriesPerRequest: null });
     const worker = new Worker('bench-round-trip', async () => 'ok', { connection, prefix: process.env.BENCH_PREFIX, concurrency: 50 });
     await worker.waitUntilReady();
     process.stdout.write('ready\\n');
     process.once('SIGTERM', async () => { await worker.close(); connection.disconnect(); process.exit(0); });`],
  );
  const queue = new Queue('bench-round-trip', { connection: redis, prefix: env.queuePrefix });
  try {
    const count = Math.ceil(INBOUND_RATE * BASELINE_S);
    await paced(count, INBOUND_RATE, (index) => queue.add('ping', { index }, { removeOnComplete: false }));
    const jobs = await until(async () => {
      const done = (await queue.getJobs(['completed'], 0, count)).filter(Boolean);
      return done.length >= count ? done : null;
    }, 60_000, 'every round-trip job completed');
    return stats(jobs.map((job) => job.finishedOn - job.timestamp));
  } finally {
    await queue.close();
    await worker.stop();
  }
}

/** The sender bench's bare worker (no limits, checks or records) doing the Graph call for jobs added at OUTBOUND_RATE: enqueue → emulator accepted. */
async function bareSends(emulatorUrl, emu, bare) {
  const worker = await startWorker([path.join(root, 'benchmarks/_sender-baseline-worker.mjs')], { BENCH_QUEUE: 'bench-send', BENCH_EMULATOR_URL: emulatorUrl, BENCH_CONCURRENCY: '50', BENCH_LIMITER_MAX: '0' });
  const queue = new Queue('bench-send', { connection: redis, prefix: env.queuePrefix });
  const enqueuedAt = new Map();
  try {
    const count = Math.ceil(OUTBOUND_RATE * BASELINE_S);
    await paced(count, OUTBOUND_RATE, async (index) => {
      const to = `2349${100_000_000 + index}`;
      enqueuedAt.set(to, Date.now());
      await queue.add('send', { phoneNumberId: bare.phoneNumberId, token: bare.accessToken, body: templateSend(`+${to}`, index) }, { removeOnComplete: 1000 });
    });
    const rows = await until(async () => {
      const accepted = (await emulatorOutbox(emu, bare.phoneNumberId)).filter((row) => row.verdict === 'accepted' && enqueuedAt.has(digits(row.to)));
      return accepted.length >= count ? accepted : null;
    }, 60_000, 'every bare send accepted by the emulator');
    return stats(rows.map((row) => Date.parse(row.receivedAt) - enqueuedAt.get(digits(row.to))));
  } finally {
    await queue.close();
    await worker.stop();
  }
}

// ── the product path ────────────────────────────────────────────────────────

/** Signed deliveries of one inbound text each (customers of `series`), at INBOUND_RATE; each message's row polled for in PostgreSQL. */
async function inboundPhase(webhookUrl, number, seconds, series) {
  const count = Math.ceil(INBOUND_RATE * seconds);
  const postedAt = new Map();
  const answered = [];
  const refused = [];
  const watch = watchRows(`SELECT wa_message_id AS key FROM messages WHERE wa_message_id = ANY($1)`);
  const offered = await paced(count, INBOUND_RATE, async (index) => {
    const wamid = `wamid.bench${randomBytes(12).toString('hex')}`;
    const from = `447${series}${String(index).padStart(8, '0')}`;
    const body = inboundDelivery(number, from, wamid, index);
    postedAt.set(wamid, Date.now());
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', number.appSecret).update(body).digest('hex')}` },
      body,
    });
    await response.arrayBuffer();
    answered.push(Date.now() - postedAt.get(wamid));
    if (response.ok) watch.add(wamid);
    else refused.push(response.status);
  });
  if (refused.length > 0) throw new Error(`the gateway refused ${refused.length} of ${count} webhooks (HTTP ${[...new Set(refused)].join(', ')})`);
  const visibleAt = await watch.done(60_000, 'every inbound message row visible');
  const latencies = [...visibleAt].map(([wamid, at]) => at - postedAt.get(wamid));
  return { count, offered, sustained: rateOf([...visibleAt.values()]), answered: stats(answered), ...stats(latencies) };
}

/** POST /v1/messages at OUTBOUND_RATE, one customer each; the emulator's outbox and the `read` status in PostgreSQL. */
async function outboundPhase(api, emu, channelId, number, customers) {
  const acceptedAt = new Map(); // phone → time of the 202
  const idOf = new Map(); // message id → phone
  const answered = [];
  const refused = [];
  const watch = watchRows(`SELECT id::text AS key FROM messages WHERE id = ANY($1::uuid[]) AND status = 'read'`);
  const offered = await paced(customers.length, OUTBOUND_RATE, async (index) => {
    const phone = customers[index];
    const posted = Date.now();
    const answer = await api('POST', '/v1/messages', { channelId, to: `+${phone}`, type: 'text', text: { body: `Your order ${index} is on its way.` } });
    if (answer.status !== 202) return void refused.push(answer.status);
    acceptedAt.set(phone, Date.now());
    answered.push(Date.now() - posted);
    idOf.set(answer.json.id, phone);
    watch.add(answer.json.id);
  });
  if (refused.length > 0) throw new Error(`the API refused ${refused.length} of ${customers.length} sends (HTTP ${[...new Set(refused)].join(', ')})`);
  const readAt = await watch.done(90_000, 'every message read');
  const rows = (await emulatorOutbox(emu, number.phoneNumberId)).filter((row) => row.verdict === 'accepted' && row.body?.type === 'text' && acceptedAt.has(digits(row.to)));
  const emulatorAt = new Map(rows.map((row) => [digits(row.to), Date.parse(row.receivedAt)]));
  const toEmulator = [...emulatorAt].map(([phone, at]) => at - acceptedAt.get(phone));
  const toRead = [...readAt].map(([id, at]) => at - acceptedAt.get(idOf.get(id)));
  // When the emulator posted the read webhook: its acceptance plus the read delay.
  const readWebhookToStored = [...readAt].map(([id, at]) => at - (emulatorAt.get(idOf.get(id)) + STATUS_DELAYS_MS.read)).filter(Number.isFinite);
  return {
    count: customers.length,
    offered,
    apiRate: rateOf([...acceptedAt.values()]),
    answered: stats(answered),
    emulatorRate: rateOf([...emulatorAt.values()]),
    readRate: rateOf([...readAt.values()]),
    toEmulator: stats(toEmulator),
    toRead: stats(toRead),
    readWebhook: stats(readWebhookToStored),
  };
}

function inboundDelivery(number, from, wamid, index) {
  const metadata = { display_phone_number: '15550783881', phone_number_id: number.phoneNumberId };
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: number.wabaId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata,
              contacts: [{ profile: { name: `Customer ${index}` }, wa_id: from }],
              messages: [{ from, id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: `Hello, is order ${index} on its way?` } }],
            },
          },
        ],
      },
    ],
  });
}

function templateSend(to, index) {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'template',
    template: { name: TEMPLATE.name, language: { code: TEMPLATE.language }, components: [{ type: 'body', parameters: [{ type: 'text', text: `customer ${index}` }] }] },
  };
}

// ── the report ──────────────────────────────────────────────────────────────

function printAndReport({ emulatorAlone, roundTrip, bareSend, inbound, outbound }) {
  const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
  const ratio = (value, baseline) => (Number.isFinite(value) && baseline ? (value / baseline).toFixed(2) : '–');
  const roundTripLabel = `bare BullMQ producer → worker, ${INBOUND_RATE}/s`;
  const bareSendLabel = `bare BullMQ worker → emulator, ${OUTBOUND_RATE}/s`;
  const emulatorLabel = 'the emulator alone, direct Graph API sends (50 connections)';
  const rows = [
    { figure: `inbound: messages stored/s (${inbound.count} webhooks)`, value: inbound.sustained, unit: 'msg/s', baseline: inbound.offered, baselineLabel: 'the offered rate', chart: true },
    { figure: 'inbound: webhook posted → message row visible, p50', value: inbound.p50, unit: 'ms', baseline: roundTrip.p50, baselineLabel: roundTripLabel },
    { figure: 'inbound: webhook posted → message row visible, p99', value: inbound.p99, unit: 'ms', baseline: roundTrip.p99, baselineLabel: roundTripLabel },
    { figure: 'inbound: webhook posted → 200 from the gateway, p50', value: inbound.answered.p50, unit: 'ms' },
    { figure: 'inbound: webhook posted → 200 from the gateway, p99', value: inbound.answered.p99, unit: 'ms' },
    { figure: 'outbound: POST /v1/messages answered 202/s', value: outbound.apiRate, unit: 'sends/s', baseline: outbound.offered, baselineLabel: 'the offered rate' },
    { figure: 'outbound: POST /v1/messages → 202, p50', value: outbound.answered.p50, unit: 'ms' },
    { figure: 'outbound: POST /v1/messages → 202, p99', value: outbound.answered.p99, unit: 'ms' },
    { figure: `outbound: sends/s accepted by the emulator (${outbound.count} sends)`, value: outbound.emulatorRate, unit: 'sends/s', baseline: outbound.offered, baselineLabel: 'the offered rate', chart: true },
    { figure: 'outbound: the same, against the emulator alone', value: outbound.emulatorRate, unit: 'sends/s', baseline: emulatorAlone.rate, baselineLabel: emulatorLabel, chart: true },
    { figure: 'outbound: reads stored/s', value: outbound.readRate, unit: 'reads/s', baseline: outbound.offered, baselineLabel: 'the offered rate' },
    { figure: 'outbound: API 202 → accepted by the emulator, p50', value: outbound.toEmulator.p50, unit: 'ms', baseline: bareSend.p50, baselineLabel: bareSendLabel },
    { figure: 'outbound: API 202 → accepted by the emulator, p99', value: outbound.toEmulator.p99, unit: 'ms', baseline: bareSend.p99, baselineLabel: bareSendLabel },
    { figure: `outbound: API 202 → read stored, p50 (the emulator reads after ${STATUS_DELAYS_MS.read} ms)`, value: outbound.toRead.p50, unit: 'ms' },
    { figure: 'outbound: API 202 → read stored, p99', value: outbound.toRead.p99, unit: 'ms' },
    { figure: 'outbound: read webhook posted → read stored, p50', value: outbound.readWebhook.p50, unit: 'ms', baseline: roundTrip.p50, baselineLabel: roundTripLabel },
    { figure: 'outbound: read webhook posted → read stored, p99', value: outbound.readWebhook.p99, unit: 'ms', baseline: roundTrip.p99, baselineLabel: roundTripLabel },
    { figure: 'emulator alone: direct sends p50 / p99', value: emulatorAlone.p50, unit: 'ms', baseline: null, ratio: null },
  ];
  console.log(`\nend to end: ${DURATION_S} s per steady phase, ${BASELINE_S} s per baseline; ${SERVICES.join(', ')}; load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}\n`);
  console.log(
    table(
      rows.slice(0, -1).map((row) => ({
        figure: row.figure,
        wabus: `${fixed(row.value)} ${row.unit}`,
        baseline: row.baseline === undefined ? '–' : `${fixed(row.baseline)} ${row.unit}`,
        ratio: ratio(row.value, row.baseline),
        'baseline is': row.baselineLabel ?? '',
      })),
    ),
  );
  console.log(`\nthe emulator alone: ${fixed(emulatorAlone.rate, 0)} sends/s, p50 ${emulatorAlone.p50} ms, p99 ${emulatorAlone.p99} ms, ${emulatorAlone.failed} failed`);
  reportResult({
    name: 'end-to-end',
    title: `End to end through ${SERVICES.join(', ')}: ${INBOUND_RATE} inbound webhooks/s and ${OUTBOUND_RATE} sends/s, ${DURATION_S} s each`,
    rows: rows.slice(0, -1),
    latency: [
      { figure: `inbound: webhook posted → message row visible, ${INBOUND_RATE}/s`, p50: inbound.p50, p99: inbound.p99, baseline: { label: roundTripLabel, p50: roundTrip.p50, p99: roundTrip.p99 } },
      { figure: `outbound: API 202 → accepted by the emulator, ${OUTBOUND_RATE}/s`, p50: outbound.toEmulator.p50, p99: outbound.toEmulator.p99, baseline: { label: bareSendLabel, p50: bareSend.p50, p99: bareSend.p99 } },
      { figure: `outbound: read webhook posted → read stored, ${OUTBOUND_RATE}/s`, p50: outbound.readWebhook.p50, p99: outbound.readWebhook.p99, baseline: { label: roundTripLabel, p50: roundTrip.p50, p99: roundTrip.p99 } },
    ],
  });
}

// ── plumbing ────────────────────────────────────────────────────────────────

/**
 * Polls PostgreSQL for the keys added (rows show up roughly in the order
 * offered, so asking about the oldest few hundred keeps the poll's own load
 * small) and notes when each first answered.
 */
function watchRows(sql) {
  const pending = [];
  const seenAt = new Map();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const probe = pending.slice(0, 300);
      if (probe.length > 0) {
        const { rows } = await db.query(sql, [probe]);
        const now = Date.now();
        for (const row of rows) seenAt.set(row.key, now);
        for (let i = pending.length - 1; i >= 0; i--) if (seenAt.has(pending[i])) pending.splice(i, 1);
      }
      await sleep(10);
    }
  })();
  return {
    add: (key) => pending.push(key),
    async done(timeoutMs, what) {
      const deadline = Date.now() + timeoutMs;
      while (pending.length > 0 && Date.now() < deadline) await sleep(50);
      stopped = true;
      await loop;
      if (pending.length > 0) throw new Error(`${what}: ${pending.length} still missing after ${timeoutMs / 1000} s`);
      return seenAt;
    },
  };
}

/** Calls `work(index)` `count` times at `rate` per second without waiting for one to finish; answers the rate actually offered. */
async function paced(count, rate, work) {
  const started = Date.now();
  const pending = [];
  for (let index = 0; index < count; index++) {
    const due = started + (index * 1000) / rate;
    if (due > Date.now()) await sleep(due - Date.now());
    pending.push(work(index));
  }
  const offeredMs = Date.now() - started;
  await Promise.all(pending);
  return count > 1 ? ((count - 1) * 1000) / offeredMs : count;
}

/** Completions per second between the first and the last. */
function rateOf(times) {
  if (times.length < 2) return NaN;
  const sorted = [...times].sort((a, b) => a - b);
  return ((sorted.length - 1) * 1000) / Math.max(1, sorted.at(-1) - sorted[0]);
}

async function pool(items, concurrency, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** A worker child process (node `argv`); resolves once it prints `ready`. */
async function startWorker(argv, extraEnv = {}) {
  const child = spawn(process.execPath, argv, {
    cwd: root,
    env: { ...process.env, REDIS_URL, BENCH_PREFIX: env.queuePrefix, ...extraEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`bench worker exited with ${code}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  };
  running.push({ stop });
  return { stop };
}

/** Waits until the run's queues have no work left, and the emulator's trailing statuses are in. */
async function waitForIdle() {
  const queues = QUEUES.map((name) => new Queue(name, { connection: redis, prefix: env.queuePrefix }));
  try {
    await until(async () => {
      const counts = await Promise.all(queues.map((queue) => queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')));
      return counts.every((count) => Object.values(count).every((value) => value === 0));
    }, 120_000, 'the queues to drain');
  } finally {
    await Promise.all(queues.map((queue) => queue.close()));
  }
  await sleep(500);
}




function stats(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const at = (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN);
  return { samples: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN };
}

function digits(text) {
  return String(text ?? '').replace(/\D/g, '');
}
