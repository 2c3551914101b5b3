#!/usr/bin/env node
// Benchmark of the store: webhook events persisted per second, and the time
// from "webhook accepted" (the inbound job is in Redis) to "row visible" in
// PostgreSQL, for a realistic mix (40 % inbound text messages, 60 % statuses
// sent/delivered/read of our earlier messages, ~10 items per delivery). In the
// same run, the same rows are written by raw multi-row `pg` INSERTs as a
// baseline, and the ratio is printed.
//
// It runs the built store (`dist/apps/store/main.js`; built first if missing,
// or always with --build) as a child process against a scratch database
// (wabus_bench_<random>, dropped at the end) and its own queue prefix.
//
//   node benchmarks/store.mjs [--deliveries 3000] [--rate 5000] [--seconds 6] [--build] [--metrics] [--store-output] [--profile <dir>]
//
// Environment: REDIS_URL (default redis://127.0.0.1:6379), WABUS_BENCH_ADMIN_DATABASE_URL
// (default postgres://postgres@127.0.0.1:5432/postgres).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import pg from 'pg';
import { reportResult } from './_harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = parseArgs(process.argv.slice(2));
const DELIVERIES = Number(args.deliveries ?? 3000); // capacity phase: ~10 items each
const RATE = Number(args.rate ?? 5000); // latency phase: events offered per second
const SECONDS = Number(args.seconds ?? 6); // latency phase duration
const ITEMS = { messages: 4, statuses: 6 }; // per delivery: 40 % messages, 60 % statuses
const USERS = 2000; // distinct customers writing in
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ADMIN_URL = process.env.WABUS_BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const runId = randomBytes(4).toString('hex');
const database = `wabus_bench_${runId}`;
const prefix = `{wabus-bench-${runId}}`;
const databaseUrl = withDatabase(ADMIN_URL, database);
const channel = { id: randomUUID(), phoneNumberId: `9${Date.now()}`, wabaId: `8${Date.now()}` };

const JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
  removeOnComplete: { count: 5000, age: 3600 },
  removeOnFail: { count: 20000, age: 7 * 24 * 3600 },
};

let store;
let seeded = 0; // outbound contacts created so far (distinct wa_ids)
const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
const inbound = new Queue('inbound', { connection: redis, prefix });
const db = new pg.Pool({ connectionString: databaseUrl, max: 4 });

try {
  await main();
} catch (error) {
  console.error(`bench store: ${error instanceof Error ? error.stack : error}`);
  if (store?.output) console.error(store.output.join('').slice(-4000));
  process.exitCode = 1;
} finally {
  await cleanup();
}

async function main() {
  const bundle = path.join(root, 'dist/apps/store/main.js');
  if (args.build || !existsSync(bundle)) {
    log('building the store (npx nx run store:build)…');
    execFileSync('npx', ['nx', 'run', 'store:build', '--skip-nx-cache'], { cwd: root, stdio: 'ignore' });
  }
  store = await startStore(bundle);
  await seed();

  log(`capacity: ${DELIVERIES} deliveries (${DELIVERIES * (ITEMS.messages + ITEMS.statuses)} events) enqueued at once…`);
  const capacity = await capacityPhase();
  log(`latency: ${RATE} events/s offered for ${SECONDS} s…`);
  const latency = await latencyPhase(RATE);
  const relaxedRate = Math.max(100, Math.round(capacity.perSecond / 2));
  log(`latency: ${relaxedRate} events/s (half the measured capacity) offered for ${SECONDS} s…`);
  const relaxed = await latencyPhase(relaxedRate);
  log('baseline: the same rows by raw multi-row pg INSERTs…');
  const baseline = await baselinePhase(capacity.events);
  report(capacity, [latency, relaxed], baseline);
  const rate = (n) => Math.round(n).toLocaleString('en-US');
  reportResult({
    name: 'store',
    title: `Store: ${DELIVERIES} deliveries of ${ITEMS.messages} messages + ${ITEMS.statuses} statuses at once, then steady loads for ${SECONDS} s`,
    rows: [
      { figure: `events persisted/s (burst of ${rate(capacity.events)})`, value: capacity.perSecond, unit: 'events/s', baseline: baseline.perSecond, baselineLabel: 'raw multi-row pg INSERT of the same rows (rows/s)', chart: true },
      ...[latency, relaxed].flatMap((phase) => [
        { figure: `offered ${rate(phase.offeredPerSecond)} events/s: drained at`, value: phase.achievedPerSecond, unit: 'events/s', baseline: phase.offeredPerSecond, baselineLabel: 'the offered rate' },
        { figure: `offered ${rate(phase.offeredPerSecond)} events/s: accepted → row visible, p50`, value: phase.p50, unit: 'ms' },
        { figure: `offered ${rate(phase.offeredPerSecond)} events/s: accepted → row visible, p99`, value: phase.p99, unit: 'ms' },
      ]),
    ],
    latency: [latency, relaxed].map((phase) => ({ figure: `inbound job accepted → row visible, ${rate(phase.offeredPerSecond)} events/s offered`, p50: phase.p50, p99: phase.p99 })),
  });
  if (args['store-output']) console.log(store.output.join(''));
  if (args.metrics) {
    const text = await (await fetch(`http://127.0.0.1:${store.port}/metrics`)).text();
    console.log(text.split('\n').filter((line) => /^wabus_(store|job)_/.test(line)).join('\n'));
  }
}

