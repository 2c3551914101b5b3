import { MetaErrorEnvelope } from '../errors/meta-rejection';

export type OutboxVerdict = 'accepted' | MetaErrorEnvelope | { error: { type: 'timeout'; message: string } };

export interface OutboxEntry {
  /** Global arrival order across numbers. */
  seq: number;
  /** The wamid of an accepted message (null when refused or for a read receipt). */
  id: string | null;
  phoneNumberId: string;
  to: string | null;
  receivedAtMs: number;
  body: unknown;
  verdict: OutboxVerdict;
  /** Set when an accepted send is going to fail asynchronously (131047, 131026, …). */
  failure?: { code: number; title: string };
}

/**
 * The last `capacity` requests one number sent, oldest overwritten first, so a
 * long benchmark keeps memory flat while a test still sees all it sent.
 */
export class OutboxRing {
  private readonly entries: (OutboxEntry | undefined)[];
  private next = 0;
  private count = 0;

  constructor(private readonly capacity: number) {
    this.entries = new Array<OutboxEntry | undefined>(capacity);
  }

  push(entry: OutboxEntry): void {
    this.entries[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** Oldest first. */
  toArray(): OutboxEntry[] {
    const result: OutboxEntry[] = [];
    const start = (this.next - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) result.push(this.entries[(start + i) % this.capacity] as OutboxEntry);
    return result;
  }

  get size(): number {
    return this.count;
  }
}
