#!/usr/bin/env node
// Benchmark of template-sync, through the emulator: how long a full sync of
// one WhatsApp Business Account takes, from `POST /v1/channels/:id/templates/sync`
// to the job's completion, for 6,000 templates (Meta's most per WABA) — first
// into an empty table, then again with nothing changed, then with 10 % of the
// statuses changed at Meta.
//
// Baseline, measured in the same run: the same pages read with plain fetch
// and written with one multi-row `pg` upsert per page into a scratch table,
// i.e. the floor of "read every page, write every row" without the queue,
// lock, progress and bookkeeping.
//
// It builds and runs cloud-api-emulator, gateway and template-sync from dist/
// against a scratch database and queue prefix.
//
//   npm run bench template-sync     (node benchmarks/template-sync.mjs [--templates 6000] [--no-build])
//
// Environment: REDIS_URL (default redis://127.0.0.1:6379), WABUS_BENCH_ADMIN_DATABASE_URL.
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { build, callJson, REDIS_URL, scratch, sleep, startService, table } from './_harness.mjs';

const args = parseArgs(process.argv.slice(2));
const TEMPLATES = Number(args.templates ?? 6000);
const PAGE_SIZE = 100; // what template-sync asks for (TemplateSyncSettings.pageSize)
const FIELDS = 'id,name,language,status,category,components,parameter_format,quality_score,rejected_reason';
const SERVICES = ['cloud-api-emulator', 'gateway', 'template-sync'];
const log = (text) => process.stdout.write(`bench template-sync: ${text}\n`);

const env = await scratch();
const apiKey = `wabus_bench_${randomBytes(16).toString('hex')}`;
const running = [];
let db;

