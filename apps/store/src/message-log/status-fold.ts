import { applyStatus, type MessageStatus } from '@wabus/domain';
import type { StoredError } from './write-unit';

/** A status that happened to a message: from Meta's webhook or from the sender's record. */
export interface StatusFact {
  status: MessageStatus;
  at: Date;
  /** The failure's error, for `failed`. */
  error: StoredError | null;
}

export interface MessageStatusState {
  status: MessageStatus;
  statusAt: Date | null;
  error: StoredError | null;
}

export interface StatusTransition {
  from: MessageStatus;
  to: MessageStatus;
  at: Date;
}

export interface FoldedStatus extends MessageStatusState {
  /** Each change of the visible status, in the order applied: one `message.status` event each. */
  transitions: StatusTransition[];
}

/**
 * Two facts at the same second (Meta's timestamps have no finer grain): the one
 * `applyStatus` ranks lower first, so `delivered` and `read` of one instant
 * read as delivered → read. Order is only about the transitions reported; the
 * final status is the same in every order because applyStatus is a maximum.
 */
function byTimeThenRank(a: StatusFact, b: StatusFact): number {
  const time = a.at.getTime() - b.at.getTime();
  if (time !== 0) return time;
  if (a.status === b.status) return 0;
  return applyStatus(a.status, b.status) === b.status ? -1 : 1;
}

/**
 * Applies new facts to a message's status. A failure's error is kept even when
 * the failure cannot win (a late `failed` after `delivered`): the operator
 * still sees it beside the status.
 */
export function foldStatuses(current: MessageStatusState, facts: readonly StatusFact[]): FoldedStatus {
  let { status, statusAt, error } = current;
  const transitions: StatusTransition[] = [];
  for (const fact of [...facts].sort(byTimeThenRank)) {
    if (fact.status === 'failed' && fact.error) error = fact.error;
    const next = applyStatus(status, fact.status);
    if (next !== status) {
      transitions.push({ from: status, to: next, at: fact.at });
      status = next;
      statusAt = fact.at;
    }
  }
  return { status, statusAt, error, transitions };
}
