/**
 * When a business webhook counts as delivered, and how long wabus keeps
 * trying. Deliveries are BullMQ jobs with exponential backoff from 1 s
 * (doubling, with jitter down to half): 16 attempts reach over about 5 to 9
 * hours before the delivery fails for good and lands in the dead letters,
 * where it can be replayed (peers.md: "retries with backoff for hours").
 */
export const CALLBACK_DELIVERY_ATTEMPTS = 16;
export const CALLBACK_BACKOFF_BASE_MS = 1_000;
/** Connect + headers + body, per attempt. */
export const CALLBACK_TIMEOUT_MS = 10_000;

export type CallbackVerdict = 'delivered' | 'retry' | 'give_up';

/**
 * 2xx is delivered. 410 Gone is the receiver saying "stop". Everything else
 * (timeouts, 5xx, 429, and also 4xx, which is usually an endpoint being
 * fixed) is retried. Redirects are not followed: the signed URL is the one
 * that was configured.
 */
export function callbackVerdict(status: number): CallbackVerdict {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 410) return 'give_up';
  return 'retry';
}

/** The longest wait before attempt `attemptsMade + 1` (BullMQ's exponential backoff, before jitter). */
export function callbackRetryDelayMs(attemptsMade: number): number {
  return CALLBACK_BACKOFF_BASE_MS * 2 ** Math.max(0, attemptsMade - 1);
}

/** The whole schedule, for the docs and tests: total worst-case wait before the last attempt. */
export function callbackRetryWindowMs(attempts = CALLBACK_DELIVERY_ATTEMPTS): number {
  let total = 0;
  for (let made = 1; made < attempts; made++) total += callbackRetryDelayMs(made);
  return total;
}
