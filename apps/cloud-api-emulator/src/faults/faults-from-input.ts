import { DEFAULT_WEBHOOK_FAULTS, defaultFaults, FaultSettings, WebhookFaults } from './fault-settings';

export interface FaultsInput {
  seed?: number;
  http5xxRate?: number;
  timeoutRate?: number;
  timeoutMs?: number;
  errorCodes?: Record<string, number>;
  failedStatusCodes?: Record<string, number>;
  latencyMs?: number;
  webhook?: Partial<WebhookFaults>;
}

/** Why a `{code: rate}` map is unusable, or undefined when it is fine. */
export function rateMapProblem(name: string, rates: Record<string, number> | undefined): string | undefined {
  for (const [code, rate] of Object.entries(rates ?? {})) {
    if (!/^\d+$/.test(code)) return `${name}: "${code}" is not an error code`;
    if (typeof rate !== 'number' || rate < 0 || rate > 1) return `${name}.${code}: the rate must be a number from 0 to 1`;
  }
  return undefined;
}

/** The settings a `POST /_emulator/faults` body asks for: everything omitted is off. */
export function faultsFromInput(input: FaultsInput, fallbackSeed: number): FaultSettings {
  const base = defaultFaults(input.seed ?? fallbackSeed);
  const webhook: WebhookFaults = { ...DEFAULT_WEBHOOK_FAULTS };
  for (const [key, value] of Object.entries(input.webhook ?? {})) {
    if (value !== undefined) (webhook as unknown as Record<string, unknown>)[key] = value;
  }
  return {
    ...base,
    http5xxRate: input.http5xxRate ?? 0,
    timeoutRate: input.timeoutRate ?? 0,
    timeoutMs: input.timeoutMs ?? base.timeoutMs,
    errorCodes: input.errorCodes ?? {},
    failedStatusCodes: input.failedStatusCodes ?? {},
    latencyMs: input.latencyMs ?? 0,
    webhook,
  };
}
