// The stack of the fault run: its own Redis (AOF on, so a restart keeps what
// it acknowledged) and its own PostgreSQL cluster (so a crash-restart is real),
// both on free ports in a temporary directory, and the built services as
// child processes that can be killed -9 and started again on the same port.
// The machine's shared Redis and PostgreSQL are never touched.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, chownSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(probe, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await sleep(100);
  }
}

function tcpOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** A child process whose output goes to `<dir>/<name>.log`; `kill9` and `start` can be repeated. */
function supervised(name, command, args, options) {
  const log = createWriteStream(path.join(options.dir, `${name}.log`), { flags: 'a' });
  let child = null;
  return {
    name,
    get pid() {
      return child?.pid ?? null;
    },
    start() {
      log.write(`\n--- start ${new Date().toISOString()}\n`);
      child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.pipe(log, { end: false });
      child.stderr.pipe(log, { end: false });
      return child;
    },
    running() {
      return child !== null && child.exitCode === null && child.signalCode === null;
    },
    async kill9() {
      if (!this.running()) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      log.write(`--- killed -9 ${new Date().toISOString()}\n`);
    },
    async stop() {
      if (!this.running()) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** redis-server on a free port with AOF, in `dir`; `crash()` kills it -9, `start()` brings it back with its data. */
export async function startScratchRedis(dir) {
  const port = await freePort();
  const data = path.join(dir, 'redis');
  mkdirSync(data, { recursive: true });
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--dir', data, '--maxmemory-policy', 'noeviction'];
  const process_ = supervised('redis', 'redis-server', args, { dir, env: process.env });
  const redis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      process_.start();
      await until(() => tcpOpen(port), 15_000, `redis on ${port}`);
    },
    crash: () => process_.kill9(),
    stop: () => process_.stop(),
  };
  await redis.start();
  return redis;
}

function postgresBinDir() {
  const configured = process.env.WABUS_FAULTS_PG_BINDIR;
  if (configured) return configured;
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((entry) => /^\d+$/.test(entry)).sort((a, b) => Number(b) - Number(a));
    for (const version of versions) if (existsSync(path.join(base, version, 'bin', 'initdb'))) return path.join(base, version, 'bin');
  }
  return null; // rely on PATH
}

/**
 * A PostgreSQL cluster of its own (initdb in `dir`, trust auth). PostgreSQL
 * refuses to run as root, so as root every command runs as the `postgres`
 * user. `crash()` is `pg_ctl stop -m immediate`: the server quits without a
 * checkpoint and recovers from its WAL at the next start, as after a crash.
 */
export async function startScratchPostgres(dir) {
  const port = await freePort();
  const data = path.join(dir, 'pgdata');
  const asRoot = process.getuid?.() === 0;
  mkdirSync(data, { recursive: true, mode: 0o700 });
  if (asRoot) {
    chownSync(dir, uidOf('postgres'), gidOf('postgres'));
    chownSync(data, uidOf('postgres'), gidOf('postgres'));
  }
  const bin = postgresBinDir();
  const tool = (name) => (bin ? path.join(bin, name) : name);
  const run = (name, args) => {
    const [command, fullArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', tool(name), ...args]] : [tool(name), args];
    const result = spawnSync(command, fullArgs, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${name} ${args.join(' ')} failed: ${result.stderr || result.stdout || result.error?.message}`);
  };
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on`;
  const postgres = {
    port,
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    databaseUrl: `postgres://postgres@127.0.0.1:${port}/wabus_faults`,
    start: async () => {
      run('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'postgres.log'), '-w', '-t', '60', 'start']);
      await until(() => tcpOpen(port), 15_000, `postgres on ${port}`);
    },
    crash: async () => run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']),
    stop: async () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
  };
  await postgres.start();
  return postgres;
}

function uidOf(user) {
  return Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
}

function gidOf(user) {
  return Number(spawnSync('id', ['-g', user], { encoding: 'utf8' }).stdout.trim());
}

/** One built service (`dist/apps/<app>/main.js`) on a fixed port, restartable after a kill -9. */
export function serviceProcess(root, dir, app, port, env) {
  const main = path.join(root, 'dist/apps', app, 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (npx nx run-many -t build --projects ${app})`);
  const process_ = supervised(app, process.execPath, [main], {
    dir,
    cwd: root,
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', LOG_PRETTY: 'false', PORT: String(port), ...env },
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    url,
    port,
    async start() {
      process_.start();
      await this.ready();
    },
    async ready(timeoutMs = 60_000) {
      const probe = app === 'cloud-api-emulator' ? '/healthz' : '/readyz';
      await until(async () => (await fetch(url + probe, { signal: AbortSignal.timeout(2_000) })).ok, timeoutMs, `${app} ready`);
    },
    async isReady() {
      const probe = app === 'cloud-api-emulator' ? '/healthz' : '/readyz';
      return fetch(url + probe, { signal: AbortSignal.timeout(2_000) }).then((response) => response.ok).catch(() => false);
    },
    kill9: () => process_.kill9(),
    stop: () => process_.stop(),
  };
}