// ── the store under test ────────────────────────────────────────────────────

async function startStore(bundle) {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const port = await freePort();
  const output = [];
  const nodeArgs = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, bundle], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL, WABUS_QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn', PORT: String(port), LOG_PRETTY: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk) => output.push(String(chunk)));
  child.stderr.on('data', (chunk) => output.push(String(chunk)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await until(async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.ok, 30_000, 'store ready', exited);
  return { child, output, exited, port };
}

async function seed() {
  const sealed = JSON.stringify({ v: 1, kid: 'bench', iv: '', tag: '', data: '' }); // the store never opens secrets
  await db.query(
    `INSERT INTO channels (id, name, phone_number_id, waba_id, access_token, app_secret, verify_token) VALUES ($1, 'bench', $2, $3, $4, $4, $4)`,
    [channel.id, channel.phoneNumberId, channel.wabaId, sealed],
  );
}

/** Our outbound messages whose statuses the deliveries carry: one contact and conversation each, status `queued`. */
async function seedOutbound(count) {
  const wamids = Array.from({ length: count }, () => wamid());
  const waIds = wamids.map(() => `4470${100_000_000 + seeded++}`);
  for (let from = 0; from < count; from += 5000) {
    await db.query(
      `WITH w AS (SELECT * FROM unnest($2::text[], $3::text[]) AS w(wamid, wa_id)),
            c AS (INSERT INTO contacts (channel_id, wa_id, phone) SELECT $1, wa_id, '+' || wa_id FROM w RETURNING id, wa_id),
            v AS (INSERT INTO conversations (channel_id, contact_id) SELECT $1, id FROM c RETURNING id, contact_id)
       INSERT INTO messages (channel_id, conversation_id, contact_id, direction, type, status, wa_message_id, text, payload)
       SELECT $1, v.id, v.contact_id, 'out', 'text', 'queued', w.wamid, 'Your order shipped', '{"body":"Your order shipped"}'
       FROM v JOIN c ON c.id = v.contact_id JOIN w ON w.wa_id = c.wa_id`,
      [channel.id, wamids.slice(from, from + 5000), waIds.slice(from, from + 5000)],
    );
  }
  return wamids;
}

// ── workload ────────────────────────────────────────────────────────────────

/**
 * Deliveries of 4 inbound texts and 6 statuses. Each outbound message gets
 * sent, delivered and read, spread as Meta spreads them: a message's
 * `delivered` comes ~100 statuses after its `sent`, its `read` ~100 after that,
 * so the three usually land in different deliveries and transactions.
 */
function makeDeliveries(count, outboundWamids) {
  const deliveries = [];
  const now = Math.floor(Date.now() / 1000);
  const STAGE_GAP = 34; // messages between a message's successive statuses (3 statuses each: ~100 statuses apart)
  const stream = outboundWamids
    .slice(0, count * 2)
    .flatMap((target, index) => ['sent', 'delivered', 'read'].map((word, stage) => ({ target, word, stage, key: index + stage * STAGE_GAP })))
    .sort((a, b) => a.key - b.key || a.stage - b.stage);
  for (let d = 0; d < count; d++) {
    const messages = [];
    const contacts = new Map();
    for (let m = 0; m < ITEMS.messages; m++) {
      const user = String(15550000000 + Math.floor(Math.random() * USERS));
      contacts.set(user, { profile: { name: `Customer ${user.slice(-4)}` }, wa_id: user });
      messages.push({ from: user, id: wamid(), timestamp: String(now), type: 'text', text: { body: `Hello, is order ${d}-${m} on its way? Thanks!` } });
    }
    const statuses = stream.slice(d * ITEMS.statuses, (d + 1) * ITEMS.statuses).map(({ target, word, stage }) => {
      const item = { id: target, status: word, timestamp: String(now + stage), recipient_id: '447000000000' };
      if (word === 'sent') {
        item.conversation = { id: randomBytes(16).toString('hex'), expiration_timestamp: String(now + 86400), origin: { type: 'utility' } };
        item.pricing = { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' };
      }
      return item;
    });
    const metadata = { display_phone_number: '15550783881', phone_number_id: channel.phoneNumberId };
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: channel.wabaId,
          changes: [
            { field: 'messages', value: { messaging_product: 'whatsapp', metadata, contacts: [...contacts.values()], messages } },
            { field: 'messages', value: { messaging_product: 'whatsapp', metadata, statuses } },
          ],
        },
      ],
    });
    deliveries.push({ body, probe: messages[0].id, events: messages.length + statuses.length, messages, statuses });
  }
  return deliveries;
}

