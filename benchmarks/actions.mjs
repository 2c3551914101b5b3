#!/usr/bin/env node
// Benchmark of the action engine, end to end through the emulator: the time
// from "tap webhook accepted" (the gateway answered 200 to the emulator's
// signed webhook: its deliveredAt in the emulator's webhook log) to "reply
// accepted by the emulator" (its outbox receivedAt; same clock),
// with taps offered at a steady rate (default 100/s for 10 s), each by its own
// customer, on a button whose action replies with a text. Target: p99 < 250 ms.
//
// Baseline, measured in the same run at the same rate: the plain send path
// (POST /v1/messages sent → accepted by the emulator), i.e. the part of the
// tap-to-reply path that is not the webhook, store and engine. A breakdown by
// stage (from the jobs BullMQ keeps) and the engine's own per-event timings
// follow.
//
// It builds and runs the five services (gateway, store, sender, action-engine,
// cloud-api-emulator) from dist/ against a scratch database and queue prefix.
// The emulator posts webhooks straight to the gateway, and the moments come
// from its logs afterwards (GET /_emulator/webhooks, /_emulator/outbox), so
// nothing extra runs on the measured path or takes CPU from the services.
//
//   npm run bench actions            (node benchmarks/actions.mjs [--rate 100] [--seconds 10] [--no-build])
//
// Environment: REDIS_URL (default redis://127.0.0.1:6379), WABUS_BENCH_ADMIN_DATABASE_URL.
import { randomBytes, randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { build, callJson, emulatorOutbox, REDIS_URL, reportResult, scratch, sleep, startService, table, until } from './_harness.mjs';

const args = parseArgs(process.argv.slice(2));
const RATE = Number(args.rate ?? 100);
const SECONDS = Number(args.seconds ?? 10);
const TAPS = RATE * SECONDS;
const TARGET_P99_MS = 250;
const SERVICES = ['cloud-api-emulator', 'gateway', 'store', 'sender', 'action-engine'];
const REPLY = 'Thanks, we got your answer.';
const log = (text) => process.stdout.write(`bench actions: ${text}\n`);

const env = await scratch();
const apiKey = `wabus_bench_${randomBytes(16).toString('hex')}`;
const running = [];
const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });

