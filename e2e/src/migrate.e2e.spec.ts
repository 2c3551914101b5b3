import path from 'node:path';
import { Client } from 'pg';
import { scratchDatabaseUrl } from '@wabus/testing';
import { run, workspaceRoot } from './processes';

describe('the migrate step (node dist/apps/migrate/main.js)', () => {
  it('creates a missing database, migrates it, and is a no-op the second time', async () => {
    const databaseUrl = scratchDatabaseUrl('migrate_step');
    const entry = path.join(workspaceRoot, 'dist/apps/migrate/main.js');
    const first = run('node', [entry], { DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' });
    expect((await first.exited).code).toBe(0);
    expect(first.output()).toMatch(/applied \d+ migration/);
    const second = run('node', [entry], { DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' });
    expect((await second.exited).code).toBe(0);
    expect(second.output()).toContain('the database is up to date');
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT count(*)::int AS tables FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('channels', 'messages', 'dead_letters')`);
      expect(rows[0].tables).toBe(3);
    } finally {
      await client.end();
    }
  });

  it('says in one line what is wrong with a bad DATABASE_URL and exits 1', async () => {
    const failing = run('node', [path.join(workspaceRoot, 'dist/apps/migrate/main.js')], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/wabus', LOG_LEVEL: 'silent' });
    expect((await failing.exited).code).toBe(1);
    expect(failing.output().trim().split('\n')).toEqual([expect.stringMatching(/^migrate: cannot migrate PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/wabus: /)]);
  });
});
