/**
 * Meta's pair rate limit: one message every 6 s from a business number to the
 * same user, with bursts of up to 45 borrowed from the future (§8.2).
 */
export const PAIR_RATE_INTERVAL_MS = 6_000;
export const PAIR_BURST_LIMIT = 45;

/**
 * Longest wait we accept between retries after 131056. Meta's sequence grows
 * without end; past an hour a retry is no longer a backoff but an outage, and
 * other parts of the system (TTL, operator alerts) should take over.
 */
export const PAIR_LIMIT_MAX_BACKOFF_MS = 60 * 60 * 1000;

/** Meta's advice after 131056: wait 4^n seconds before retry n (n = 0, 1, 2… → 1 s, 4 s, 16 s, 64 s…). */
export function pairLimitBackoffMs(attempt: number): number {
  const n = Number.isNaN(attempt) ? 0 : Math.max(0, Math.floor(attempt));
  return Math.min(4 ** n * 1000, PAIR_LIMIT_MAX_BACKOFF_MS);
}

/** How long a burst to one user must be paid back before the pair is at its normal rate (20 messages → 2 min). */
export function pairBurstRecoveryMs(burstSize: number): number {
  return Number.isNaN(burstSize) ? 0 : Math.max(0, Math.floor(burstSize)) * PAIR_RATE_INTERVAL_MS;
}
