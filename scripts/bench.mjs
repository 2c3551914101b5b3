#!/usr/bin/env node
// `npm run bench`: the benchmark report. Runs ingress, sender, store, actions
// and end-to-end one after the other, each with a baseline measured in the
// same run, and writes docs/benchmarks.md (table, machine, load) with the plot
// docs/benchmarks.svg and the figures as docs/benchmarks.json.
//
//   npm run bench                        the report (about 10 minutes)
//   npm run bench <name…> [-- <args>]    those benchmarks only, their own tables, no report
//   npm run bench -- --render            docs/benchmarks.md and .svg again from docs/benchmarks.json
//
// In the report, BENCH_ARGS_<NAME> (e.g. BENCH_ARGS_STORE='--deliveries 300',
// BENCH_ARGS_END_TO_END='--no-build') gives one benchmark its arguments.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem, type, release } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderChart } from '../benchmarks/_report-chart.mjs';
import { renderMarkdown } from '../benchmarks/_report-markdown.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPORT = ['ingress', 'sender', 'store', 'actions', 'end-to-end'];
const OUTPUT = { markdown: path.join(root, 'docs/benchmarks.md'), chart: path.join(root, 'docs/benchmarks.svg'), json: path.join(root, 'docs/benchmarks.json') };
const available = readdirSync(path.join(root, 'benchmarks'))
  .filter((file) => file.endsWith('.mjs') && !file.startsWith('_'))
  .map((file) => file.replace(/\.mjs$/, ''))
  .sort();

const argv = process.argv.slice(2);
if (argv[0] === '--render') {
  render(JSON.parse(readFileSync(OUTPUT.json, 'utf8')));
  process.exit(0);
}
const firstArg = argv.findIndex((arg) => arg.startsWith('-'));
const wanted = firstArg === -1 ? argv : argv.slice(0, firstArg);
const passed = firstArg === -1 ? [] : argv.slice(firstArg);
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark: ${unknown.join(', ')} (available: ${available.join(', ')})\n`);
  process.exit(2);
}
process.exit(wanted.length > 0 ? await runAlone(wanted, passed) : await runReport());

/** As before the report existed: each benchmark prints its own tables. */
async function runAlone(names, args) {
  let failed = 0;
  for (const name of names) {
    process.stdout.write(`\n### bench ${name}\n`);
    const result = spawnSync(process.execPath, [path.join(root, 'benchmarks', `${name}.mjs`), ...args], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) failed += 1;
  }
  return failed === 0 ? 0 : 1;
}

async function runReport() {
  const started = Date.now();
  const machine = describeMachine();
  const workDir = mkdtempSync(path.join(tmpdir(), 'wabus-bench-'));
  const runs = [];
  progress(`report: ${REPORT.join(', ')} on ${machine.cpu} (${machine.cores} cores), node ${machine.node}; writes ${path.relative(root, OUTPUT.markdown)}`);
  try {
    for (const [index, name] of REPORT.entries()) {
      const tag = `[${index + 1}/${REPORT.length} ${name}]`;
      const args = (process.env[`BENCH_ARGS_${name.toUpperCase().replace(/-/g, '_')}`] ?? '').split(' ').filter(Boolean);
      const resultFile = path.join(workDir, `${name}.json`);
      const loadBefore = loadavg();
      const benchStarted = Date.now();
      progress(`${tag} starting at ${clock(benchStarted - started)}${args.length ? ` with ${args.join(' ')}` : ''}; load average ${loads(loadBefore)}`);
      const heartbeat = setInterval(() => progress(`${tag} running for ${clock(Date.now() - benchStarted)} (${clock(Date.now() - started)} in all)`), 30_000);
      const exitCode = await runChild(name, args, { WABUS_BENCH_RESULT_FILE: resultFile });
      clearInterval(heartbeat);
      const run = { name, args, exitCode, seconds: (Date.now() - benchStarted) / 1000, loadBefore, loadAfter: loadavg(), result: readResult(resultFile) };
      runs.push(run);
      progress(`${tag} ${exitCode === 0 ? 'done' : `exited with ${exitCode}`} in ${clock(Date.now() - benchStarted)}${run.result ? '' : ' (no figures)'}; load average ${loads(run.loadAfter)}`);
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  const report = { generatedAt: new Date().toISOString(), seconds: (Date.now() - started) / 1000, machine: { ...machine, ...(await serverVersions()) }, settings: benchSettings(), runs };
  writeFileSync(OUTPUT.json, `${JSON.stringify(report, null, 2)}\n`);
  render(report);
  progress(`report written in ${clock(Date.now() - started)}: ${[OUTPUT.markdown, OUTPUT.chart, OUTPUT.json].map((file) => path.relative(root, file)).join(', ')}`);
  return runs.every((run) => run.exitCode === 0 && run.result) ? 0 : 1;
}

function render(report) {
  writeFileSync(OUTPUT.chart, renderChart(report));
  writeFileSync(OUTPUT.markdown, renderMarkdown(report, path.basename(OUTPUT.chart), path.basename(OUTPUT.json)));
}

/** BENCH_* variables in effect (durations, rates, …): a report made with any of them is not a default run. */
function benchSettings() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith('BENCH_') && !key.startsWith('BENCH_ARGS_')).sort());
}

function runChild(name, args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'benchmarks', `${name}.mjs`), ...args], { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function readResult(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function describeMachine() {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu;
  } catch {
    // not Linux: os.cpus() has the model too
  }
  const git = (...args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? '';
  return {
    cpu,
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${type()} ${release()}`,
    commit: git('rev-parse', '--short', 'HEAD') || 'unknown',
    uncommittedChanges: git('status', '--porcelain').length > 0,
  };
}

/** Redis and PostgreSQL versions, from the servers the benchmarks use. */
async function serverVersions() {
  const versions = {};
  try {
    const { default: Redis } = await import('ioredis');
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    versions.redis = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1];
    redis.disconnect();
  } catch {
    versions.redis = 'unknown';
  }
  try {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: process.env.WABUS_BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
    await client.connect();
    versions.postgres = (await client.query('SHOW server_version')).rows[0].server_version;
    await client.end();
  } catch {
    versions.postgres = 'unknown';
  }
  return versions;
}

function progress(text) {
  process.stdout.write(`\n=== bench ${new Date().toISOString().slice(11, 19)} ${text}\n`);
}

function clock(ms) {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

function loads(values) {
  return values.map((value) => value.toFixed(2)).join(' ');
}
