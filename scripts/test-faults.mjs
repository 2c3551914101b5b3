#!/usr/bin/env node
// `npm run test:faults`: the guarantees under failure. Starts the built
// services as processes on a Redis and a PostgreSQL of their own, keeps a
// steady load of signed webhooks and API sends, then kills -9 each service in
// turn, crashes Redis and PostgreSQL, and makes the Graph API fail for a
// while. Once traffic has drained it compares what was accepted with what was
// stored, sent and called back, prints each figure, and ends with
// `N passed, N failed`. Not part of `npm test` (it takes a few minutes).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startCallbackSink } from '../e2e/faults/callback-sink.mjs';
import { inboundWebhookLoad, sendLoad } from '../e2e/faults/fault-load.mjs';
import { freePort, serviceProcess, sleep, startScratchPostgres, startScratchRedis } from '../e2e/faults/fault-stack.mjs';
import { collectFacts, drained, judge } from '../e2e/faults/fault-verdict.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const APPS = ['cloud-api-emulator', 'gateway', 'sender', 'store', 'action-engine'];
const KILLED_IN_TURN = ['gateway', 'sender', 'store', 'action-engine'];
// The demo channel the gateway seeds in development (EMULATOR_DEMO_CHANNEL in libs/whatsapp).
const DEMO = { channelId: '00000000-0000-4000-8000-00000000de30', phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881', appSecret: 'wabus-demo-app-secret' };
const RECIPIENTS = Array.from({ length: 30 }, (_, index) => `4917620${String(index).padStart(6, '0')}`);
const SETTLE_MS = 4_000;
const DRAIN_TIMEOUT_MS = 100_000;

const started = Date.now();
const say = (text) => process.stdout.write(`[faults ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${text}\n`);

function build() {
  if (process.env.WABUS_SKIP_BUILD === 'true') return;
  say(`building ${APPS.join(', ')} (only what changed)…`);
  const result = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects', APPS.join(','), '--parallel=2', '--outputStyle=static'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' },
  });
  if (result.status !== 0) throw new Error('the build failed');
}

async function api(gatewayUrl, apiKey, method, route, body) {
  const response = await fetch(`${gatewayUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, json: await response.json().catch(() => null) };
}

async function waitUntil(probe, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

/** The demo channel exists, the emulator knows our webhook URL, the engine delivers to our sink, and every recipient's window is open. */
async function prepare({ services, apiKey, databaseUrl, sink }) {
  const gateway = services.gateway.url;
  const emulator = services['cloud-api-emulator'].url;
  await waitUntil(async () => (await api(gateway, apiKey, 'GET', `/v1/channels/${DEMO.channelId}`)).status === 200, 30_000, 'the demo channel');
  await waitUntil(
    async () => {
      const numbers = await (await fetch(`${emulator}/_emulator/phone-numbers`)).json();
      return (numbers.data ?? numbers).some((number) => number.phoneNumberId === DEMO.phoneNumberId && String(number.webhookUrl).startsWith(gateway));
    },
    30_000,
    'the emulator to know the gateway',
  );
  const subscription = await api(gateway, apiKey, 'POST', '/v1/subscriptions', { url: sink.url, events: ['message.received'], channelId: DEMO.channelId });
  if (subscription.status !== 201) throw new Error(`subscription refused: ${subscription.status} ${JSON.stringify(subscription.json)}`);
  sink.useSecret(subscription.json.secret);
  // The engine learns about the subscription by NOTIFY; open the windows until one of them comes back as a callback.
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await waitUntil(
      async () => {
        for (const from of RECIPIENTS) {
          await fetch(`${emulator}/_emulator/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phoneNumberId: DEMO.phoneNumberId, from, type: 'text', text: { body: 'hello before the faults' } }) });
        }
        await sleep(1_000);
        const stored = await db.query(`SELECT count(DISTINCT contact_id)::int AS n FROM messages WHERE direction = 'in' AND text = 'hello before the faults'`);
        return stored.rows[0].n >= RECIPIENTS.length && sink.deliveries.size > 0;
      },
      45_000,
      'windows open and a first callback delivered',
    );
  } finally {
    await db.end();
  }
}

/** Runs one fault and records its window (from the fault to full recovery). */
async function fault(windows, kind, label, action) {
  const from = Date.now();
  say(`fault: ${label}`);
  await action();
  windows.push({ kind, label, from, to: Date.now() });
  say(`  recovered after ${((Date.now() - from) / 1000).toFixed(1)} s`);
  await sleep(SETTLE_MS);
}

async function everyReady(services) {
  await Promise.all(Object.values(services).map((service) => service.ready(60_000)));
}

