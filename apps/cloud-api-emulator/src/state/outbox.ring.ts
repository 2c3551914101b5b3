import { MetaErrorEnvelope } from '../errors/meta-rejection';
import { Ring } from './ring';

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
export class OutboxRing extends Ring<OutboxEntry> {}
