import 'reflect-metadata';
import { ConfigError, loadToolConfig } from '@wabus/config';
import { migrateDatabase } from '@wabus/persistence';
import { redactUrl } from '@wabus/queues';
import { createLogger } from '@wabus/service';

/**
 * `node dist/apps/migrate/main.js`: creates the database if missing and applies
 * pending migrations, then exits (0 done, 1 failed). Every service also
 * migrates at start under the same advisory lock; this step lets a deployment
 * migrate once, before any new version starts (the Kubernetes migration Job).
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadToolConfig();
  } catch (error) {
    const variable = error instanceof ConfigError ? ` [${error.variable}]` : '';
    process.stderr.write(`migrate: cannot start${variable}: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const logger = createLogger({ service: 'migrate', logLevel: config.logLevel, logPretty: false });
  try {
    const applied = await migrateDatabase(config.databaseUrl, (message) => logger.info(message));
    logger.info({ migrations: applied }, applied.length > 0 ? `applied ${applied.length} migration(s)` : 'the database is up to date');
    logger.flush();
    process.exit(0);
  } catch (error) {
    process.stderr.write(`migrate: cannot migrate PostgreSQL at ${redactUrl(config.databaseUrl)}: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

void main();
