#!/usr/bin/env node
// `npm start`: the whole of wabus on this machine. Builds what changed (Nx
// caches the rest), starts the six services with their output prefixed, waits
// until every one is ready, prints where to go, and stops them all on Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVICES = [
  ['cloud-api-emulator', 4010],
  ['gateway', 3000],
  ['sender', 3001],
  ['store', 3002],
  ['template-sync', 3003],
  ['action-engine', 3004],
];
const COLORS = [35, 36, 32, 33, 34, 31];
// Shifts every port (tests run a second stack beside a developer's own).
const offset = Number(process.env.WABUS_PORT_OFFSET ?? 0);
const portOf = (base) => base + offset;
const tty = process.stdout.isTTY;
const paint = (code, text) => (tty ? `\x1b[${code}m${text}\x1b[0m` : text);
const say = (text) => process.stdout.write(`${paint(1, 'wabus')} ${text}\n`);

function endpoint(url, fallbackPort) {
  const parsed = new URL(url);
  return { host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || fallbackPort) };
}

function reachable({ host, port }) {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.setTimeout(2000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

async function checkDependencies() {
  const redis = endpoint(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 6379);
  const postgres = endpoint(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/wabus', 5432);
  const problems = [];
  if (!(await reachable(redis))) problems.push(`Redis is not answering on ${redis.host}:${redis.port} (start it, e.g. \`redis-server --daemonize yes --appendonly yes\`, or set REDIS_URL)`);
  if (!(await reachable(postgres))) problems.push(`PostgreSQL is not answering on ${postgres.host}:${postgres.port} (start it, e.g. \`pg_ctlcluster 15 main start\`, or set DATABASE_URL)`);
  if (problems.length > 0) {
    for (const problem of problems) say(problem);
    process.exit(1);
  }
}

function build() {
  say('building the services (only what changed)…');
  const result = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects', SERVICES.map(([name]) => name).join(','), '--parallel=2', '--outputStyle=static'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' },
  });
  if (result.status !== 0) {
    say('the build failed: see above');
    process.exit(result.status ?? 1);
  }
}

/** A development API key kept across runs, unless WABUS_BOOTSTRAP_API_KEY is given. */
function bootstrapApiKey() {
  if (process.env.WABUS_BOOTSTRAP_API_KEY) return process.env.WABUS_BOOTSTRAP_API_KEY;
  const file = path.join(root, '.wabus', 'dev-api-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const key = `wabus_dev_${randomBytes(24).toString('base64url')}`;
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

function prefixLines(stream, label, out) {
  let pending = '';
  stream.on('data', (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) out.write(`${label} ${line}\n`);
  });
  stream.on('end', () => pending && out.write(`${label} ${pending}\n`));
}

async function waitUntilReady(port, deadline) {
  const probe = port === portOf(4010) ? '/healthz' : '/readyz';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}${probe}`);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

await checkDependencies();
if (process.env.WABUS_SKIP_BUILD !== 'true') build();

const apiKey = bootstrapApiKey();
const width = Math.max(...SERVICES.map(([name]) => name.length));
const children = [];
let stopping = false;

for (const [index, [name]] of SERVICES.entries()) {
  const label = paint(COLORS[index % COLORS.length], name.padEnd(width));
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(root, 'dist/apps', name, 'main.js')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(portOf(SERVICES[index][1])),
      WABUS_EMULATOR_URL: process.env.WABUS_EMULATOR_URL ?? `http://127.0.0.1:${portOf(4010)}`,
      WABUS_PUBLIC_URL: process.env.WABUS_PUBLIC_URL ?? `http://127.0.0.1:${portOf(3000)}`,
      WABUS_BOOTSTRAP_API_KEY: apiKey,
      LOG_PRETTY: process.env.LOG_PRETTY ?? String(Boolean(tty)),
      FORCE_COLOR: tty ? '1' : '0',
    },
  });
  prefixLines(child.stdout, label, process.stdout);
  prefixLines(child.stderr, label, process.stderr);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    say(`${name} exited (${signal ?? `code ${code}`}); stopping the others`);
    void stopAll(code || 1);
  });
  children.push(child);
}

async function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  say('stopping every service…');
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  const deadline = Date.now() + 15_000;
  while (children.some((child) => child.exitCode === null && child.signalCode === null) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  process.exit(exitCode);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

const deadline = Date.now() + 120_000;
const ready = await Promise.all(SERVICES.map(([, port]) => waitUntilReady(portOf(port), deadline)));
if (ready.every(Boolean)) {
  say('every service is ready:');
  for (const [name, port] of SERVICES) say(`  ${name.padEnd(width)}  http://127.0.0.1:${portOf(port)}`);
  say(`Console   http://127.0.0.1:${portOf(3000)}/console/   (log in with the API key below)`);
  say(`API docs  http://127.0.0.1:${portOf(3000)}/docs`);
  say(`API key   ${apiKey}   (Authorization: Bearer <key>)`);
  say('Ctrl-C stops everything.');
} else if (!stopping) {
  const late = SERVICES.filter((_, index) => !ready[index]).map(([name]) => name);
  say(`not ready after 120 s: ${late.join(', ')}; see their output above`);
}
