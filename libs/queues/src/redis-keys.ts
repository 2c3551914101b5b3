/**
 * Redis keys that two services share (besides BullMQ's own). Like queue names
 * they are wire data: `store` writes and `sender` reads the same key.
 * Each lives under the queue prefix, so a test run's keys are its own; the
 * prefix is hash-tagged, so every key below lands in one Redis Cluster slot
 * and the sender's Lua scripts may touch several of them at once.
 */
export const RedisKeys = {
  /** Unix ms of the customer's last inbound message to a channel (the 24-hour window). Written by store, read by sender. */
  lastInbound: (prefix: string, channelId: string, waId: string) => `${prefix}:window:${channelId}:${waId}`,
  /**
   * Set once Meta accepted a message (value: `wamid|wa_id|message_status`), so a retried, replayed or
   * resubmitted send job never sends twice. Written and read by sender.
   */
  sentMarker: (prefix: string, messageId: string) => `${prefix}:sent:${messageId}`,
  /** Per-number throughput: the times of the last sends (a list), for the sliding one-second window. */
  numberRate: (prefix: string, channelId: string) => `${prefix}:rate:number:${channelId}`,
  /** Per-number throughput: the pacing schedule and the level adjustment after 130429 (a hash). */
  numberRateState: (prefix: string, channelId: string) => `${prefix}:rate:number:${channelId}:state`,
  /** Per (number, recipient) pair rate: the bucket's schedule and 131056 strikes (a hash). */
  pairRate: (prefix: string, channelId: string, waId: string) => `${prefix}:rate:pair:${channelId}:${waId}`,
  /** The send slot a delayed job has reserved, so it is not sent to the back of the line when it returns. */
  sendBooking: (prefix: string, jobId: string) => `${prefix}:rate:booking:${jobId}`,
  /** Per-channel circuit breaker of the Graph API (a hash: consecutive failures, open until). */
  circuit: (prefix: string, channelId: string) => `${prefix}:circuit:${channelId}`,
  /** Per-channel set of the ids of send jobs not finished yet (fair queueing across numbers). Added by producers, removed by sender. */
  pendingSends: (prefix: string, channelId: string) => `${prefix}:pending:${channelId}`,
  /** Per-channel last priority given to a send job while the channel had jobs pending. */
  pendingPriority: (prefix: string, channelId: string) => `${prefix}:pending:${channelId}:priority`,
} as const;
