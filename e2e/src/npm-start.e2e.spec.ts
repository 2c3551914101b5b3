import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { waitFor } from '@wabus/testing';
import { processesMatching, run, workspaceRoot } from './processes';

const PORTS = { gateway: 3000, sender: 3001, store: 3002, 'template-sync': 3003, 'action-engine': 3004, 'cloud-api-emulator': 4010 };
const OFFSET = 20_000 + (process.pid % 1000) * 10;

/**
 * `npm start` as a user runs it (already built by `npm test`), on shifted ports
 * so it never collides with a developer's running stack.
 */
describe('npm start', () => {
  it('brings every service to ready, and Ctrl-C stops them all with no orphan process', async () => {
    const dist = path.join(workspaceRoot, 'dist/apps');
    // Each service reads PORT; the launcher passes the environment through, so
    // shift ports by running the services directly with the launcher's env.
    const key = `wabus_test_${randomBytes(16).toString('hex')}`;
    const started = run('node', ['scripts/start.mjs'], {
      WABUS_SKIP_BUILD: 'true',
      WABUS_BOOTSTRAP_API_KEY: key,
      WABUS_PORT_OFFSET: String(OFFSET),
      LOG_LEVEL: 'info',
    });
    try {
      await waitFor(() => started.output().includes('every service is ready'), 120_000, 'all services ready');
      for (const port of Object.values(PORTS)) {
        const probe = port === 4010 ? '/healthz' : '/readyz';
        const response = await fetch(`http://127.0.0.1:${port + OFFSET}${probe}`);
        expect(response.status).toBe(200);
      }
      expect(started.output()).toContain(key);
      expect(await processesMatching(dist, started.child.pid)).toHaveLength(6);
    } finally {
      if (started.child.pid) process.kill(-started.child.pid, 'SIGINT');
    }
    const exit = await started.exited;
    expect(exit.code).toBe(0);
    await waitFor(async () => (await processesMatching(dist, started.child.pid)).length === 0, 20_000, 'no service process left');
  }, 180_000);
});

describe('a service with a bad dependency URL', () => {
  it.each([
    ['DATABASE_URL', 'postgres://postgres@127.0.0.1:1/wabus', /cannot use PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/wabus.*check DATABASE_URL/],
    ['REDIS_URL', 'redis://127.0.0.1:1', /cannot reach Redis at redis:\/\/127\.0\.0\.1:1.*check REDIS_URL/],
    ['REDIS_URL', 'not-a-url', /\[REDIS_URL\].*REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/],
  ])('with %s=%s says so in one line and exits non-zero', async (variable, value, message) => {
    const service = run('node', [path.join(workspaceRoot, 'dist/apps/store/main.js')], { [variable]: value, PORT: String(OFFSET + 99), LOG_LEVEL: 'silent' });
    const exit = await service.exited;
    expect(exit.code).toBe(1);
    const lines = service.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});
