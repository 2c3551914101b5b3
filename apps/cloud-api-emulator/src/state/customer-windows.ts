const DAY_MS = 24 * 60 * 60 * 1000;
const CAPACITY = 500_000;

export interface Conversation {
  id: string;
  /** Unix seconds. */
  expiresAt: number;
  category: string;
}

/**
 * The 24-hour customer service window per (business number, customer), and
 * the pricing conversations opened in it (whatsapp-cloud-api.md §8.4, §4.6).
 */
export class CustomerWindows {
  private readonly lastInbound = new Map<string, number>();
  private readonly conversations = new Map<string, Conversation>();
  private conversationCounter = 0;

  /** A customer message at `atMs` (re)opens the window for 24 hours. */
  open(phoneNumberId: string, waId: string, atMs: number): void {
    const key = phoneNumberId + ':' + waId;
    const previous = this.lastInbound.get(key);
    if (previous !== undefined && previous >= atMs) return;
    if (this.lastInbound.size >= CAPACITY) this.lastInbound.delete(this.lastInbound.keys().next().value as string);
    this.lastInbound.set(key, atMs);
  }

  isOpen(phoneNumberId: string, waId: string, nowMs: number): boolean {
    const last = this.lastInbound.get(phoneNumberId + ':' + waId);
    return last !== undefined && nowMs - last < DAY_MS;
  }

  /** The open conversation of this category, or a new one lasting 24 hours from now. */
  conversation(phoneNumberId: string, waId: string, category: string, nowMs: number): Conversation {
    const key = phoneNumberId + ':' + waId + ':' + category;
    const nowSec = Math.floor(nowMs / 1000);
    const existing = this.conversations.get(key);
    if (existing && existing.expiresAt > nowSec) return existing;
    if (this.conversations.size >= CAPACITY) this.conversations.delete(this.conversations.keys().next().value as string);
    this.conversationCounter++;
    const id = (nowMs.toString(16) + this.conversationCounter.toString(16).padStart(8, '0') + phoneNumberId).slice(0, 32).padEnd(32, '0');
    const created = { id, expiresAt: nowSec + DAY_MS / 1000, category };
    this.conversations.set(key, created);
    return created;
  }

  clear(): void {
    this.lastInbound.clear();
    this.conversations.clear();
  }
}
