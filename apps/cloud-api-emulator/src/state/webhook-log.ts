import { DeliveryContents } from '../webhooks/delivery-contents';
import { Ring } from './ring';

/**
 * Rows kept across every number. A row is one POST: one change while the
 * endpoint keeps up, up to a batch (100, or `webhook.batchSize`) when it lags.
 */
export const WEBHOOK_LOG_CAPACITY = 50_000;

export interface WebhookLogEntry extends DeliveryContents {
  /** Delivery order across endpoints. */
  seq: number;
  /** When the endpoint's 200 arrived, on the emulator clock (as the outbox's `receivedAt`, so the two subtract). */
  deliveredAtMs: number;
  /** POSTs it took, the one answered 200 included. */
  attempts: number;
  url: string;
}

export interface WebhookLogQuery {
  phoneNumberId?: string;
  limit: number;
}

/** The JSON shape of one row of `GET /_emulator/webhooks`. */
export interface WebhookLogRow extends WebhookLogEntry {
  deliveredAt: string;
}

/**
 * The webhook POSTs the endpoint accepted (200), originals only: when a
 * message or status reached the platform, measured where Meta would see it
 * rather than by a proxy in front of the endpoint.
 */
export class WebhookLog {
  private readonly ring = new Ring<WebhookLogEntry>(WEBHOOK_LOG_CAPACITY);
  private seq = 0;

  record(entry: Omit<WebhookLogEntry, 'seq'>): void {
    this.ring.push({ ...entry, seq: ++this.seq });
  }

  /** The last `limit` deliveries about `phoneNumberId` (all when omitted), oldest first. */
  query(query: WebhookLogQuery): WebhookLogRow[] {
    const { phoneNumberId } = query;
    const entries = this.ring.toArray().filter((entry) => phoneNumberId === undefined || entry.phoneNumberIds.includes(phoneNumberId));
    return entries.slice(Math.max(0, entries.length - query.limit)).map(toRow);
  }

  /** Forgets every row; `seq` keeps counting, so a reader never sees one twice. */
  clear(): void {
    this.ring.clear();
  }
}

function toRow(entry: WebhookLogEntry): WebhookLogRow {
  return { ...entry, deliveredAt: new Date(entry.deliveredAtMs).toISOString() };
}
