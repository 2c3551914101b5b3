export type MessageStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed' | 'received';

export interface StatusTick {
  /** What the bubble shows: a clock, one tick, two ticks, or a warning sign. */
  glyph: string;
  /** The CSS modifier: read ticks are blue, failures red. */
  tone: 'pending' | 'sent' | 'read' | 'failed';
  label: string;
}

const TICKS: Record<Exclude<MessageStatus, 'received'>, StatusTick> = {
  queued: { glyph: '🕓', tone: 'pending', label: 'Queued: waiting to be sent' },
  sent: { glyph: '✓', tone: 'sent', label: 'Sent: accepted by WhatsApp' },
  delivered: { glyph: '✓✓', tone: 'sent', label: "Delivered to the customer's phone" },
  read: { glyph: '✓✓', tone: 'read', label: 'Read by the customer' },
  failed: { glyph: '⚠', tone: 'failed', label: 'Failed' },
};

/** The WhatsApp-style ticks of one of our messages; customers' messages (`received`) have none. */
export function statusTick(status: string): StatusTick | null {
  return status in TICKS ? TICKS[status as keyof typeof TICKS] : null;
}

/** A failed message's tooltip: what went wrong and what to do, from the error catalogue's help text. */
export function failureText(error: { code: string | number; title: string; help: string } | null): string | null {
  return error ? `${error.title} (${error.code}): ${error.help}` : null;
}
