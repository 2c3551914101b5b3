#!/usr/bin/env node
// `npm test`: every gate in one command — lint, types, build, then every Jest
// suite (unit, integration on real Redis and PostgreSQL, end to end through the
// emulator). Ends with one line `N passed, N failed` (each gate counts as one).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', FORCE_COLOR: process.stdout.isTTY ? '1' : '0' };
const jestArgs = process.argv.slice(2);
let passed = 0;
let failed = 0;

function gate(name, command, args) {
  process.stdout.write(`\n== ${name}: ${command} ${args.join(' ')}\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  const ok = result.status === 0;
  process.stdout.write(`== ${name} ${ok ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  if (ok) passed += 1;
  else failed += 1;
  return ok;
}

if (jestArgs.length === 0) {
  // ESLint's module-boundary rule reads Nx's cached project graph; on a fresh
  // clone there is none and the rule would be skipped (with a warning), so build it first.
  spawnSync('npx', ['nx', 'show', 'projects'], { cwd: root, stdio: 'ignore', env });
  gate('lint', 'npx', ['eslint', '.', '--max-warnings=0']);
  gate('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
  gate('build', 'npx', ['nx', 'run-many', '-t', 'build', '--parallel=2', '--outputStyle=static']);
}

mkdirSync(path.join(root, 'tmp'), { recursive: true });
const report = path.join(root, 'tmp', 'jest-results.json');
rmSync(report, { force: true });
process.stdout.write('\n== jest: unit, integration and end-to-end suites\n');
const jest = spawnSync('npx', ['jest', '--ci', '--json', `--outputFile=${report}`, ...jestArgs], { cwd: root, stdio: 'inherit', env });
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  // A suite that fails to load has no failed test of its own: count it.
  failed += results.testResults.filter((suite) => suite.status === 'failed' && suite.assertionResults.every((test) => test.status !== 'failed')).length;
} else {
  failed += 1;
}
if (jest.status !== 0 && failed === 0) failed += 1;

process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
