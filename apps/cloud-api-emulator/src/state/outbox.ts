import { digitsOnly } from '../validation/recipient';
import { NumberState } from './number-state';
import { OutboxEntry } from './outbox.ring';

export interface OutboxQuery {
  phoneNumberId?: string;
  to?: string;
  limit: number;
}

/** The JSON shape of one outbox row (architecture.md, contract of `GET /_emulator/outbox`). */
export interface OutboxRow {
  id: string | null;
  phoneNumberId: string;
  to: string | null;
  receivedAt: string;
  body: unknown;
  verdict: OutboxEntry['verdict'];
  failure?: OutboxEntry['failure'];
}

/** Records what the platform sent, per number, and answers outbox queries across numbers. */
export class Outbox {
  private seq = 0;

  record(number: NumberState, entry: Omit<OutboxEntry, 'seq'>): void {
    number.outbox.push({ ...entry, seq: ++this.seq });
  }

  /** The last `limit` matching requests, oldest first. */
  query(numbers: NumberState[], query: OutboxQuery): OutboxRow[] {
    const to = query.to === undefined ? undefined : digitsOnly(query.to);
    const entries = numbers
      .filter((number) => query.phoneNumberId === undefined || number.settings.phoneNumberId === query.phoneNumberId)
      .flatMap((number) => number.outbox.toArray())
      .filter((entry) => to === undefined || (entry.to !== null && digitsOnly(entry.to) === to))
      .sort((a, b) => a.seq - b.seq);
    return entries.slice(Math.max(0, entries.length - query.limit)).map(toRow);
  }
}

function toRow(entry: OutboxEntry): OutboxRow {
  const row: OutboxRow = {
    id: entry.id,
    phoneNumberId: entry.phoneNumberId,
    to: entry.to,
    receivedAt: new Date(entry.receivedAtMs).toISOString(),
    body: entry.body,
    verdict: entry.verdict,
  };
  if (entry.failure) row.failure = entry.failure;
  return row;
}
