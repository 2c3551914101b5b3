import { WindowClosedError } from './domain-error';
import { isFreeFormType, type OutboundKind } from './message-types';

/** Meta's customer service window: 24 h from the customer's last message (§8.4). */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface WindowState {
  open: boolean;
  /** When free-form messages stop being possible; null if the customer never wrote. */
  closesAt: Date | null;
  /** 0 once closed. */
  remainingMs: number;
  /** Kept so a refusal can tell the operator when the customer last wrote. */
  lastInboundAt: Date | null;
}

/**
 * The window at `now`, given the customer's last inbound message. It closes at
 * exactly 24 h: Meta counts the window as 24 hours, so the instant it reaches
 * 24 h nothing free-form can be promised any more.
 */
export function windowState(lastInboundAt: Date | null, now: Date): WindowState {
  const last = lastInboundAt && !Number.isNaN(lastInboundAt.getTime()) ? lastInboundAt : null;
  if (!last) return { open: false, closesAt: null, remainingMs: 0, lastInboundAt: null };
  const closesAt = new Date(last.getTime() + CUSTOMER_SERVICE_WINDOW_MS);
  const remainingMs = Math.max(0, closesAt.getTime() - now.getTime());
  return { open: remainingMs > 0, closesAt, remainingMs, lastInboundAt: last };
}

/**
 * Whether this send needs a template instead. Templates never do. Every other
 * message type does once the window is closed: Meta's rule covers "any message
 * type" that is not a template, reactions included, and it would accept them and
 * then fail them with 131047 (§8.4). Mark-as-read and the typing indicator are
 * not messages (no `to`, not billed) and only concern a message we received, so
 * the window does not apply to them.
 */
export function mustUseTemplate(type: OutboundKind, window: WindowState): boolean {
  return isFreeFormType(type) && !window.open;
}

/** Refuses a free-form send before any API call, rather than letting Meta fail it silently later (chatwoot #9516). */
export function assertCanSend(type: OutboundKind, window: WindowState): void {
  if (mustUseTemplate(type, window)) throw new WindowClosedError(type, window.lastInboundAt);
}
