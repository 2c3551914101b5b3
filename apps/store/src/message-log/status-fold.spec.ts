import type { MessageStatus } from '@wabus/domain';
import { permutations } from '../test/permutations';
import { foldStatuses, type StatusFact } from './status-fold';

const at = (second: number) => new Date(Date.UTC(2031, 0, 1, 0, 0, second));
const failure = { code: 131047, title: 'Re-engagement message', help: 'The window is closed.' };
const fact = (status: MessageStatus, second: number): StatusFact => ({ status, at: at(second), error: status === 'failed' ? failure : null });

describe('foldStatuses', () => {
  const facts = [fact('sent', 1), fact('delivered', 2), fact('read', 3), fact('failed', 4)];

  it.each(permutations(facts).map((order) => [order.map((f) => f.status).join(' → '), order]))(
    'ends read whatever the arrival order (%s), keeping the failure beside it',
    (_, order) => {
      const folded = foldStatuses({ status: 'queued', statusAt: null, error: null }, order);
      expect(folded).toMatchObject({ status: 'read', statusAt: at(3), error: failure });
    },
  );

  it.each([
    [['sent', 'delivered', 'read'], ['queued→sent', 'sent→delivered', 'delivered→read']],
    [['read', 'delivered', 'sent'], ['queued→sent', 'sent→delivered', 'delivered→read']],
    [['failed'], ['queued→failed']],
    [['sent', 'failed', 'delivered'], ['queued→sent', 'sent→failed', 'failed→delivered']],
  ] as Array<[MessageStatus[], string[]]>)('reports the transitions of %j in time order: %j', (statuses, transitions) => {
    const seconds: Record<string, number> = { sent: 1, failed: 2, delivered: 3, read: 4 };
    const folded = foldStatuses({ status: 'queued', statusAt: null, error: null }, statuses.map((status) => fact(status, seconds[status])));
    expect(folded.transitions.map((t) => `${t.from}→${t.to}`)).toEqual(transitions);
  });

  it('never moves back: late sent and delivered after read change nothing', () => {
    const folded = foldStatuses({ status: 'read', statusAt: at(9), error: null }, [fact('sent', 1), fact('delivered', 2)]);
    expect(folded).toEqual({ status: 'read', statusAt: at(9), error: null, transitions: [] });
  });

  it('orders statuses of the same second by rank, so delivered and read of one instant read as delivered → read', () => {
    const folded = foldStatuses({ status: 'sent', statusAt: at(0), error: null }, [fact('read', 5), fact('delivered', 5)]);
    expect(folded.transitions.map((t) => t.to)).toEqual(['delivered', 'read']);
  });

  it('keeps an inbound message received whatever status arrives', () => {
    expect(foldStatuses({ status: 'received', statusAt: at(0), error: null }, [fact('read', 1)]).status).toBe('received');
  });
});
