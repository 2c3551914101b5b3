import { randomUUID } from 'node:crypto';
import { QueueName } from '@wabus/queues';
import { waitFor } from '@wabus/testing';
import { permutations } from './permutations';
import {
  count,
  createChannel,
  deliver,
  eventJobs,
  record,
  rows,
  sendJob,
  startStore,
  stopStore,
  suitePrefix,
  waitForIdle,
  type StoreInstance,
  type TestChannel,
} from './store-harness';
import { envelope, messagesChange, status, wamid, type Json } from './webhook-fixtures';

const WORDS = ['sent', 'delivered', 'read', 'failed'] as const;
const T0 = new Date('2031-03-01T10:00:00Z');
/** Meta's times of each status: sent, then delivered, read; the failure comes late (a contradictory report). */
const AT: Record<string, Date> = {
  sent: new Date(T0.getTime() + 1000),
  delivered: new Date(T0.getTime() + 2000),
  read: new Date(T0.getTime() + 3000),
  failed: new Date(T0.getTime() + 4000),
};

describe('store: statuses of our messages', () => {
  let store: StoreInstance;
  let channel: TestChannel;

  beforeAll(async () => {
    store = await startStore(suitePrefix('statuses'));
    channel = await createChannel(store.dataSource, store.config);
  });

  afterAll(async () => {
    await stopStore(store);
  });

  /** An outbound message as the gateway and sender record it: queued, then sent with its wamid. */
  async function sentMessage(): Promise<{ messageId: string; waMessageId: string }> {
    const message = sendJob(channel.id, '+16505551234', { requestedAt: T0.toISOString() });
    const waMessageId = wamid();
    await record(store.queues, { v: 1, messageId: message.messageId, outcome: 'queued', at: T0.toISOString(), message });
    await record(store.queues, { v: 1, messageId: message.messageId, outcome: 'sent', at: new Date(T0.getTime() + 500).toISOString(), message, waMessageId });
    await waitFor(async () => (await count(store.dataSource, `messages WHERE id = $1 AND wa_message_id = $2`, [message.messageId, waMessageId])) === 1);
    return { messageId: message.messageId, waMessageId };
  }

  const statusBody = (waMessageId: string, word: string) =>
    envelope([{ wabaId: channel.wabaId, changes: [messagesChange({ phoneNumberId: channel.phoneNumberId, statuses: [status(waMessageId, word, AT[word])] })] }]);

  async function stateOf(messageId: string) {
    const [message] = await rows<{ status: string; statusAt: Date; error: Json | null }>(
      store.dataSource,
      'SELECT status, status_at AS "statusAt", error FROM messages WHERE id = $1',
      [messageId],
    );
    const history = await rows<{ status: string; at: Date; source: string | null }>(
      store.dataSource,
      `SELECT status, occurred_at AS at, raw->>'source' AS source FROM message_status_events WHERE message_id = $1 ORDER BY occurred_at, status`,
      [messageId],
    );
    return { ...message, history };
  }

  it.each(permutations([...WORDS]).map((order) => [order.join(' → '), order]))(
    'arriving one by one as %s, ends read with the failure kept beside it and a complete history',
    async (_, order) => {
      const { messageId, waMessageId } = await sentMessage();
      for (const word of order) {
        await deliver(store.queues, channel.id, statusBody(waMessageId, word));
        await waitForIdle(store.queues, QueueName.Inbound);
      }
      const state = await stateOf(messageId);
      expect(state.status).toBe('read');
      expect(state.statusAt).toEqual(AT.read);
      expect(state.error).toMatchObject({ code: 131047, title: 'Re-engagement message', help: expect.any(String), retryable: expect.any(Boolean) });
      expect(state.history.map((entry) => `${entry.status}${entry.source ? `(${entry.source})` : ''}`)).toEqual([
        'queued(wabus)',
        'sent(sender)',
        'sent',
        'delivered',
        'read',
        'failed',
      ]);
    },
  );

  it('applies statuses shuffled across many messages in one burst: every message ends read, each status recorded once', async () => {
    const orders = permutations([...WORDS]);
    const messages = await Promise.all(orders.map(() => sentMessage()));
    const deliveries = orders.flatMap((order, index) => order.map((word) => statusBody(messages[index].waMessageId, word)));
    // Each delivery twice, as Meta retries.
    await Promise.all([...deliveries, ...deliveries].map((body) => deliver(store.queues, channel.id, body)));
    await waitForIdle(store.queues, QueueName.Inbound);
    for (const { messageId } of messages) {
      const state = await stateOf(messageId);
      expect(state.status).toBe('read');
      expect(state.history.filter((entry) => !entry.source).map((entry) => entry.status)).toEqual(['sent', 'delivered', 'read', 'failed']);
    }
  });

  it('keeps Meta’s conversation and pricing info and the raw status in the history', async () => {
    const { messageId, waMessageId } = await sentMessage();
    await deliver(store.queues, channel.id, statusBody(waMessageId, 'sent'));
    const [entry] = await waitFor(async () => {
      const found = await rows<{ pricing: Json; conversation: Json; raw: Json }>(
        store.dataSource,
        `SELECT pricing, conversation, raw FROM message_status_events WHERE message_id = $1 AND status = 'sent' AND raw->>'source' IS NULL`,
        [messageId],
      );
      return found.length ? found : undefined;
    });
    expect(entry.pricing).toMatchObject({ pricing_model: 'PMP', category: 'service' });
    expect(entry.conversation).toMatchObject({ id: 'conv-1', origin: { type: 'service' } });
    expect(entry.raw).toMatchObject({ id: waMessageId, status: 'sent', recipient_id: '16505551234' });
  });

  it('keeps a status whose message is not known yet, and applies it when the message lands', async () => {
    const message = sendJob(channel.id, '+16505551234', { requestedAt: T0.toISOString() });
    const waMessageId = wamid();
    await deliver(store.queues, channel.id, statusBody(waMessageId, 'delivered'));
    await waitForIdle(store.queues, QueueName.Inbound);
    expect(await rows(store.dataSource, 'SELECT message_id AS "messageId", applied FROM message_status_events WHERE wa_message_id = $1', [waMessageId])).toEqual([
      { messageId: null, applied: false },
    ]);
    // The sender's record comes late (Meta's webhook beat it), before even the gateway's queued record.
    await record(store.queues, { v: 1, messageId: message.messageId, outcome: 'sent', at: new Date(T0.getTime() + 500).toISOString(), message, waMessageId });
    await waitForIdle(store.queues, QueueName.Records);
    await record(store.queues, { v: 1, messageId: message.messageId, outcome: 'queued', at: T0.toISOString(), message });
    await waitForIdle(store.queues, QueueName.Records);
    const state = await stateOf(message.messageId);
    expect(state.status).toBe('delivered');
    expect(state.history.map((entry) => entry.status)).toEqual(['queued', 'sent', 'delivered']);
    expect(await count(store.dataSource, 'message_status_events WHERE wa_message_id = $1 AND NOT applied', [waMessageId])).toBe(0);
  });

  it('emits message.status once per status reached, with the previous status, even when statuses are repeated', async () => {
    const { messageId, waMessageId } = await sentMessage();
    for (const word of ['delivered', 'sent', 'delivered', 'read', 'read']) {
      await deliver(store.queues, channel.id, statusBody(waMessageId, word), randomUUID());
      await waitForIdle(store.queues, QueueName.Inbound);
    }
    const events = await waitFor(async () => {
      const found = (await eventJobs(store.queues)).filter((job) => job.data.type === 'message.status' && job.data.data.messageId === messageId);
      return found.length >= 3 ? found : undefined;
    });
    const seen = events.map((job) => `${job.data.data.previousStatus}→${job.data.data.status}`).sort();
    expect(seen).toEqual(['delivered→read', 'queued→sent', 'sent→delivered']);
    expect(events[0].data.data).toMatchObject({ waMessageId, channelId: channel.id });
  });

  it('maps played (a voice message heard) to read and keeps Meta’s word in the history', async () => {
    const { messageId, waMessageId } = await sentMessage();
    await deliver(
      store.queues,
      channel.id,
      envelope([{ wabaId: channel.wabaId, changes: [messagesChange({ phoneNumberId: channel.phoneNumberId, statuses: [status(waMessageId, 'played', AT.read)] })] }]),
    );
    await waitFor(async () => (await stateOf(messageId)).status === 'read');
    expect((await stateOf(messageId)).history.map((entry) => entry.status)).toContain('played');
  });
});