function jobOf(delivery) {
  return {
    name: 'inbound-webhook',
    data: { v: 1, channelId: channel.id, receivedAt: new Date().toISOString(), body: delivery.body },
    opts: { ...JOB_OPTIONS, jobId: randomUUID() },
  };
}

async function counts() {
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM messages WHERE direction = 'in')::int AS messages,
            (SELECT count(*) FROM message_status_events WHERE status IN ('sent', 'delivered', 'read') AND raw IS NOT NULL)::int AS statuses`,
  );
  return rows[0];
}

// ── phases ──────────────────────────────────────────────────────────────────

async function capacityPhase() {
  const outbound = await seedOutbound(DELIVERIES * 2);
  const deliveries = makeDeliveries(DELIVERIES, outbound);
  const before = await counts();
  const cpuBefore = await cpuTimes();
  const expected = {
    messages: before.messages + DELIVERIES * ITEMS.messages,
    statuses: before.statuses + DELIVERIES * ITEMS.statuses,
  };
  const started = performance.now();
  for (let i = 0; i < deliveries.length; i += 500) await inbound.addBulk(deliveries.slice(i, i + 500).map(jobOf));
  const enqueuedMs = performance.now() - started;
  await until(async () => {
    const now = await counts();
    return now.messages >= expected.messages && now.statuses >= expected.statuses;
  }, 120_000, 'capacity rows visible', store.exited, 100);
  const ms = performance.now() - started;
  const cpuAfter = await cpuTimes();
  const events = deliveries.reduce((sum, delivery) => sum + delivery.events, 0);
  const cpu = { node: cpuAfter.node - cpuBefore.node, postgres: cpuAfter.postgres - cpuBefore.postgres, redis: cpuAfter.redis - cpuBefore.redis };
  const { rows } = await db.query(`SELECT count(*)::int AS read FROM messages WHERE wa_message_id = ANY($1) AND status = 'read'`, [outbound]);
  if (rows[0].read !== outbound.length) throw new Error(`only ${rows[0].read} of ${outbound.length} outbound messages reached read`);
  return { events, ms, enqueuedMs, perSecond: (events / ms) * 1000, deliveries, cpu };
}

/** Offers `rate` events/s for SECONDS, sampling each delivery's first message for enqueue → visible. */
async function latencyPhase(rate) {
  const perDelivery = ITEMS.messages + ITEMS.statuses;
  const total = Math.ceil((rate * SECONDS) / perDelivery);
  const outbound = await seedOutbound(total * 2);
  const deliveries = makeDeliveries(total, outbound);
  const accepted = new Map();
  const visible = new Map();
  let sending = true;
  // Rows become visible roughly in the order offered: asking about the oldest
  // few hundred still unseen keeps the sampler's own load on PostgreSQL small.
  const pending = [];
  const sampler = (async () => {
    while (sending || pending.length > 0) {
      const probe = pending.slice(0, 300);
      if (probe.length > 0) {
        const { rows } = await db.query('SELECT wa_message_id FROM messages WHERE wa_message_id = ANY($1)', [probe]);
        const now = performance.now();
        for (const row of rows) visible.set(row.wa_message_id, now);
        for (let i = pending.length - 1; i >= 0; i--) if (visible.has(pending[i])) pending.splice(i, 1);
      }
      await sleep(10);
    }
  })();
  const started = performance.now();
  const tickMs = 20;
  let sent = 0;
  for (let tick = 0; sent < deliveries.length; tick++) {
    const due = Math.min(deliveries.length, Math.ceil(((tick + 1) * tickMs * rate) / 1000 / perDelivery));
    const batch = deliveries.slice(sent, due);
    sent = due;
    if (batch.length > 0) {
      await inbound.addBulk(batch.map(jobOf));
      const at = performance.now();
      for (const delivery of batch) {
        accepted.set(delivery.probe, at);
        pending.push(delivery.probe);
      }
    }
    const wait = started + (tick + 1) * tickMs - performance.now();
    if (wait > 0) await sleep(wait);
  }
  const offeredMs = performance.now() - started;
  sending = false;
  await Promise.race([sampler, store.exited.then(() => Promise.reject(new Error('the store exited')))]);
  const drainedMs = performance.now() - started;
  const latencies = [...accepted].map(([id, at]) => visible.get(id) - at).sort((a, b) => a - b);
  const events = deliveries.reduce((sum, delivery) => sum + delivery.events, 0);
  return {
    events,
    offeredPerSecond: (events / offeredMs) * 1000,
    achievedPerSecond: (events / drainedMs) * 1000,
    samples: latencies.length,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies[latencies.length - 1],
  };
}

/**
 * The same rows as the capacity phase (one messages row per inbound text, one
 * message_status_events row per status, with the same columns and JSON), by
 * plain multi-row INSERT … VALUES of 500 rows on one connection: the floor of
 * what PostgreSQL needs, with none of the store's work (parsing, contacts,
 * conversations, dedup, status folding, history, outbox, Redis).
 */
async function baselinePhase(events) {
  const client = await db.connect();
  try {
    const [{ id: conversationId, contact_id: contactId }] = (
      await client.query(`SELECT id, contact_id FROM conversations WHERE channel_id = $1 LIMIT 1`, [channel.id])
    ).rows;
    const outbound = await seedOutbound(DELIVERIES * 2);
    const [{ id: messageId }] = (await client.query(`SELECT id FROM messages WHERE wa_message_id = $1`, [outbound[0]])).rows;
    const deliveries = makeDeliveries(DELIVERIES, outbound);
    const messages = deliveries.flatMap((delivery) => delivery.messages);
    const statuses = deliveries.flatMap((delivery) => delivery.statuses);
    const started = performance.now();
    for (let i = 0; i < messages.length; i += 500) {
      const rows = messages.slice(i, i + 500);
      const values = [];
      const params = [];
      for (const m of rows) {
        const p = params.length;
        values.push(`($${p + 1}, $${p + 2}, $${p + 3}, 'in', 'text', $${p + 4}, 'received', $${p + 5}, $${p + 6}, $${p + 7}, to_timestamp($${p + 8}))`);
        params.push(channel.id, conversationId, contactId, m.id, m.text.body, JSON.stringify(m.text), JSON.stringify(m), Number(m.timestamp));
      }
      await client.query(
        `INSERT INTO messages (channel_id, conversation_id, contact_id, direction, type, wa_message_id, status, text, payload, raw, created_at) VALUES ${values.join(', ')}`,
        params,
      );
    }
    for (let i = 0; i < statuses.length; i += 500) {
      const rows = statuses.slice(i, i + 500);
      const values = [];
      const params = [];
      for (const s of rows) {
        const p = params.length;
        values.push(`($${p + 1}, $${p + 2}, $${p + 3}, to_timestamp($${p + 4}), $${p + 5}, $${p + 6}, $${p + 7}, true)`);
        params.push(messageId, `${s.id}.baseline`, s.status, Number(s.timestamp), s.pricing ? JSON.stringify(s.pricing) : null, s.conversation ? JSON.stringify(s.conversation) : null, JSON.stringify(s));
      }
      await client.query(
        `INSERT INTO message_status_events (message_id, wa_message_id, status, occurred_at, pricing, conversation, raw, applied) VALUES ${values.join(', ')}`,
        params,
      );
    }
    const ms = performance.now() - started;
    const rows = messages.length + statuses.length;
    if (rows !== events) throw new Error(`baseline wrote ${rows} rows for ${events} events`);
    return { rows, ms, perSecond: (rows / ms) * 1000 };
  } finally {
    client.release();
  }
}

function report(capacity, latencies, baseline) {
  const f = (n) => Math.round(n).toLocaleString('en-US');
  const lines = [
    ['measure', 'value'],
    ['store: events persisted/s (burst of ' + f(capacity.events) + ')', f(capacity.perSecond)],
    ['store: burst drained in', `${(capacity.ms / 1000).toFixed(2)} s (enqueue took ${(capacity.enqueuedMs / 1000).toFixed(2)} s)`],
    [
      'store: CPU ms per 1,000 events (node · its PostgreSQL backends¹ · redis²)',
      `${cpuPer(capacity.cpu.node)} · ${cpuPer(capacity.cpu.postgres)} · ${cpuPer(capacity.cpu.redis)}`,
    ],
    ['store: events/s per CPU-second (node + PostgreSQL + redis)', f((capacity.events / (capacity.cpu.node + capacity.cpu.postgres + capacity.cpu.redis)) * 1000)],
    ['machine: load average at the end (cores: ' + availableParallelism() + ')', loadavg().map((n) => n.toFixed(2)).join(' ')],
    ...latencies.flatMap((latency) => [
      [`store: offered ${f(latency.offeredPerSecond)} events/s for ${SECONDS} s, drained at`, `${f(latency.achievedPerSecond)} events/s`],
      [`  accepted → row visible p50 · p99 · max (${latency.samples} samples)`, `${latency.p50.toFixed(0)} · ${latency.p99.toFixed(0)} · ${latency.max.toFixed(0)} ms`],
    ]),
    [`baseline: raw multi-row pg INSERT rows/s (${f(baseline.rows)} rows)`, f(baseline.perSecond)],
    ['ratio: store events/s ÷ baseline rows/s', `${(capacity.perSecond / baseline.perSecond).toFixed(2)}`],
  ];
  function cpuPer(ms) {
    return ((ms / capacity.events) * 1000).toFixed(0);
  }
  const width = Math.max(...lines.map(([label]) => label.length));
  const notes = [
    '¹ backends open at the end of the burst; one the pool closed meanwhile is not counted (a lower bound).',
    '² redis-server as a whole: anything else using it on this machine is counted too.',
  ];
  console.log('');
  console.log(`store benchmark (${DELIVERIES} deliveries of ${ITEMS.messages} messages + ${ITEMS.statuses} statuses; node ${process.version})`);
  for (const [index, [label, value]] of lines.entries()) {
    console.log(`${label.padEnd(width)}  ${value}`);
    if (index === 0) console.log(`${'-'.repeat(width)}  ${'-'.repeat(12)}`);
  }
  for (const note of notes) console.log(note);
}

// ── plumbing ────────────────────────────────────────────────────────────────

/**
 * CPU milliseconds used so far by the store process, by the PostgreSQL
 * backends serving it (application_name wabus-store), and by redis-server
 * (shared with anything else using it). Read from /proc, so Linux only.
 */
async function cpuTimes() {
  const ticks = (pid) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    } catch {
      return 0;
    }
  };
  const { rows } = await db.query(`SELECT pid FROM pg_stat_activity WHERE application_name = 'wabus-store'`);
  const redisPid = readdirSync('/proc').find((pid) => /^\d+$/.test(pid) && readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'redis-server');
  return {
    node: ticks(store.child.pid),
    postgres: rows.reduce((sum, row) => sum + ticks(row.pid), 0),
    redis: redisPid ? ticks(redisPid) : 0,
  };
}

async function cleanup() {
  if (store?.child && store.child.exitCode === null) {
    store.child.kill('SIGTERM');
    await Promise.race([store.exited, sleep(10_000)]);
    if (store.child.exitCode === null) store.child.kill('SIGKILL');
  }
  await db.end().catch(() => undefined);
  for (const name of ['inbound', 'events', 'records', 'template-sync', 'store-maintenance']) {
    const queue = name === 'inbound' ? inbound : new Queue(name, { connection: redis, prefix });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close().catch(() => undefined);
  }
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
  await admin.end();
}

function wamid() {
  return `wamid.${randomBytes(24).toString('base64url')}`;
}

function withDatabase(url, name) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function until(probe, timeoutMs, what, exited, intervalMs = 50) {
  let gone = false;
  exited?.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`the store exited while waiting for: ${what}`);
    if (await probe()) return;
    await sleep(intervalMs);
  }
  throw new Error(`timed out waiting for: ${what}`);
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function log(line) {
  console.log(`bench store: ${line}`);
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