try {
  if (!args['no-build']) {
    log(`building ${SERVICES.join(', ')}…`);
    build(SERVICES);
  }
  await main();
} catch (error) {
  console.error(`bench template-sync: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
} finally {
  for (const service of running.reverse()) await service.stop().catch(() => undefined);
  await db?.end().catch(() => undefined);
  await env.cleanup();
}

async function main() {
  const common = { DATABASE_URL: env.databaseUrl, REDIS_URL, WABUS_QUEUE_PREFIX: env.queuePrefix, WABUS_ALLOW_PRIVATE_URLS: 'true' };
  const emulator = await startService('cloud-api-emulator', common);
  running.push(emulator);
  const gateway = await startService('gateway', { ...common, WABUS_BOOTSTRAP_API_KEY: apiKey });
  running.push(gateway);
  running.push(await startService('template-sync', common));
  db = new pg.Pool({ connectionString: env.databaseUrl, max: 2 });

  const api = (method, path, body) => localCall(gateway.url, method, path, body, { authorization: `Bearer ${apiKey}` });
  const emu = (method, path, body, headers) => localCall(emulator.url, method, path, body, headers);
  const n = Date.now() % 1e9;
  const number = { phoneNumberId: `81${n}`, wabaId: `82${n}`, accessToken: `token-${randomUUID()}`, appSecret: `secret-${randomUUID()}`, verifyToken: `verify-${n}` };
  const channel = await api('POST', '/v1/channels', { name: 'bench templates', ...number, graphBaseUrl: emulator.url });
  if (channel.status !== 201) throw new Error(`channel: ${channel.status} ${JSON.stringify(channel.json)}`);
  await emu('POST', '/_emulator/phone-numbers', { ...number, throughputMps: 80, webhookUrl: `${gateway.url}/webhooks/whatsapp/${channel.json.id}`, templateApprovalDelayMs: null });

  log(`seeding ${TEMPLATES} templates at the emulator…`);
  const templates = Array.from({ length: TEMPLATES }, (_, i) => template(i));
  for (let start = 0; start < templates.length; start += 500) await emu('POST', '/_emulator/templates', { wabaId: number.wabaId, templates: templates.slice(start, start + 500) });

  const runs = [];
  for (const label of ['into an empty table', 'nothing changed at Meta']) runs.push({ sync: label, ...(await timedSync(api, channel.json.id)) });
  log('changing 10 % of the statuses at Meta (no webhooks: the sync has to find them)…');
  await emu('POST', '/_emulator/phone-numbers', { ...number, throughputMps: 80, webhookUrl: 'http://127.0.0.1:9/nowhere', templateApprovalDelayMs: null });
  for (let i = 0; i < TEMPLATES; i += 10) await emu('POST', '/_emulator/templates/status', { wabaId: number.wabaId, name: templates[i].name, language: 'en_US', status: 'PAUSED' });
  runs.push({ sync: '10 % of statuses changed', ...(await timedSync(api, channel.json.id)) });
  const paused = Number((await db.query(`SELECT count(*) FROM templates WHERE waba_id = $1 AND status = 'PAUSED'`, [number.wabaId])).rows[0].count);

  log('baseline: the same pages by plain fetch, one pg upsert per page…');
  const baseline = await baselineSync(emulator.url, number);

  console.log(
    table([
      ...runs.map((run) => ({ path: `template-sync, ${run.sync}`, templates: run.templates, pages: run.pages, 'ms': run.ms, 'templates/s': Math.round((run.templates / run.ms) * 1000) })),
      { path: 'baseline: fetch + pg upsert per page', templates: baseline.templates, pages: baseline.pages, ms: baseline.ms, 'templates/s': Math.round((baseline.templates / baseline.ms) * 1000) },
    ]),
  );
  const ok = runs.every((run) => run.templates === TEMPLATES) && paused === TEMPLATES / 10;
  log(`${ok ? 'PASS' : 'FAIL'}: ${TEMPLATES} templates synced in ${runs[0].ms} ms (${(runs[0].ms / baseline.ms).toFixed(2)}× the baseline); ${paused} paused statuses found by the last sync`);
  if (!ok) process.exitCode = 1;
}

async function timedSync(api, channelId) {
  const started = performance.now();
  const accepted = await api('POST', `/v1/channels/${channelId}/templates/sync`);
  if (accepted.status !== 202) throw new Error(`sync: ${accepted.status} ${JSON.stringify(accepted.json)}`);
  for (;;) {
    const state = (await api('GET', `/v1/template-syncs/${accepted.json.jobId}`)).json;
    if (state.state === 'failed') throw new Error(`sync failed: ${state.failedReason}`);
    if (state.state === 'completed') return { ms: Math.round(performance.now() - started), templates: state.progress.templates, pages: state.progress.pages };
    await sleep(5);
  }
}

async function baselineSync(emulatorUrl, number) {
  await db.query(`CREATE TABLE bench_templates (waba_id text, meta_id text, name text, language text, status text, category text, parameter_format text, components jsonb, quality_score text, rejected_reason text, synced_at timestamptz, PRIMARY KEY (waba_id, name, language))`);
  const started = performance.now();
  let after = null;
  let templates = 0;
  let pages = 0;
  do {
    const query = new URLSearchParams({ fields: FIELDS, limit: String(PAGE_SIZE), ...(after ? { after } : {}) });
    const page = await (await fetch(`${emulatorUrl}/v23.0/${number.wabaId}/message_templates?${query}`, { headers: { authorization: `Bearer ${number.accessToken}` } })).json();
    const rows = page.data.map((item) => ({ meta_id: item.id, name: item.name, language: item.language, status: item.status, category: item.category, parameter_format: item.parameter_format, components: item.components, quality_score: item.quality_score?.score ?? null, rejected_reason: item.rejected_reason ?? null }));
    await db.query(
      `INSERT INTO bench_templates SELECT $1, r.*, now() FROM json_to_recordset($2::json) AS r(meta_id text, name text, language text, status text, category text, parameter_format text, components jsonb, quality_score text, rejected_reason text)
       ON CONFLICT (waba_id, name, language) DO UPDATE SET status = EXCLUDED.status, components = EXCLUDED.components, synced_at = EXCLUDED.synced_at`,
      [number.wabaId, JSON.stringify(rows)],
    );
    templates += rows.length;
    pages++;
    after = page.paging?.next ? page.paging.cursors.after : null;
  } while (after);
  return { ms: Math.round(performance.now() - started), templates, pages };
}

function template(i) {
  return {
    name: `bench_${String(i).padStart(5, '0')}`,
    language: 'en_US',
    category: i % 3 === 0 ? 'MARKETING' : 'UTILITY',
    quality_score: { score: 'GREEN', date: 1_700_000_000 },
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#42'] } },
      { type: 'BODY', text: `Hi {{1}}, order {{2}} (${i}) ships {{3}}. Reply STOP to opt out.`, example: { body_text: [['Ada', '#42', 'today']] } },
      { type: 'FOOTER', text: 'Lucky Shrub' },
      { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://shop.example/t/{{1}}', example: ['https://shop.example/t/abc'] }, { type: 'QUICK_REPLY', text: 'Stop' }] },
    ],
  };
}


/** A call to a service of this run: a 5xx is a bug to stop on, not a figure. */
async function localCall(base, method, path, body, headers) {
  const answer = await callJson(base, method, path, body, headers);
  if (answer.status >= 500) throw new Error(`${method} ${path}: ${answer.status} ${answer.text.slice(0, 300)}`);
  return answer;
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
