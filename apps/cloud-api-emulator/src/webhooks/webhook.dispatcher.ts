import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import { serializeLikeMeta, signWebhookBody } from '@wabus/whatsapp';
import { EmulatorClock } from '../clock/emulator-clock';
import { FaultInjector } from '../faults/fault-injector';
import { StatsRecorder } from '../state/stats.recorder';
import { WebhookLog } from '../state/webhook-log';
import { DeliveryContents, deliveryContents } from './delivery-contents';
import { DueQueue } from './due-queue';
import { WebhookChange, webhookEnvelope, WebhookTarget } from './webhook-change';
import { WebhookPoster } from './webhook-http.client';

export interface OutgoingChange {
  target: WebhookTarget;
  change: WebhookChange;
}

interface Delivery {
  queue: TargetQueue;
  body: string;
  headers: Record<string, string>;
  changes: number;
  /** What the POST carries, by id, for the webhook log. */
  contents: DeliveryContents;
  attempt: number;
  /** A deliberate duplicate: counted apart, and not part of the pending work. */
  copy: boolean;
}

interface TargetQueue {
  target: WebhookTarget;
  /** Changes due and waiting to be packed into a POST. */
  ready: WebhookChange[];
  /** Packed POSTs waiting for a free connection (retries and duplicates first). */
  outgoing: Delivery[];
  inFlight: number;
  holding: boolean;
  /** A pump is due at the end of this tick, so changes that fall due together travel together. */
  pumpScheduled: boolean;
}

// Bounded memory: past this many undelivered changes new ones are dropped (and counted).
const MAX_PENDING_CHANGES = 200_000;
const MAX_IN_FLIGHT_PER_ENDPOINT = 32;
// Meta batches up to 1000 changes per POST; changes that fall due in the same tick go together, up to 100.
const DEFAULT_BATCH_LIMIT = 100;
const MAX_RETRY_DELAY_MS = 5000;

/**
 * Delivers webhooks as Meta does: signed over the exact bytes sent, retried
 * with exponential backoff (compressed time) until the endpoint answers 200,
 * concurrently and without order guarantees. On demand it duplicates,
 * drops, reorders and batches deliveries (`POST /_emulator/faults`). Nothing
 * here blocks the HTTP answer of a send: work is queued and runs on timers.
 */
export class WebhookDispatcher {
  private readonly queues = new Map<string, TargetQueue>();
  private readonly scheduler = new DueQueue();
  private pending = 0;
  private generation = 0;

  constructor(
    private readonly faults: FaultInjector,
    private readonly stats: StatsRecorder,
    private readonly webhookLog: WebhookLog,
    private readonly clock: EmulatorClock,
    private readonly poster: WebhookPoster,
    private readonly logger: Logger,
  ) {}

  /** Changes scheduled, waiting or in flight. */
  get pendingChanges(): number {
    return this.pending;
  }

  /** Delivers a change now (inbound messages, taps, template updates). */
  deliver(target: WebhookTarget, change: WebhookChange): void {
    this.later(0, () => ({ target, change }));
  }

  /**
   * Delivers what `build` returns after `delayMs`. Built when due, so a status
   * carries the timestamp of its moment and goes to the number's webhook URL as
   * registered then; `undefined` (number gone) delivers nothing.
   */
  later(delayMs: number, build: () => OutgoingChange | undefined): void {
    if (this.pending >= MAX_PENDING_CHANGES) {
      this.stats.webhookDropped++;
      return;
    }
    this.pending++;
    if (delayMs <= 0) {
      this.enqueue(build());
      return;
    }
    const generation = this.generation;
    this.scheduler.after(delayMs, () => {
      if (generation === this.generation) this.enqueue(build());
    });
  }

  /** Forgets every queued and scheduled webhook (reset); answers of POSTs in flight are ignored. */
  reset(): void {
    this.generation++;
    this.scheduler.clear();
    this.queues.clear();
    this.pending = 0;
  }

  async close(): Promise<void> {
    this.reset();
    await this.poster.close();
  }

  private enqueue(outgoing: OutgoingChange | undefined): void {
    if (!outgoing) {
      this.pending--;
      return;
    }
    if (this.faults.rng.chance(this.faults.settings.webhook.dropRate)) {
      this.pending--;
      this.stats.webhookDropped++;
      return;
    }
    const queue = this.queueFor(outgoing.target);
    queue.ready.push(outgoing.change);
    const holdMs = this.holdWindowMs();
    if (holdMs > 0) {
      if (!queue.holding) {
        queue.holding = true;
        const generation = this.generation;
        this.scheduler.after(holdMs, () => generation === this.generation && this.release(queue));
      }
      return;
    }
    this.pumpAtEndOfTick(queue);
  }

  private pumpAtEndOfTick(queue: TargetQueue): void {
    if (queue.pumpScheduled) return;
    queue.pumpScheduled = true;
    const generation = this.generation;
    setImmediate(() => {
      queue.pumpScheduled = false;
      if (generation === this.generation) this.pump(queue);
    });
  }