try {
  if (!args['no-build']) {
    log(`building ${SERVICES.join(', ')}…`);
    build(SERVICES);
  }
  await main();
} catch (error) {
  console.error(`bench actions: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
} finally {
  for (const service of running.reverse()) await service.stop().catch(() => undefined);
  redis.disconnect();
  await env.cleanup();
}

async function main() {
  const common = { DATABASE_URL: env.databaseUrl, REDIS_URL, WABUS_QUEUE_PREFIX: env.queuePrefix, WABUS_ALLOW_PRIVATE_URLS: 'true' };
  const emulator = await startService('cloud-api-emulator', common);
  running.push(emulator);
  const gateway = await startService('gateway', { ...common, WABUS_BOOTSTRAP_API_KEY: apiKey });
  running.push(gateway);
  const store = await startService('store', common);
  running.push(store);
  running.push(await startService('sender', common));
  const engine = await startService('action-engine', common);
  running.push(engine);

  const api = (method, path, body) => callJson(gateway.url, method, path, body, { authorization: `Bearer ${apiKey}` });
  const emu = (method, path, body) => callJson(emulator.url, method, path, body);
  const n = Date.now() % 1e9;
  const number = { phoneNumberId: `61${n}`, wabaId: `62${n}`, accessToken: `token-${randomUUID()}`, appSecret: `secret-${randomUUID()}`, verifyToken: `verify-${n}` };
  const channel = await api('POST', '/v1/channels', { name: 'bench', ...number, graphBaseUrl: emulator.url, apiVersion: 'v21.0', throughputMps: 1000 });
  if (channel.status !== 201) throw new Error(`channel: ${channel.status} ${JSON.stringify(channel.json)}`);
  const channelId = channel.json.id;
  await emu('POST', '/_emulator/phone-numbers', { ...number, throughputMps: 1000, webhookUrl: `${gateway.url}/webhooks/whatsapp/${channelId}` });
  const action = await api('POST', '/v1/button-actions', { name: 'bench reply', buttonId: 'bench-yes', channelId, type: 'send_message', config: { text: REPLY } });
  if (action.status !== 201) throw new Error(`button action: ${action.status} ${JSON.stringify(action.json)}`);

  const tappers = customers(TAPS, 1);
  const senders = customers(TAPS, 2);
  log(`opening the 24-hour window of ${tappers.length + senders.length} customers…`);
  await pool([...tappers, ...senders], 50, (phone) => emu('POST', '/_emulator/inbound', { phoneNumberId: number.phoneNumberId, from: phone, type: 'text', text: { body: 'hello' } }));
  await waitForIdle();

  log(`sending ${TAPS} messages with a reply button…`);
  const interactive = { type: 'button', body: { text: 'Did you get your order?' }, action: { buttons: [{ type: 'reply', reply: { id: 'bench-yes', title: 'Yes' } }] } };
  await pool(tappers, 50, (phone) => api('POST', '/v1/messages', { channelId, to: `+${phone}`, type: 'interactive', interactive }));
  const asked = await until(async () => {
    const rows = await emulatorOutbox(emu, number.phoneNumberId);
    const byRecipient = new Map(rows.filter((row) => row.verdict === 'accepted' && row.body?.type === 'interactive').map((row) => [digits(row.to), row.id]));
    return byRecipient.size >= TAPS ? byRecipient : null;
  }, 120_000, 'every question accepted by the emulator');
  await waitForIdle();

  log(`baseline: ${TAPS} texts through POST /v1/messages at ${RATE}/s…`);
  const submittedAt = new Map();
  await paced(senders, async (phone) => {
    const started = Date.now();
    const answer = await api('POST', '/v1/messages', { channelId, to: `+${phone}`, type: 'text', text: { body: 'baseline' } });
    if (answer.status === 202) submittedAt.set(phone, started);
  });
  const baselineRows = await until(async () => {
    const rows = (await emulatorOutbox(emu, number.phoneNumberId)).filter((row) => row.body?.text?.body === 'baseline' && row.verdict === 'accepted');
    return rows.length >= submittedAt.size ? rows : null;
  }, 120_000, 'every baseline text accepted');
  const baseline = baselineRows.map((row) => Date.parse(row.receivedAt) - submittedAt.get(digits(row.to))).filter(Number.isFinite);
  await waitForIdle();

  log(`taps: ${TAPS} at ${RATE}/s…`);
  const storeBefore = await storeTransactions(store.url);
  await paced(tappers, (phone) => emu('POST', '/_emulator/click', { phoneNumberId: number.phoneNumberId, from: phone, messageId: asked.get(phone), buttonId: 'bench-yes' }));
  const replies = await until(async () => {
    const rows = (await emulatorOutbox(emu, number.phoneNumberId)).filter((row) => row.body?.text?.body === REPLY && row.verdict === 'accepted');
    return rows.length >= TAPS ? rows : null;
  }, 120_000, 'every reply accepted by the emulator');
  const storeDuring = transactionsBetween(storeBefore, await storeTransactions(store.url));
  const accepted = await tapsAccepted(emu, number.phoneNumberId);
  if (accepted.size < TAPS) log(`only ${accepted.size} of ${TAPS} taps are in the emulator's webhook log (it answers this number's last 20,000 deliveries)`);
  const latencies = replies.map((row) => Date.parse(row.receivedAt) - (accepted.get(digits(row.to)) ?? NaN)).filter(Number.isFinite);

  const stages = await breakdown(accepted, replies);
  const tapStats = stats(latencies);
  const baseStats = stats(baseline);
  console.log(
    table([
      { path: 'tap webhook accepted → reply accepted by the emulator', samples: latencies.length, ...tapStats, target: `p99 < ${TARGET_P99_MS} ms` },
      { path: 'baseline: POST /v1/messages → accepted by the emulator', samples: baseline.length, ...baseStats, target: '' },
    ]),
  );
  console.log(table(stages.map(([path, values]) => ({ 'tap, stage by stage': path, samples: values.length, ...stats(values) }))));
  console.log(table(await engineTimes(engine.url)));
  console.log(table([storeDuring]));
  const baselineLabel = `POST /v1/messages → accepted by the emulator, ${RATE}/s`;
  reportResult({
    name: 'actions',
    title: `Button actions: ${TAPS} taps at ${RATE}/s, each answered by a send_message action (target p99 < ${TARGET_P99_MS} ms)`,
    rows: [
      { figure: 'tap webhook accepted → reply accepted by the emulator, p50', value: tapStats['p50 ms'], unit: 'ms', baseline: baseStats['p50 ms'], baselineLabel },
      { figure: 'tap webhook accepted → reply accepted by the emulator, p99', value: tapStats['p99 ms'], unit: 'ms', baseline: baseStats['p99 ms'], baselineLabel },
      { figure: 'taps answered', value: latencies.length, unit: 'taps', baseline: TAPS, baselineLabel: 'taps offered' },
    ],
    latency: { figure: `tap webhook accepted → reply accepted by the emulator, ${RATE} taps/s`, p50: tapStats['p50 ms'], p99: tapStats['p99 ms'], baseline: { label: baselineLabel, p50: baseStats['p50 ms'], p99: baseStats['p99 ms'] } },
  });
  const ok = latencies.length === TAPS && Number(tapStats['p99 ms']) < TARGET_P99_MS;
  log(`${ok ? 'PASS' : 'FAIL'}: p99 ${tapStats['p99 ms']} ms for ${latencies.length}/${TAPS} taps at ${RATE}/s (webhook, store and engine add p50 ${(Number(tapStats['p50 ms']) - Number(baseStats['p50 ms'])).toFixed(1)} ms to the send path)`);
  if (!ok) process.exitCode = 1;
}

/**
 * Where the time of a tap goes, from the jobs BullMQ keeps: webhook accepted →
 * interaction event queued (gateway + store) → picked and reply queued
 * (action engine) → reply picked and accepted by the emulator (sender).
 */
async function breakdown(accepted, replies) {
  const jobs = async (name) => {
    const queue = new Queue(name, { connection: redis, prefix: env.queuePrefix });
    const found = await queue.getJobs(['completed'], 0, 20_000);
    await queue.close();
    return found.filter(Boolean);
  };
  // A job carries a commit's events of one priority: the tap's is the job that holds its interaction.received.
  const events = new Map(
    (await jobs('events')).flatMap((job) => (job.data?.events ?? []).filter((event) => event.type === 'interaction.received').map((event) => [digits(event.data?.phone), job])),
  );
  const sends = new Map((await jobs('outbound')).filter((job) => job.data?.payload?.body === REPLY).map((job) => [digits(job.data.to), job]));
  // The inbound job that carried each tap (its body names the tapping customer).
  const inbound = new Map();
  for (const job of await jobs('inbound')) {
    const envelope = JSON.parse(job.data?.body ?? '{}');
    for (const entry of envelope.entry ?? []) {
      for (const change of entry.changes ?? []) for (const message of change.value?.messages ?? []) if (message.type === 'interactive') inbound.set(digits(message.from), job);
    }
  }
  const stages = [
    ['webhook accepted → event queued (gateway, store)', []],
    ['  of which: inbound job added → picked by the store (queue wait)', []],
    ['  of which: picked by the store → event queued (write, commit, publish)', []],
    ['event queued → picked by the action engine (queue wait)', []],
    ['event picked → reply queued (action engine)', []],
    ['reply queued → picked by the sender (queue wait)', []],
    ['reply picked → accepted by the emulator (sender, HTTP)', []],
    ['event picked → run recorded (action engine, off the reply path)', []],
  ];
  for (const row of replies) {
    const phone = digits(row.to);
    const event = events.get(phone);
    const send = sends.get(phone);
    if (!event || !send || !accepted.has(phone)) continue;
    stages[0][1].push(event.timestamp - accepted.get(phone));
    const carried = inbound.get(phone);
    if (carried) {
      stages[1][1].push(carried.processedOn - carried.timestamp);
      stages[2][1].push(event.timestamp - carried.processedOn);
    }
    stages[3][1].push(event.processedOn - event.timestamp);
    stages[4][1].push(send.timestamp - event.processedOn);
    stages[5][1].push(send.processedOn - send.timestamp);
    stages[6][1].push(Date.parse(row.receivedAt) - send.processedOn);
    stages[7][1].push(event.finishedOn - event.processedOn);
  }
  return stages;
}

/** The action engine's own account of its work: mean time per event type (its /metrics). */
async function engineTimes(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const read = (suffix) =>
    new Map([...text.matchAll(new RegExp(`^wabus_action_engine_event_seconds_${suffix}\\{[^}]*type="([^"]+)"[^}]*\\} (\\S+)$`, 'gm'))].map((match) => [match[1], Number(match[2])]));
  const sums = read('sum');
  const counts = read('count');
  return [...counts.entries()].map(([type, count]) => ({ 'action-engine: event type': type, handled: count, 'mean ms': ((1000 * (sums.get(type) ?? 0)) / count).toFixed(2) }));
}

