/** Webhook delivery behaviour: the faults Meta's own delivery shows, plus retry timing in compressed time. */
export interface WebhookFaults {
  /** Share of deliveries sent twice with identical bytes. */
  duplicateRate: number;
  /** Share of status changes never delivered. */
  dropRate: number;
  /** Hold deliveries for `reorderWindowMs`, then send them in a shuffled order, one at a time. */
  reorder: boolean;
  reorderWindowMs: number;
  /** Changes per POST; undefined lets the emulator batch only when the endpoint falls behind. */
  batchSize: number | undefined;
  /** How long to gather changes before a batched POST. */
  batchWindowMs: number;
  /** First retry delay; doubled on each further attempt, capped at 5 s. */
  retryBaseMs: number;
  maxAttempts: number;
  /** How long the endpoint may take to answer before the attempt counts as failed. */
  timeoutMs: number;
}

/** Everything `POST /_emulator/faults` can turn on; all off by default. */
export interface FaultSettings {
  seed: number;
  /** Share of sends answered 503 (code 2, Meta's "temporary downtime or overload"). */
  http5xxRate: number;
  /** Share of sends never answered; the connection is closed after `timeoutMs`. */
  timeoutRate: number;
  timeoutMs: number;
  /** Share of sends refused with each code, e.g. {"131000": 0.1}. */
  errorCodes: Record<string, number>;
  /** Share of accepted sends that later fail with each code (131026, 131049, …). */
  failedStatusCodes: Record<string, number>;
  /** Added to every Graph answer. */
  latencyMs: number;
  webhook: WebhookFaults;
}

export const DEFAULT_WEBHOOK_FAULTS: WebhookFaults = {
  duplicateRate: 0,
  dropRate: 0,
  reorder: false,
  reorderWindowMs: 100,
  batchSize: undefined,
  batchWindowMs: 0,
  retryBaseMs: 100,
  maxAttempts: 10,
  timeoutMs: 5000,
};

export function defaultFaults(seed: number): FaultSettings {
  return {
    seed,
    http5xxRate: 0,
    timeoutRate: 0,
    timeoutMs: 15_000,
    errorCodes: {},
    failedStatusCodes: {},
    latencyMs: 0,
    webhook: { ...DEFAULT_WEBHOOK_FAULTS },
  };
}
