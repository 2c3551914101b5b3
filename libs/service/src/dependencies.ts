import Redis from 'ioredis';
import type { Logger } from 'pino';
import type { AppConfig } from '@wabus/config';
import { migrateDatabase } from '@wabus/persistence';
import { redactUrl, redisOptionsFromUrl } from '@wabus/queues';
import { withTimeout } from './readiness';
import { StartupError } from './startup-error';

const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Checked before the app is built, so a wrong URL ends the start with one
 * sentence and leaves no half-open connection behind.
 */
export async function assertRedisReachable(config: AppConfig, logger: Logger): Promise<void> {
  const client = new Redis({ ...redisOptionsFromUrl(config.redisUrl), lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  try {
    await withTimeout(client.connect(), CONNECT_TIMEOUT_MS, `no answer within ${CONNECT_TIMEOUT_MS} ms`);
    await client.ping();
    await warnAboutDurability(client, logger);
  } catch (error) {
    throw new StartupError(`cannot reach Redis at ${redactUrl(config.redisUrl)}: ${describe(error)} (check REDIS_URL)`);
  } finally {
    client.disconnect();
  }
}

/** Creates the database if missing and applies pending migrations (safe when services start together). */
export async function prepareDatabase(config: AppConfig, logger: Logger): Promise<void> {
  try {
    const applied = await migrateDatabase(config.databaseUrl);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  } catch (error) {
    throw new StartupError(`cannot use PostgreSQL at ${redactUrl(config.databaseUrl)}: ${describe(error)} (check DATABASE_URL)`);
  }
}

/** "Nothing accepted is lost" needs AOF and noeviction (architecture.md, Guarantees). */
async function warnAboutDurability(client: Redis, logger: Logger): Promise<void> {
  try {
    const [, appendonly] = (await client.config('GET', 'appendonly')) as [string, string];
    const [, policy] = (await client.config('GET', 'maxmemory-policy')) as [string, string];
    if (appendonly !== 'yes') logger.warn({ appendonly }, 'Redis runs without appendonly: queued work can be lost if Redis restarts');
    if (policy !== 'noeviction') logger.warn({ policy }, 'Redis may evict keys under memory pressure: set maxmemory-policy noeviction');
  } catch {
    logger.warn('could not read the Redis persistence settings (CONFIG GET is not allowed here); make sure AOF and noeviction are on');
  }
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  const message = error instanceof Error ? error.message : String(error);
  return message || (error as { code?: string }).code || 'unknown error';
}