/** The store's message-log transactions so far (its /metrics): how many, their time and their items. */
async function storeTransactions(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const read = (name) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { count: read('wabus_store_batch_seconds_count'), seconds: read('wabus_store_batch_seconds_sum'), items: read('wabus_store_batch_items_sum') };
}

/** The store's transactions between two readings, from the taps' start until every reply was accepted. */
function transactionsBetween(before, after) {
  const count = after.count - before.count;
  return {
    'store: transactions during the taps': count,
    'mean ms': count ? ((1000 * (after.seconds - before.seconds)) / count).toFixed(1) : '-',
    'mean items': count ? ((after.items - before.items) / count).toFixed(1) : '-',
  };
}

/**
 * When the gateway accepted each customer's tap, by their digits: the first
 * webhook POST it answered 200 that carried an interactive message from them,
 * as the emulator logged it (GET /_emulator/webhooks).
 */
async function tapsAccepted(emu, phoneNumberId) {
  const answer = await emu('GET', `/_emulator/webhooks?phoneNumberId=${phoneNumberId}&limit=20000`);
  if (answer.status !== 200) throw new Error(`webhook log: ${answer.status} ${answer.text}`);
  const accepted = new Map();
  for (const delivery of answer.json.data) {
    for (const message of delivery.messages) {
      if (message.type === 'interactive' && !accepted.has(digits(message.from))) accepted.set(digits(message.from), delivery.deliveredAtMs);
    }
  }
  return accepted;
}

