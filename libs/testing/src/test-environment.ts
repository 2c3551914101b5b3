import { AppConfig, loadConfig, ServiceName } from '@wabus/config';

/**
 * The configuration a service gets inside `npm test`: the run's scratch
 * database and queue prefix (set by the Jest global setup), quiet logs, port 0.
 */
export function testConfig(service: ServiceName, overrides: Partial<AppConfig> = {}): AppConfig {
  const base = loadConfig(service, {
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL,
    WABUS_QUEUE_PREFIX: process.env.WABUS_QUEUE_PREFIX,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  return { ...base, port: 0, logPretty: false, ...overrides };
}

/** The run's database URL with another database name (dropped by the global teardown). */
export function scratchDatabaseUrl(suffix: string): string {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/wabus_test_local');
  url.pathname = `${url.pathname}_${suffix}`;
  return url.toString();
}
