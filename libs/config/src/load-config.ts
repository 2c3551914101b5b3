import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppConfig, SERVICE_PORTS, ServiceName } from './app-config';
import { Environment, ENVIRONMENT_VARIABLES } from './environment';

/** A configuration problem: its message is the one line printed before the service exits. */
export class ConfigError extends Error {
  readonly code = 'invalid_configuration';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

// Development-only key so `npm start` works with no setup; refused in production.
const DEVELOPMENT_SECRET_KEY = createHash('sha256').update('wabus development secret key — never use in production').digest();

/** Reads and validates the environment once; throws ConfigError naming the first bad variable. */
export function loadConfig(service: ServiceName, env: Record<string, string | undefined> = process.env): AppConfig {
  const raw: Record<string, string> = {};
  for (const name of ENVIRONMENT_VARIABLES) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const parsed = plainToInstance(Environment, raw);
  const problems = validateSync(parsed, { forbidUnknownValues: false });
  if (problems.length > 0) {
    const first = problems[0];
    const message = Object.values(first.constraints ?? {})[0] ?? `${first.property} is invalid`;
    throw new ConfigError(first.property, message);
  }

  const nodeEnv = parsed.NODE_ENV ?? 'development';
  const production = nodeEnv === 'production';
  const secretKey = parsed.WABUS_SECRET_KEY ? parseKey('WABUS_SECRET_KEY', parsed.WABUS_SECRET_KEY) : null;
  if (production && !secretKey) {
    throw new ConfigError('WABUS_SECRET_KEY', 'WABUS_SECRET_KEY is required in production: 32 bytes as 64 hex characters or base64');
  }
  const previousSecretKeys = (parsed.WABUS_PREVIOUS_SECRET_KEYS ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => parseKey('WABUS_PREVIOUS_SECRET_KEYS', part));

  return {
    service,
    production,
    port: parsed.PORT ?? SERVICE_PORTS[service],
    host: parsed.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    logLevel: (parsed.LOG_LEVEL as AppConfig['logLevel'] | undefined) ?? 'info',
    logPretty: parsed.LOG_PRETTY ?? (!production && Boolean(process.stdout.isTTY)),
    redisUrl: parsed.REDIS_URL ?? 'redis://127.0.0.1:6379',
    databaseUrl: parsed.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/wabus',
    queuePrefix: parsed.WABUS_QUEUE_PREFIX ?? '{wabus}',
    secretKey: secretKey ?? DEVELOPMENT_SECRET_KEY,
    previousSecretKeys,
    bootstrapApiKey: parsed.WABUS_BOOTSTRAP_API_KEY ?? null,
    allowPrivateUrls: parsed.WABUS_ALLOW_PRIVATE_URLS ?? !production,
    emulatorUrl: parsed.WABUS_EMULATOR_URL ?? `http://127.0.0.1:${SERVICE_PORTS['cloud-api-emulator']}`,
    publicUrl: parsed.WABUS_PUBLIC_URL ?? `http://127.0.0.1:${SERVICE_PORTS.gateway}`,
    shutdownTimeoutMs: parsed.WABUS_SHUTDOWN_TIMEOUT_MS ?? 10_000,
  };
}

/** What a one-off tool (the `migrate` step) needs: where the database is, and how to log. */
export interface ToolConfig {
  databaseUrl: string;
  logLevel: AppConfig['logLevel'];
}

/** The same validation as a service's, for a tool that has no port and talks to PostgreSQL only. */
export function loadToolConfig(env: Record<string, string | undefined> = process.env): ToolConfig {
  const config = loadConfig('store', { ...env, PORT: undefined });
  return { databaseUrl: config.databaseUrl, logLevel: config.logLevel };
}

function parseKey(variable: string, text: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) {
    throw new ConfigError(variable, `${variable} must be 32 bytes written as 64 hex characters or base64 (got ${key.length} bytes)`);
  }
  return key;
}
