import { Client, type ClientConfig } from 'pg';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DataSourceSettings {
  /** Shown in pg_stat_activity, so an operator can tell which service holds a connection. */
  applicationName?: string;
  /** Connections in the pool; default 10. */
  poolSize?: number;
  /** How long to wait for a connection, default 5 000 ms: node-postgres waits forever unless told. */
  connectionTimeoutMs?: number;
  /** Server-side cap on one statement; default none. */
  statementTimeoutMs?: number;
}

export type DatabaseSetupErrorCode = 'invalid_database_url' | 'migration_lock_timeout';

export class DatabaseSetupError extends Error {
  override readonly name = 'DatabaseSetupError';

  constructor(
    readonly code: DatabaseSetupErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const DEFAULT_APPLICATION_NAME = 'wabus';
const DEFAULT_POOL_SIZE = 10;
const DEFAULT_CONNECTION_TIMEOUT_MS = 5_000;

/**
 * A TypeORM DataSource over the wabus schema; call `initialize()` before use
 * and `destroy()` at shutdown. The schema is owned by the migrations, never by
 * `synchronize`, and TypeORM never installs extensions: gen_random_uuid() is
 * core in PostgreSQL 13+, and a service's role should not need CREATE EXTENSION.
 */
export function createDataSource(databaseUrl: string, settings: DataSourceSettings = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    applicationName: settings.applicationName ?? DEFAULT_APPLICATION_NAME,
    poolSize: settings.poolSize ?? DEFAULT_POOL_SIZE,
    connectTimeoutMS: settings.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    extra: settings.statementTimeoutMs === undefined ? {} : { statement_timeout: settings.statementTimeoutMs },
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    // Each migration in its own transaction, so a later one may opt out
    // (`transaction = false`) for CREATE INDEX CONCURRENTLY.
    migrationsTransactionMode: 'each',
    migrationsRun: false,
    synchronize: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    namingStrategy: new SnakeNamingStrategy(),
    // TypeORM drops a null or undefined value from a find's where by default,
    // so `{ id: undefined }` matches every row; here it is an error instead.
    invalidWhereValuesBehavior: { null: 'throw', undefined: 'throw' },
    logging: false,
  });
}

export function databaseNameOf(databaseUrl: string): string {
  let name = '';
  try {
    name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  } catch {
    // reported below, without echoing a URL that may hold a password
  }
  if (!name) {
    throw new DatabaseSetupError(
      'invalid_database_url',
      'The database URL must be a postgres:// URL with a database name, e.g. postgres://postgres@127.0.0.1:5432/wabus.',
    );
  }
  return name;
}

const DUPLICATE_DATABASE = '42P04';
// Two CREATE DATABASE racing can also collide on pg_database's unique index.
const UNIQUE_VIOLATION = '23505';
const INVALID_CATALOG_NAME = '3D000';

function sqlStateOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function clientConfig(connectionString: string, settings: DataSourceSettings): ClientConfig {
  return {
    connectionString,
    application_name: settings.applicationName ?? DEFAULT_APPLICATION_NAME,
    connectionTimeoutMillis: settings.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
  };
}

async function canConnect(databaseUrl: string, settings: DataSourceSettings): Promise<boolean> {
  const client = new Client(clientConfig(databaseUrl, settings));
  try {
    await client.connect();
    return true;
  } catch (error) {
    if (sqlStateOf(error) === INVALID_CATALOG_NAME) return false;
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Creates the database of `databaseUrl` if it does not exist; returns whether
 * it created it. The database is tried first, so a role that may not connect
 * to the `postgres` maintenance database still starts against an existing one.
 * Safe when several services start at once: losing the race to create is fine.
 */
export async function ensureDatabase(databaseUrl: string, settings: DataSourceSettings = {}): Promise<boolean> {
  const name = databaseNameOf(databaseUrl);
  if (await canConnect(databaseUrl, settings)) return false;
  const maintenanceUrl = new URL(databaseUrl);
  maintenanceUrl.pathname = '/postgres';
  const client = new Client(clientConfig(maintenanceUrl.toString(), settings));
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    return true;
  } catch (error) {
    const state = sqlStateOf(error);
    if (state === DUPLICATE_DATABASE || state === UNIQUE_VIOLATION) return false;
    throw error;
  } finally {
    await client.end();
  }
}