/** Runs `work` for each item at RATE per second (not waiting for one to finish before starting the next). */
async function paced(items, work) {
  const started = Date.now();
  const pending = [];
  for (const [index, item] of items.entries()) {
    const due = started + (index * 1000) / RATE;
    if (due > Date.now()) await sleep(due - Date.now());
    pending.push(work(item));
  }
  await Promise.all(pending);
}

async function pool(items, concurrency, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** Waits until the queues of the run have no work left (webhooks, statuses and sends of the previous phase). */
async function waitForIdle() {
  const queues = ['inbound', 'records', 'events', 'outbound', 'callbacks'].map((name) => new Queue(name, { connection: redis, prefix: env.queuePrefix }));
  await until(async () => {
    const counts = await Promise.all(queues.map((queue) => queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')));
    return counts.every((count) => Object.values(count).every((value) => value === 0));
  }, 120_000, 'the queues to drain');
  await sleep(1500); // the emulator's delivered/read statuses trail the sends
  await Promise.all(queues.map((queue) => queue.close()));
}

function customers(count, series) {
  return Array.from({ length: count }, (_, index) => `23480${series}${String(index).padStart(7, '0')}`);
}




function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN);
  return { 'p50 ms': at(0.5).toFixed(1), 'p90 ms': at(0.9).toFixed(1), 'p99 ms': at(0.99).toFixed(1), 'max ms': (sorted.at(-1) ?? NaN).toFixed(1) };
}

function digits(text) {
  return String(text ?? '').replace(/\D/g, '');
}

function parseArgs(argv) {
  const parsed = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z-]+)$/.exec(argv[i]);
    if (!match) continue;
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      parsed[match[1]] = next;
      i++;
    } else parsed[match[1]] = true;
  }
  return parsed;
}
