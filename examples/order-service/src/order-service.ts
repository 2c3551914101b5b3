import { randomUUID } from 'node:crypto';
import { WabusHttpClient } from '@wabus/client';
import { verifyCallback } from '@wabus/client';

export interface OrderLine {
  description: string;
  quantity: number;
  /** Decimal string, e.g. "19.99": money is never a float. */
  unitPrice: string;
}

export type OrderStatus = 'awaiting_approval' | 'approved' | 'rejected' | 'expired';

export interface Order {
  id: string;
  customerPhone: string;
  managerPhone: string;
  lines: OrderLine[];
  currency: string;
  total: string;
  status: OrderStatus;
  approvalId: string;
  notificationMessageId: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface NewOrder {
  id?: string;
  customerPhone: string;
  managerPhone: string;
  lines: OrderLine[];
  currency: string;
}

export interface OrderServiceOptions {
  wabus: WabusHttpClient;
  /** The wabus channel (business number) this shop writes from. */
  channelId: string;
  /** Where wabus POSTs the decision: this service's /wabus/callback. */
  callbackUrl: string;
  /** The secret POST /v1/subscriptions returned (once) for this channel's subscription. */
  callbackSecret: string;
  /** How long the manager has to answer; default one day. */
  approvalTtlMs?: number;
}

export interface CallbackAnswer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * A small sales-order service, the way a business uses wabus: when an order
 * is created it tells the customer (the creation notification) and asks a
 * manager to approve it with two buttons; the manager's tap comes back as a
 * signed `approval.decided` callback. Everything it sends carries an
 * idempotency key derived from the order, so a retried request never sends twice.
 */
export class OrderService {
  private readonly orders = new Map<string, Order>();
  /** Event ids already applied. A real service keeps them in its database, under a unique key. */
  private readonly appliedEvents = new Set<string>();

  constructor(private readonly options: OrderServiceOptions) {}

  async createOrder(input: NewOrder): Promise<Order> {
    const id = input.id ?? `SO-${randomUUID().slice(0, 8).toUpperCase()}`;
    const total = formatCents(input.lines.reduce((sum, line) => sum + toCents(line.unitPrice) * line.quantity, 0));
    const { wabus, channelId } = this.options;

    const notification = await wabus.sendMessage({
      channelId,
      to: input.customerPhone,
      type: 'text',
      text: { body: `Thank you for your order ${id} (${total} ${input.currency}). We will confirm it shortly.` },
      idempotencyKey: `order-${id}-created`,
    });
    const approval = await wabus.call<{ id: string }>('POST', '/v1/approvals', {
      channelId,
      to: input.managerPhone,
      reference: id,
      title: `Sales order ${id}`,
      lines: input.lines.map((line) => ({ description: line.description, quantity: line.quantity, amount: formatCents(toCents(line.unitPrice) * line.quantity) })),
      amount: total,
      currency: input.currency,
      approveLabel: 'Approve',
      rejectLabel: 'Reject',
      callbackUrl: this.options.callbackUrl,
      expiresAt: new Date(Date.now() + (this.options.approvalTtlMs ?? 24 * 3_600_000)).toISOString(),
      idempotencyKey: `order-${id}-approval`,
    });

    const order: Order = {
      id,
      customerPhone: input.customerPhone,
      managerPhone: input.managerPhone,
      lines: input.lines,
      currency: input.currency,
      total,
      status: 'awaiting_approval',
      approvalId: approval.id,
      notificationMessageId: notification.id,
      decidedBy: null,
      decidedAt: null,
    };
    this.orders.set(id, order);
    return order;
  }

  order(id: string): Order | undefined {
    return this.orders.get(id);
  }

  /**
   * A callback from wabus: checked against the raw body (never re-serialised
   * JSON), then applied once per event id, however often it is delivered.
   */
  handleCallback(rawBody: string, headers: Record<string, string | string[] | undefined>): CallbackAnswer {
    const verification = verifyCallback({ secret: this.options.callbackSecret, rawBody, headers });
    if (!verification.valid) return { status: 401, body: { error: verification.reason } };
    if (this.appliedEvents.has(verification.eventId)) return { status: 200, body: { duplicate: true } };
    const event = JSON.parse(rawBody) as { id: string; type: string; data: Record<string, unknown> };
    if (event.type === 'approval.decided') this.applyDecision(event.data);
    this.appliedEvents.add(verification.eventId);
    return { status: 200, body: { applied: event.type } };
  }

  private applyDecision(data: Record<string, unknown>): void {
    const order = this.orders.get(String(data['reference']));
    const status = data['status'];
    if (!order || (status !== 'approved' && status !== 'rejected' && status !== 'expired')) return;
    if (order.status !== 'awaiting_approval') return;
    order.status = status;
    order.decidedBy = typeof data['decidedBy'] === 'string' ? data['decidedBy'] : null;
    order.decidedAt = typeof data['decidedAt'] === 'string' ? data['decidedAt'] : null;
  }
}

function toCents(amount: string): number {
  const [whole, fraction = ''] = amount.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2)) * (amount.startsWith('-') ? -1 : 1);
}

function formatCents(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(Math.abs(cents % 100)).padStart(2, '0')}`;
}