  private queueFor(target: WebhookTarget): TargetQueue {
    const key = target.url + '\n' + target.appSecret;
    let queue = this.queues.get(key);
    if (!queue) {
      queue = { target, ready: [], outgoing: [], inFlight: 0, holding: false, pumpScheduled: false };
      this.queues.set(key, queue);
    }
    return queue;
  }

  private holdWindowMs(): number {
    const webhook = this.faults.settings.webhook;
    return Math.max(webhook.batchWindowMs, webhook.reorder ? webhook.reorderWindowMs : 0);
  }

  // End of a hold window: pack everything gathered. Reordering shuffles once, at the level the endpoint
  // sees: the changes inside batched POSTs, or the POSTs themselves (duplicates included) when one change each.
  private release(queue: TargetQueue): void {
    queue.holding = false;
    const webhook = this.faults.settings.webhook;
    const changes = queue.ready.splice(0);
    const size = webhook.batchSize ?? 1;
    if (webhook.reorder && size > 1) this.faults.rng.reorder(changes);
    const deliveries: Delivery[] = [];
    for (let i = 0; i < changes.length; i += size) deliveries.push(...this.pack(queue, changes.slice(i, i + size)));
    if (webhook.reorder && size === 1) this.faults.rng.reorder(deliveries);
    queue.outgoing.push(...deliveries);
    this.pump(queue);
  }

  private pump(queue: TargetQueue): void {
    const webhook = this.faults.settings.webhook;
    // One POST at a time while reordering, so the endpoint sees exactly the shuffled order.
    const maxInFlight = webhook.reorder ? 1 : MAX_IN_FLIGHT_PER_ENDPOINT;
    while (queue.inFlight < maxInFlight) {
      let delivery = queue.outgoing.shift();
      if (!delivery) {
        if (queue.holding || queue.ready.length === 0) return;
        const size = webhook.batchSize ?? DEFAULT_BATCH_LIMIT;
        const [first, ...copies] = this.pack(queue, queue.ready.splice(0, size));
        queue.outgoing.unshift(...copies);
        delivery = first;
      }
      this.send(delivery);
    }
  }

  // Serialises, signs and reads the contents once: every copy and every retry carries the same bytes.
  private pack(queue: TargetQueue, changes: WebhookChange[]): Delivery[] {
    const body = serializeLikeMeta(webhookEnvelope(changes));
    const headers = {
      'content-type': 'application/json',
      'x-hub-signature-256': signWebhookBody(queue.target.appSecret, body),
      'x-hub-signature': 'sha1=' + createHmac('sha1', queue.target.appSecret).update(body).digest('hex'),
      'user-agent': 'facebookexternalua',
    };
    const original: Delivery = {
      queue,
      body,
      headers,
      changes: changes.length,
      contents: deliveryContents(changes),
      attempt: 0,
      copy: false,
    };
    let extra = 0;
    for (const change of changes) extra = Math.max(extra, change.extraCopies ?? 0);
    if (this.faults.rng.chance(this.faults.settings.webhook.duplicateRate)) extra++;
    const deliveries = [original];
    for (let i = 0; i < extra; i++) deliveries.push({ ...original, copy: true });
    this.stats.webhookDuplicates += extra;
    return deliveries;
  }

  private send(delivery: Delivery): void {
    const { queue } = delivery;
    const generation = this.generation;
    queue.inFlight++;
    delivery.attempt++;
    this.stats.webhookAttempts++;
    void this.poster.post(queue.target.url, delivery.body, delivery.headers, this.faults.settings.webhook.timeoutMs).then((status) => {
      if (generation !== this.generation) return;
      queue.inFlight--;
      if (status === 200) this.delivered(delivery);
      else this.failed(delivery, status);
      this.pump(queue);
    });
  }

  private delivered(delivery: Delivery): void {
    this.stats.webhookDelivered++;
    if (delivery.copy) return;
    this.stats.webhookChangesDelivered += delivery.changes;
    this.pending -= delivery.changes;
    this.webhookLog.record({
      deliveredAtMs: this.clock.now(),
      attempts: delivery.attempt,
      url: delivery.queue.target.url,
      ...delivery.contents,
    });
  }

  // Meta retries anything but a 200, with growing gaps; in compressed time here.
  private failed(delivery: Delivery, status: number): void {
    const webhook = this.faults.settings.webhook;
    if (delivery.attempt >= webhook.maxAttempts) {
      this.stats.webhookFailed++;
      if (!delivery.copy) this.pending -= delivery.changes;
      this.logger.warn({ url: delivery.queue.target.url, status, attempts: delivery.attempt }, 'Webhook delivery abandoned after its last retry.');
      return;
    }
    this.stats.webhookRetries++;
    const delay = Math.min(MAX_RETRY_DELAY_MS, webhook.retryBaseMs * 2 ** (delivery.attempt - 1));
    const generation = this.generation;
    this.scheduler.after(delay, () => {
      if (generation !== this.generation) return;
      delivery.queue.outgoing.unshift(delivery);
      this.pump(delivery.queue);
    });
  }
}
