// Shared by the benchmarks: build, scratch database and queue prefix, start a
// built service on a free port, wait for readiness, print a table, hand the
// headline figures to `npm run bench` for docs/benchmarks.md.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ADMIN_DATABASE_URL = process.env.WABUS_BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function build(projects) {
  const result = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects', projects.join(','), '--outputStyle=static'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (result.status !== 0) throw new Error(`build of ${projects.join(', ')} failed`);
}

/** A scratch database and queue prefix, removed by `cleanup()`. */
export async function scratch() {
  const id = randomBytes(4).toString('hex');
  const database = `wabus_bench_${id}`;
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${database}`;
  return {
    id,
    databaseUrl: url.toString(),
    queuePrefix: `{wabus-bench-${id}}`,
    async cleanup() {
      const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
      await admin.end();
      const { default: Redis } = await import('ioredis');
      const redis = new Redis(REDIS_URL);
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `{wabus-bench-${id}}*`, 'COUNT', 1000);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      redis.disconnect();
    },
  };
}

export function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `dist/apps/<app>/main.js` and resolves once its probe answers 200. */
export async function startService(app, env) {
  const port = await freePort();
  const child = spawn(process.execPath, [...(process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean), path.join(root, 'dist/apps', app, 'main.js')], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', LOG_PRETTY: 'false', PORT: String(port), ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const probe = app === 'cloud-api-emulator' ? '/healthz' : '/readyz';
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode}`);
    try {
      if ((await fetch(url + probe)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${app} not ready in 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    port,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

export function table(rows) {
  const headers = Object.keys(rows[0]);
  const widths = headers.map((header) => Math.max(header.length, ...rows.map((row) => String(row[header]).length)));
  const line = (cells) => `| ${cells.map((cell, index) => String(cell).padEnd(widths[index])).join(' | ')} |`;
  return [line(headers), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map((row) => line(headers.map((header) => row[header])))].join('\n');
}

/**
 * The bench's headline figures for the report that `npm run bench` writes
 * (docs/benchmarks.md): JSON in the file named by WABUS_BENCH_RESULT_FILE,
 * nothing when it is unset (a bench run alone prints only its own tables).
 *
 * rows: `{figure, value, unit, baseline?, baselineLabel?, ratio?, chart?}`, the
 * baseline measured in the same run; ratio defaults to value ÷ baseline (`ratio: null`: none); `chart`
 * puts a rate in the plot. latency (one or a list): `{figure, p50, p99, unit,
 * baseline?: {label, p50, p99}}`, drawn as p50/p99 bars.
 */
export function reportResult({ name, title, rows, latency = [] }) {
  const file = process.env.WABUS_BENCH_RESULT_FILE;
  if (!file) return;
  const number = (value) => (value === null || value === undefined || value === '' || !Number.isFinite(Number(value)) ? null : Number(value));
  const result = {
    name,
    title: title ?? name,
    rows: rows.map((row) => {
      const value = number(row.value);
      const baseline = number(row.baseline);
      return {
        figure: row.figure,
        value,
        unit: row.unit ?? '',
        baseline,
        baselineLabel: row.baselineLabel ?? null,
        ratio: 'ratio' in row ? number(row.ratio) : value !== null && baseline ? value / baseline : null,
        chart: Boolean(row.chart),
      };
    }),
    latency: [latency].flat().map((entry) => ({
      figure: entry.figure,
      p50: number(entry.p50),
      p99: number(entry.p99),
      unit: entry.unit ?? 'ms',
      baseline: entry.baseline ? { label: entry.baseline.label, p50: number(entry.baseline.p50), p99: number(entry.baseline.p99) } : null,
    })),
  };
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One JSON request: the status, the parsed body (undefined when it is not JSON) and the raw text. */
export async function callJson(base, method, path, body, headers = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

/** Polls `probe` until it answers something truthy, and returns that; fails naming `what` after `timeoutMs`. */
export async function until(probe, timeoutMs, what, intervalMs = 200) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(intervalMs);
  }
}

/** What the emulator accepted (or refused) for one number: its outbox rows. */
export async function emulatorOutbox(emu, phoneNumberId) {
  return (await emu('GET', `/_emulator/outbox?phoneNumberId=${phoneNumberId}&limit=20000`)).json.data;
}