async function main() {
  build();
  const runId = randomBytes(3).toString('hex');
  const dir = mkdtempSync(path.join(os.tmpdir(), `wabus-faults-${runId}-`));
  const cleanups = [];
  let failed = 1;
  try {
    const redis = await startScratchRedis(dir);
    cleanups.unshift(() => redis.stop());
    const postgres = await startScratchPostgres(dir);
    cleanups.unshift(() => postgres.stop());
    say(`own Redis on ${redis.port} (appendonly yes), own PostgreSQL on ${postgres.port}; logs in ${dir}`);
    const ports = Object.fromEntries(await Promise.all(APPS.map(async (app) => [app, await freePort()])));
    const apiKey = `wabus_faults_${randomBytes(16).toString('hex')}`;
    const env = {
      REDIS_URL: redis.url,
      DATABASE_URL: postgres.databaseUrl,
      WABUS_QUEUE_PREFIX: `{wabus-faults-${runId}}`,
      WABUS_EMULATOR_URL: `http://127.0.0.1:${ports['cloud-api-emulator']}`,
      WABUS_PUBLIC_URL: `http://127.0.0.1:${ports.gateway}`,
      WABUS_BOOTSTRAP_API_KEY: apiKey,
    };
    const services = Object.fromEntries(APPS.map((app) => [app, serviceProcess(root, dir, app, ports[app], env)]));
    for (const service of Object.values(services)) cleanups.unshift(() => service.stop());
    await services['cloud-api-emulator'].start();
    await services.gateway.start(); // migrates the new database first
    await Promise.all(['sender', 'store', 'action-engine'].map((app) => services[app].start()));
    say('every service is ready');
    const sink = await startCallbackSink();
    cleanups.unshift(() => sink.close());
    await prepare({ services, apiKey, databaseUrl: postgres.databaseUrl, sink });
    say(`${RECIPIENTS.length} recipients wrote in (windows open); the subscription delivers to ${sink.url}`);

    const gatewayUrl = services.gateway.url;
    const inbound = inboundWebhookLoad({ gatewayUrl, channelId: DEMO.channelId, phoneNumberId: DEMO.phoneNumberId, displayPhoneNumber: DEMO.displayPhoneNumber, appSecret: DEMO.appSecret, runId, intervalMs: 100 });
    const sends = sendLoad({ gatewayUrl, apiKey, channelId: DEMO.channelId, recipients: RECIPIENTS, runId, intervalMs: 200 });
    say('load: 10 signed webhooks/s to the gateway, 5 sends/s through POST /v1/messages');
    await sleep(SETTLE_MS);

    const windows = [];
    for (const app of KILLED_IN_TURN) {
      await fault(windows, app, `kill -9 ${app}, start it again`, async () => {
        await services[app].kill9();
        await sleep(1_000);
        await services[app].start();
      });
    }
    await fault(windows, 'redis', 'kill -9 Redis, 2 s down, start it again (AOF)', async () => {
      await redis.crash();
      await sleep(2_000);
      await redis.start();
      await everyReady(services);
    });
    await fault(windows, 'postgres', 'crash PostgreSQL (pg_ctl stop -m immediate), 3 s down, start it again (WAL recovery)', async () => {
      await postgres.crash();
      await sleep(3_000);
      await postgres.start();
      await everyReady(services);
    });
    const emulator = services['cloud-api-emulator'].url;
    await fault(windows, 'graph', 'Graph API: 50 % HTTP 503 and 10 % 2 s timeouts for 8 s', async () => {
      const on = await fetch(`${emulator}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seed: 11, http5xxRate: 0.5, timeoutRate: 0.1, timeoutMs: 2_000 }) });
      if (!on.ok) throw new Error(`the emulator refused the faults: ${on.status} ${await on.text()}`);
      await sleep(8_000);
      await fetch(`${emulator}/_emulator/faults`, { method: 'DELETE' });
    });

    say('stopping the load; requests still retrying finish first');
    await Promise.all([inbound.load.drain(), sends.load.drain()]);
    say(`accepted: ${inbound.record.accepted.size} of ${inbound.load.issued} webhooks (${inbound.record.retried} needed a retry), ${sends.record.accepted.size} of ${sends.load.issued} sends (${sends.record.retried} needed a retry)`);

    const factsInput = { databaseUrl: postgres.databaseUrl, emulatorUrl: emulator, phoneNumberId: DEMO.phoneNumberId, runId, sink };
    const drainStarted = Date.now();
    let facts = await collectFacts(factsInput);
    while (!drained(facts, inbound.record, sends.record) && Date.now() - drainStarted < DRAIN_TIMEOUT_MS) {
      await sleep(1_000);
      facts = await collectFacts(factsInput);
    }
    say(`drained in ${((Date.now() - drainStarted) / 1000).toFixed(1)} s${drained(facts, inbound.record, sends.record) ? '' : ' (timed out: what is missing is reported below)'}`);
    const ready = Object.fromEntries(await Promise.all(Object.values(services).map(async (service) => [service.app, await service.isReady()])));

    const checks = judge(facts, { inbound: inbound.record, sends: sends.record, windows, ready });
    process.stdout.write('\n== fault run report\n');
    process.stdout.write(`faults: ${windows.map((window) => `${window.label} (${((window.to - window.from) / 1000).toFixed(1)} s)`).join('; ')}\n`);
    process.stdout.write(`refused after every retry (not accepted, so not promised): ${inbound.record.refused.length} webhooks, ${sends.record.refused.length} sends\n`);
    for (const { name, ok, detail } of checks) process.stdout.write(`${ok ? 'PASS' : 'FAIL'}  ${name}: ${detail}\n`);
    const passed = checks.filter((check) => check.ok).length;
    failed = checks.length - passed;
    process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  } catch (error) {
    process.stdout.write(`\nthe fault run could not complete: ${error.stack ?? error}\n0 passed, 1 failed\n`);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    if (failed === 0 && process.env.WABUS_FAULTS_KEEP !== 'true') rmSync(dir, { recursive: true, force: true });
    else process.stdout.write(`service, Redis and PostgreSQL logs kept in ${dir}\n`);
  }
  say(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  process.exit(failed === 0 ? 0 : 1);
}

await main();
