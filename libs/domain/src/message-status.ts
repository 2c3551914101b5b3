/**
 * Where a message stands. `queued`: ours, not yet accepted by Meta. `sent`,
 * `delivered`, `read`, `failed`: Meta's status webhooks. `received`: an inbound
 * message, which never gets statuses. Values are stored: never rename one.
 */
export const MESSAGE_STATUSES = ['queued', 'sent', 'delivered', 'read', 'failed', 'received'] as const;

export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export function isKnownStatus(value: unknown): value is MessageStatus {
  return typeof value === 'string' && (MESSAGE_STATUSES as readonly string[]).includes(value);
}

/**
 * The rank of each outbound status; the higher one wins. Meta delivers statuses
 * late, twice and out of order (§4.6), so the result must not depend on arrival
 * order: taking the maximum of a total order guarantees that.
 *
 * `failed` sits above `sent` (a failure reported after acceptance is news) and
 * below `delivered` (once the recipient's phone has the message, a late or
 * contradictory `failed` must not make the user believe it never arrived;
 * chatwoot #14529 is the same bug for `read` → `sent`). The failure's error is
 * still kept beside the status, so nothing is hidden from the operator.
 */
const OUTBOUND_RANK: Record<Exclude<MessageStatus, 'received'>, number> = {
  queued: 0,
  sent: 1,
  failed: 2,
  delivered: 3,
  read: 4,
};

/** The status a message should show once `incoming` arrives while it shows `current`. */
export function applyStatus(current: MessageStatus, incoming: MessageStatus): MessageStatus {
  // Inbound and outbound are separate lanes: a status never turns one into the other.
  if (current === 'received' || incoming === 'received') return current;
  return OUTBOUND_RANK[incoming] > OUTBOUND_RANK[current] ? incoming : current;
}

/**
 * Meta's `statuses[].status` as our status, or null for a value we do not know
 * (keep the raw webhook, change nothing). `played` (first play of a voice
 * message) becomes `read`: it can only happen after the message was opened, and
 * users expect the blue ticks, not a sixth state.
 */
export function statusFromWebhook(value: unknown): MessageStatus | null {
  switch (value) {
    case 'sent':
    case 'delivered':
    case 'read':
    case 'failed':
      return value;
    case 'played':
      return 'read';
    default:
      return null;
  }
}

export interface StatusEntry {
  status: string;
  at: Date;
}

/**
 * A message's status history as a person reads it: one entry per status (the
 * first time it was seen), in the order a message lives through them. Meta's
 * timestamps have whole-second resolution while ours have milliseconds, so
 * "queued" at 12:00:00.300 and Meta's "sent" at 12:00:00 must be ordered by
 * rank within the same second, not by the raw clock.
 */
export function statusHistory<T extends StatusEntry>(entries: T[]): T[] {
  const first = new Map<string, T>();
  for (const entry of entries) {
    const seen = first.get(entry.status);
    if (!seen || entry.at < seen.at) first.set(entry.status, entry);
  }
  const rank = (status: string) => (isKnownStatus(status) && status !== 'received' ? OUTBOUND_RANK[status] : 5);
  return [...first.values()].sort((a, b) => Math.floor(a.at.getTime() / 1000) - Math.floor(b.at.getTime() / 1000) || rank(a.status) - rank(b.status));
}
