import path from 'node:path';
import * as configLib from '@wabus/config';
import { AppConfig, ConfigError, loadConfig, ServiceName, SERVICE_PORTS } from '@wabus/config';
import { CALLBACK_TIMEOUT_MS } from '@wabus/domain';
import { read, ROOT } from './repo-facts';

/**
 * What a deployment must give each service, derived from the code: the
 * variables production refuses to start without, the longest job a stopping
 * process may still be finishing, and the configuration check itself.
 */

/** The shutdown budget a service gets when WABUS_SHUTDOWN_TIMEOUT_MS is not set. */
export const DEFAULT_SHUTDOWN_MS = loadConfig('gateway', {}).shutdownTimeoutMs;

export function isServiceName(name: string): name is ServiceName {
  return name in SERVICE_PORTS;
}

/** The variables loadConfig refuses to run without in production (found by asking it). */
export function requiredInProduction(app: ServiceName): string[] {
  const env: Record<string, string> = { NODE_ENV: 'production' };
  const required: string[] = [];
  for (let attempt = 0; attempt < 20; attempt += 1) {
    try {
      loadConfig(app, env);
      return required;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      required.push(error.variable);
      env[error.variable] = placeholderValue(error.variable);
    }
  }
  throw new Error('loadConfig keeps asking for more variables');
}

/** A valid value for a variable, for checks where the real one lives in a Secret outside the repository. */
export function placeholderValue(variable: string): string {
  const values: Record<string, string> = {
    REDIS_URL: 'rediss://:secret@redis.internal.example:6380/0',
    DATABASE_URL: 'postgres://wabus:secret@postgres.internal.example:5432/wabus',
    WABUS_SECRET_KEY: 'ab'.repeat(32),
    WABUS_PREVIOUS_SECRET_KEYS: 'cd'.repeat(32),
    WABUS_BOOTSTRAP_API_KEY: 'wabus_example_bootstrap_key_0001',
    POSTGRES_PASSWORD: 'examplepassword1',
  };
  const value = values[variable];
  if (value === undefined) throw new Error(`no placeholder value for ${variable}: add one to deploy/src/service-expectations.ts`);
  return value;
}

/**
 * The configuration a container would run with: the service's own loadConfig
 * (or, for the migrate step, the tool configuration) over its environment.
 * Throws the same one-line ConfigError the process would print.
 */
export function configFor(app: string, env: Record<string, string | undefined>): Pick<AppConfig, 'databaseUrl' | 'logLevel'> & Partial<AppConfig> {
  if (isServiceName(app)) return loadConfig(app, env);
  const loadToolConfig = (configLib as unknown as { loadToolConfig?: (env: Record<string, string | undefined>) => Pick<AppConfig, 'databaseUrl' | 'logLevel'> })
    .loadToolConfig;
  return loadToolConfig ? loadToolConfig(env) : loadConfig('store', { ...env, PORT: undefined });
}

export interface LongestJob {
  ms: number;
  why: string;
}

/**
 * The longest a job of this service can run once started, from the code's own
 * timeouts; a stopping process waits for it (workers finish their active jobs).
 */
export function longestJob(app: string): LongestJob {
  if (app === 'sender') {
    const { DEFAULT_SENDER_SETTINGS: settings } = jest.requireActual<{
      DEFAULT_SENDER_SETTINGS: { lastAttemptMaxWaitMs: number; graphConnectTimeoutMs: number; graphResponseTimeoutMs: number };
    }>(path.join(ROOT, 'apps/sender/src/sender.settings.ts'));
    return {
      ms: settings.lastAttemptMaxWaitMs + settings.graphConnectTimeoutMs + settings.graphResponseTimeoutMs,
      why: 'a last attempt sleeps up to lastAttemptMaxWaitMs, then connects and waits for the Graph API (sender.settings.ts)',
    };
  }
  if (app === 'action-engine') {
    const slack = /AbortSignal\.timeout\(CALLBACK_TIMEOUT_MS \+ ([\d_]+)\)/.exec(read('apps/action-engine/src/callbacks/callback-http.client.ts'));
    return { ms: CALLBACK_TIMEOUT_MS + Number((slack?.[1] ?? '0').replace(/_/g, '')), why: 'a signed callback may wait CALLBACK_TIMEOUT_MS for the business webhook' };
  }
  return { ms: 0, why: 'no job known to outlast the default shutdown budget' };
}
