#!/usr/bin/env node
// How fast is the cloud-api-emulator, and is it ever the bottleneck?  Run from the root:
//   node benchmarks/emulator.mjs        (or: npm run bench emulator)
// Builds the emulator, starts it on a free port, registers a number with limits
// out of the way and a webhook sink that answers 200, opens the 24-hour window
// for every recipient, then drives text sends with autocannon for a few seconds.
// The same load against a bare node:http server that parses the same JSON and
// answers the same success body is the baseline. Prints one table.
import { execSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = 50;
const RECIPIENTS = 1000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

// A child process running `source` (ESM), so the load generator never shares an event loop with a server.
function startNode(source, env) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', source], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  return child;
}

function startProcess(args, env) {
  return spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function waitUntilUp(url, ms = 20000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`${url} did not come up within ${ms} ms`);
}

// The webhook endpoint: answers 200 at once and counts POSTs and the changes they carry.
const SINK = `
import { createServer } from 'node:http';
let posts = 0, changes = 0;
createServer((req, res) => {
  if (req.method === 'GET') { res.end(JSON.stringify({ posts, changes })); return; }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    posts++;
    const body = JSON.parse(Buffer.concat(chunks));
    for (const entry of body.entry) changes += entry.changes.length;
    res.writeHead(200).end('ok');
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

// The baseline: what any HTTP server on this machine costs for the same request and answer.
const BASELINE = `
import { createServer } from 'node:http';
let n = 0;
createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks));
    const id = 'wamid.' + Buffer.from(body.to + ':' + (++n)).toString('base64');
    const answer = JSON.stringify({ messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to.replace(/\\D/g, '') }], messages: [{ id }] });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(answer);
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

const recipient = (i) => `+2348${String(100000000 + (i % RECIPIENTS)).padStart(9, '0')}`;

function load(url, token) {
  let i = 0;
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [
      {
        method: 'POST',
        path: '/v21.0/100200300400500/messages',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({
            messaging_product: 'whatsapp',
            recipient_type: 'individual',
            to: recipient(i++),
            type: 'text',
            text: { body: `benchmark message ${i}`, preview_url: false },
          }),
        }),
      },
    ],
  });
}

const row = (name, result) => ({
  name,
  rps: Math.round(result.requests.average),
  p50: result.latency.p50,
  p99: result.latency.p99,
  non2xx: result.non2xx + result.errors + result.timeouts,
  total: result.requests.total,
});

const children = [];
const stopAll = () => children.forEach((child) => child.kill('SIGTERM'));
process.on('exit', stopAll);

try {
  console.log('building the emulator…');
  execSync('npx nx run cloud-api-emulator:build', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });

  const [emulatorPort, sinkPort, baselinePort] = [await freePort(), await freePort(), await freePort()];
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  const sinkUrl = `http://127.0.0.1:${sinkPort}`;
  children.push(startNode(SINK, { PORT: String(sinkPort) }));
  children.push(startProcess(['dist/apps/cloud-api-emulator/main.js'], { PORT: String(emulatorPort), LOG_LEVEL: 'warn', NODE_ENV: 'development' }));
  await waitUntilUp(`${emulatorUrl}/healthz`);
  await waitUntilUp(sinkUrl);

  const token = 'bench-token';
  const registered = await fetch(`${emulatorUrl}/_emulator/phone-numbers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      phoneNumberId: '100200300400500',
      wabaId: '100200300400501',
      accessToken: token,
      appSecret: 'bench-secret',
      verifyToken: 'bench-verify',
      webhookUrl: `${sinkUrl}/webhooks/whatsapp/bench`,
      throughputMps: 10_000_000,
      pairRateLimit: { capacity: 10_000_000, refillIntervalMs: 1 },
    }),
  });
  if (!registered.ok) throw new Error(`registration failed: ${registered.status} ${await registered.text()}`);

  // Every recipient writes first, so every send is inside its window and gets sent, delivered and read.
  for (let start = 0; start < RECIPIENTS; start += 100) {
    await Promise.all(
      Array.from({ length: 100 }, (_, k) =>
        fetch(`${emulatorUrl}/_emulator/inbound`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ phoneNumberId: '100200300400500', from: recipient(start + k).slice(1), type: 'text', text: { body: 'hi' } }),
        }).then((response) => response.arrayBuffer()),
      ),
    );
  }
  await sleep(300);
  const sinkBefore = await (await fetch(sinkUrl)).json();

  console.log(`emulator: ${CONNECTIONS} connections for ${DURATION_S} s…`);
  const started = Date.now();
  const emulator = await load(emulatorUrl, token);
  const loadMs = Date.now() - started;
  // Let the last status webhooks (≤ 150 ms after acceptance) go out before counting.
  let stats;
  for (let i = 0; i < 50; i++) {
    stats = await (await fetch(`${emulatorUrl}/_emulator/stats`)).json();
    if (stats.webhooks.pending === 0) break;
    await sleep(200);
  }
  const drainMs = Date.now() - started;
  const sinkAfter = await (await fetch(sinkUrl)).json();

  children.push(startNode(BASELINE, { PORT: String(baselinePort) }));
  await sleep(300);
  console.log(`baseline: ${CONNECTIONS} connections for ${DURATION_S} s…`);
  const baseline = await load(`http://127.0.0.1:${baselinePort}`, token);

  const rows = [row('emulator', emulator), row('baseline (bare node:http)', baseline)];
  console.log('');
  console.table(
    Object.fromEntries(
      rows.map(({ name, ...rest }) => [name, { 'requests/s': rest.rps, 'p50 ms': rest.p50, 'p99 ms': rest.p99, 'non-2xx': rest.non2xx, requests: rest.total }]),
    ),
  );
  const posts = sinkAfter.posts - sinkBefore.posts;
  const changes = sinkAfter.changes - sinkBefore.changes;
  console.log(`emulator / baseline throughput: ${(rows[0].rps / rows[1].rps).toFixed(2)}`);
  console.log(`accepted sends: ${stats.sends.accepted} (peak ${stats.peakSendsPerSecond['100200300400500']} in one second), rejected: ${stats.sends.rejected}`);
  console.log(
    `webhooks: ${posts} POSTs carrying ${changes} status changes → ${Math.round((posts * 1000) / drainMs)} deliveries/s, ${Math.round((changes * 1000) / drainMs)} changes/s ` +
      `(all delivered ${((drainMs - loadMs) / 1000).toFixed(1)} s after the load stopped; retries ${stats.webhooks.retries}, failed ${stats.webhooks.failed}, dropped ${stats.webhooks.dropped}, pending ${stats.webhooks.pending})`,
  );
  console.log(rows[0].rps >= 3000 ? 'ok: at least 3,000 accepted sends per second' : 'BELOW TARGET: fewer than 3,000 sends per second');
} finally {
  stopAll();
}
