import { Client } from 'pg';
import { createDataSource, DatabaseSetupError, ensureDatabase } from '../data-source';
import { ENTITIES } from '../entities';
import { MIGRATIONS } from '../migrations';
import { MIGRATION_LOCK_KEY, migrateDatabase, revertAllMigrations, runMigrationsLocked } from '../migration-runner';
import { extraDatabaseUrl, tableNames, testDatabaseUrl } from './test-database';

const MIGRATION_NAMES = MIGRATIONS.map((migration) => new migration().name);
const SCHEMA_TABLES = [
  'action_runs',
  'api_keys',
  'approvals',
  'button_actions',
  'channels',
  'contacts',
  'conversations',
  'dead_letters',
  'domain_events',
  'event_deliveries',
  'event_subscriptions',
  'message_status_events',
  'messages',
  'templates',
  'tickets',
];

async function withDataSource<T>(url: string, work: (dataSource: ReturnType<typeof createDataSource>) => Promise<T>) {
  const dataSource = createDataSource(url, { poolSize: 2 });
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

async function appliedMigrationRows(url: string): Promise<string[]> {
  return withDataSource(url, async (dataSource) =>
    ((await dataSource.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[]).map((row) => row.name),
  );
}

describe('migrations', () => {
  it('create the database, migrate it up from empty, down to nothing, and up again', async () => {
    const url = extraDatabaseUrl('updown');
    const log: string[] = [];

    expect(await migrateDatabase(url, (message) => log.push(message))).toEqual(MIGRATION_NAMES);
    expect(log).toEqual(['Created the database.', ...MIGRATION_NAMES.map((name) => `Applied migration ${name}.`)]);
    expect(await withDataSource(url, tableNames)).toEqual([...SCHEMA_TABLES, 'migrations'].sort());

    expect(await revertAllMigrations(url)).toEqual([...MIGRATION_NAMES].reverse());
    expect(await withDataSource(url, tableNames)).toEqual(['migrations']);
    expect(await appliedMigrationRows(url)).toEqual([]);

    expect(await migrateDatabase(url)).toEqual(MIGRATION_NAMES);
    expect(await withDataSource(url, tableNames)).toEqual([...SCHEMA_TABLES, 'migrations'].sort());
    expect(await migrateDatabase(url)).toEqual([]);
  });

  it('leave no difference between the entities and the migrated schema', async () => {
    await migrateDatabase(testDatabaseUrl());
    await withDataSource(testDatabaseUrl(), async (dataSource) => {
      expect(dataSource.entityMetadatas.map((metadata) => metadata.tableName).sort()).toEqual(SCHEMA_TABLES);
      expect(ENTITIES).toHaveLength(SCHEMA_TABLES.length);
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
    });
  });

  it('are applied exactly once when four services migrate the same new database at once', async () => {
    const url = extraDatabaseUrl('concurrent');
    const applied = await Promise.all([1, 2, 3, 4].map(() => migrateDatabase(url)));
    expect(applied.flat().sort()).toEqual([...MIGRATION_NAMES].sort());
    expect(applied.filter((names) => names.length > 0)).toHaveLength(1);
    expect(await appliedMigrationRows(url)).toEqual(MIGRATION_NAMES);
  });

  it('are applied exactly once when four initialized DataSources migrate at once', async () => {
    const url = extraDatabaseUrl('datasources');
    await ensureDatabase(url);
    const dataSources = [1, 2, 3, 4].map(() => createDataSource(url, { poolSize: 2 }));
    await Promise.all(dataSources.map((dataSource) => dataSource.initialize()));
    try {
      const applied = await Promise.all(dataSources.map((dataSource) => runMigrationsLocked(dataSource)));
      expect(applied.flat().sort()).toEqual([...MIGRATION_NAMES].sort());
      expect(await appliedMigrationRows(url)).toEqual(MIGRATION_NAMES);
    } finally {
      await Promise.all(dataSources.map((dataSource) => dataSource.destroy()));
    }
  });

  it('wait for another migrator, and give up with a clear error when it holds the lock too long', async () => {
    const url = extraDatabaseUrl('locked');
    await ensureDatabase(url);
    const holder = new Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
      const log: string[] = [];
      const attempt = migrateDatabase(url, (message) => log.push(message), { lockTimeoutMs: 300 });
      await expect(attempt).rejects.toBeInstanceOf(DatabaseSetupError);
      await expect(attempt).rejects.toMatchObject({ code: 'migration_lock_timeout' });
      expect(log).toEqual(['Another process is migrating the database; waiting for it to finish.']);
    } finally {
      await holder.end();
    }
    expect(await migrateDatabase(url)).toEqual(MIGRATION_NAMES);
  });
});

describe('ensureDatabase', () => {
  it('creates a missing database once when called concurrently, and leaves an existing one alone', async () => {
    const url = extraDatabaseUrl('ensure');
    const created = await Promise.all([1, 2, 3, 4].map(() => ensureDatabase(url)));
    expect(created.filter(Boolean)).toHaveLength(1);
    expect(await ensureDatabase(url)).toBe(false);
    expect(await withDataSource(url, async (dataSource) => dataSource.query('SELECT 1 AS ok'))).toEqual([{ ok: 1 }]);
  });

  it('refuses a URL without a database name', async () => {
    await expect(ensureDatabase('postgres://postgres@127.0.0.1:5432')).rejects.toMatchObject({
      code: 'invalid_database_url',
    });
  });
});
