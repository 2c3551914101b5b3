import { type DataSource, MigrationExecutor, type QueryRunner } from 'typeorm';
import { createDataSource, DatabaseSetupError, type DataSourceSettings, ensureDatabase } from './data-source';

export type MigrationLog = (message: string) => void;

export interface MigrateSettings extends DataSourceSettings {
  /** How long to wait for another process's migration to finish; default 5 minutes. */
  lockTimeoutMs?: number;
}

/**
 * The advisory lock every wabus process takes before migrating: 'wabus' in
 * ASCII, as a bigint. Advisory locks are scoped to one database, so test
 * databases on the same server do not wait for each other.
 */
export const MIGRATION_LOCK_KEY = '512734950771';

const DEFAULT_LOCK_TIMEOUT_MS = 5 * 60_000;
// Migrations run on the one connection that holds the lock; the second is slack
// for anything TypeORM or a future migration asks of the pool.
const MIGRATE_POOL_SIZE = 2;
const LOCK_NOT_AVAILABLE = '55P03';

async function acquireMigrationLock(runner: QueryRunner, timeoutMs: number, log: MigrationLog): Promise<void> {
  const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1::bigint) AS locked', [
    MIGRATION_LOCK_KEY,
  ])) as [{ locked: boolean }];
  if (locked) return;
  log('Another process is migrating the database; waiting for it to finish.');
  // lock_timeout bounds the wait, so a stuck migrator fails our start with a
  // clear error instead of hanging it. A session lock is released by
  // PostgreSQL when its holder's connection ends, so a killed migrator frees it.
  await runner.query(`SET lock_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
  try {
    await runner.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === LOCK_NOT_AVAILABLE) {
      throw new DatabaseSetupError(
        'migration_lock_timeout',
        `Another process held the migration lock for more than ${timeoutMs} ms; see pg_locks (objid ${MIGRATION_LOCK_KEY}).`,
      );
    }
    throw error;
  } finally {
    await runner.query('RESET lock_timeout');
  }
}

/**
 * Runs `work` with an executor whose every statement goes through one
 * connection that holds the migration lock, so the lock cannot be released
 * while a migration is half applied.
 */
async function withMigrationLock<T>(
  dataSource: DataSource,
  settings: MigrateSettings,
  log: MigrationLog,
  work: (executor: MigrationExecutor) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner('master');
  await runner.connect();
  try {
    await acquireMigrationLock(runner, settings.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS, log);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'each';
      return await work(executor);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

/**
 * Applies the pending migrations through an initialized DataSource, under the
 * migration lock: when several services start at once, one migrates and the
 * others wait, then find nothing pending. Returns the names applied.
 */
export async function runMigrationsLocked(
  dataSource: DataSource,
  log: MigrationLog = () => undefined,
  settings: MigrateSettings = {},
): Promise<string[]> {
  return withMigrationLock(dataSource, settings, log, async (executor) => {
    const applied = (await executor.executePendingMigrations()).map((migration) => migration.name);
    for (const name of applied) log(`Applied migration ${name}.`);
    return applied;
  });
}

/**
 * What a service (or a `migrate` step) runs at start: creates the database if
 * missing, then applies pending migrations under the migration lock. Returns
 * the names of the migrations this call applied (empty when another process
 * applied them, or none were pending).
 */
export async function migrateDatabase(
  databaseUrl: string,
  log: MigrationLog = () => undefined,
  settings: MigrateSettings = {},
): Promise<string[]> {
  if (await ensureDatabase(databaseUrl, settings)) log('Created the database.');
  const dataSource = createDataSource(databaseUrl, {
    ...settings,
    applicationName: settings.applicationName ?? 'wabus-migrate',
    poolSize: MIGRATE_POOL_SIZE,
  });
  await dataSource.initialize();
  try {
    return await runMigrationsLocked(dataSource, log, settings);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Reverts every applied migration, newest first, leaving only TypeORM's
 * `migrations` table. For tests and for tearing down a scratch database;
 * never run against data you want to keep. Returns the names reverted.
 */
export async function revertAllMigrations(
  databaseUrl: string,
  log: MigrationLog = () => undefined,
  settings: MigrateSettings = {},
): Promise<string[]> {
  const dataSource = createDataSource(databaseUrl, {
    ...settings,
    applicationName: settings.applicationName ?? 'wabus-migrate',
    poolSize: MIGRATE_POOL_SIZE,
  });
  await dataSource.initialize();
  try {
    return await withMigrationLock(dataSource, settings, log, async (executor) => {
      const reverted: string[] = [];
      for (;;) {
        // Newest first (TypeORM orders by id descending): the one undoLastMigration reverts.
        const [latest] = await executor.getExecutedMigrations();
        if (!latest) return reverted;
        await executor.undoLastMigration();
        log(`Reverted migration ${latest.name}.`);
        reverted.push(latest.name);
      }
    });
  } finally {
    await dataSource.destroy();
  }
}
