import { QueueName, type RecordOutboundJob } from '@wabus/queues';
import { waitFor } from '@wabus/testing';
import { permutations } from './permutations';
import {
  count,
  createChannel,
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
import { wamid, type Json } from './webhook-fixtures';

const T0 = new Date('2031-04-01T09:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms).toISOString();

interface StoredMessage {
  id: string;
  status: string;
  direction: string;
  type: string;
  text: string | null;
  payload: Json;
  waMessageId: string | null;
  request: Json | null;
  response: Json | null;
  error: Json | null;
  contactId: string;
  conversationId: string;
  createdAt: Date;
  idempotencyKey: string | null;
}

describe('store: outbound records from the gateway and the sender', () => {
  let store: StoreInstance;
  let channel: TestChannel;

  beforeAll(async () => {
    store = await startStore(suitePrefix('records'));
    channel = await createChannel(store.dataSource, store.config);
  });

  afterAll(async () => {
    await stopStore(store);
  });

  async function message(id: string): Promise<StoredMessage & { history: string[] }> {
    const [row] = await rows<StoredMessage>(
      store.dataSource,
      `SELECT id, status, direction, type, text, payload, wa_message_id AS "waMessageId", request, response, error, contact_id AS "contactId",
              conversation_id AS "conversationId", created_at AS "createdAt", idempotency_key AS "idempotencyKey" FROM messages WHERE id = $1`,
      [id],
    );
    const history = await rows<{ status: string }>(store.dataSource, 'SELECT status FROM message_status_events WHERE message_id = $1 ORDER BY occurred_at, status', [id]);
    return { ...row, history: history.map((entry) => entry.status) };
  }

  /** Delivers the records one at a time, in this order, each processed before the next. */
  async function inOrder(records: RecordOutboundJob[]): Promise<void> {
    for (const job of records) {
      await record(store.queues, job);
      await waitForIdle(store.queues, QueueName.Records);
    }
  }

  const request = { messaging_product: 'whatsapp', to: '16505551234', type: 'text', text: { body: 'Your order shipped' } };

  it.each(permutations(['queued', 'sent']).map((order) => [order.join(' → '), order]))('records queued and sent arriving as %s', async (_, order) => {
    const job = sendJob(channel.id, '+16505551234', { requestedAt: T0.toISOString(), idempotencyKey: `key-${order.join('-')}-${Date.now()}` });
    const waMessageId = wamid();
    const response = { messaging_product: 'whatsapp', contacts: [{ input: '16505551234', wa_id: '16505551234' }], messages: [{ id: waMessageId }] };
    const byOutcome: Record<string, RecordOutboundJob> = {
      queued: { v: 1, messageId: job.messageId, outcome: 'queued', at: T0.toISOString(), message: job },
      sent: { v: 1, messageId: job.messageId, outcome: 'sent', at: at(800), message: job, waMessageId, request, response },
    };
    await inOrder(order.map((outcome) => byOutcome[outcome]));
    const stored = await message(job.messageId);
    expect(stored).toMatchObject({
      status: 'sent',
      direction: 'out',
      type: 'text',
      text: 'Your order shipped',
      payload: { body: 'Your order shipped' },
      waMessageId,
      request,
      response,
      error: null,
      idempotencyKey: job.idempotencyKey,
    });
    expect(stored.createdAt).toEqual(T0);
    expect(stored.history).toEqual(['queued', 'sent']);
  });

  it.each(permutations(['queued', 'failed']).map((order) => [order.join(' → '), order]))('records a Meta failure arriving as %s, with our help text', async (_, order) => {
    const job = sendJob(channel.id, '+16505551234', { requestedAt: T0.toISOString() });
    const byOutcome: Record<string, RecordOutboundJob> = {
      queued: { v: 1, messageId: job.messageId, outcome: 'queued', at: T0.toISOString(), message: job },
      failed: {
        v: 1,
        messageId: job.messageId,
        outcome: 'failed',
        at: at(300),
        message: job,
        request,
        response: { error: { message: '(#131026) Message undeliverable', code: 131026 } },
        error: { code: '131026', title: 'Message undeliverable', details: 'The recipient cannot receive this message.' },
      },
    };
    await inOrder(order.map((outcome) => byOutcome[outcome]));
    const stored = await message(job.messageId);
    expect(stored.status).toBe('failed');
    expect(stored.error).toMatchObject({ code: 131026, title: 'Message undeliverable', details: 'The recipient cannot receive this message.' });
    expect(stored.error).toEqual(expect.objectContaining({ help: expect.any(String), fix: expect.any(String), retryable: expect.any(Boolean) }));
    expect(stored.response).toMatchObject({ error: { code: 131026 } });
    expect(stored.history).toEqual(['queued', 'failed']);
  });

  it('keeps our own refusal codes as given (window_closed before any API call)', async () => {
    const job = sendJob(channel.id, '+16505551234', { requestedAt: T0.toISOString() });
    const refusal = { code: 'window_closed', title: 'The 24-hour window is closed', details: 'Send an approved template instead.' };
    await inOrder([
      { v: 1, messageId: job.messageId, outcome: 'queued', at: T0.toISOString(), message: job },
      { v: 1, messageId: job.messageId, outcome: 'failed', at: at(10), message: job, error: refusal },
    ]);
    const stored = await message(job.messageId);
    expect(stored).toMatchObject({ status: 'failed', waMessageId: null, error: refusal });
  });

  it('never moves a delivered message back to sent when the sender’s record comes last', async () => {
    const job = sendJob(channel.id, '+16505551234', { requestedAt: T0.toISOString() });
    const waMessageId = wamid();
    await inOrder([{ v: 1, messageId: job.messageId, outcome: 'queued', at: T0.toISOString(), message: job }]);
    await store.dataSource.query(`UPDATE messages SET status = 'delivered', status_at = $2 WHERE id = $1`, [job.messageId, at(2000)]);
    await inOrder([{ v: 1, messageId: job.messageId, outcome: 'sent', at: at(500), message: job, waMessageId }]);
    expect(await message(job.messageId)).toMatchObject({ status: 'delivered', waMessageId });
  });

  it('waits (retries) for the queued record when a record without the message arrives first', async () => {
    const job = sendJob(channel.id, '+16505551234', { requestedAt: T0.toISOString() });
    const waMessageId = wamid();
    await record(store.queues, { v: 1, messageId: job.messageId, outcome: 'sent', at: at(500), waMessageId });
    await waitFor(async () => (await store.queues.queue(QueueName.Records).getJobCounts('delayed')).delayed > 0, 10_000, 'sent record retried');
    expect(await count(store.dataSource, 'messages WHERE id = $1', [job.messageId])).toBe(0);
    await record(store.queues, { v: 1, messageId: job.messageId, outcome: 'queued', at: T0.toISOString(), message: job });
    await waitFor(async () => (await message(job.messageId)).status === 'sent', 15_000, 'sent applied after the retry');
    expect(await message(job.messageId)).toMatchObject({ waMessageId, history: ['queued', 'sent'] });
  });

  it('puts the outbound message in the recipient’s contact and conversation, and opens it once', async () => {
    const to = '+447700900123';
    const first = sendJob(channel.id, to, { requestedAt: T0.toISOString() });
    const second = sendJob(channel.id, to, { requestedAt: at(1000), type: 'image', payload: { link: 'https://example.com/a.jpg', caption: 'the receipt' } });
    await inOrder([
      { v: 1, messageId: first.messageId, outcome: 'queued', at: T0.toISOString(), message: first },
      { v: 1, messageId: second.messageId, outcome: 'queued', at: at(1000), message: second },
    ]);
    const [a, b] = [await message(first.messageId), await message(second.messageId)];
    expect(a.conversationId).toBe(b.conversationId);
    expect(b.text).toBe('the receipt');
    const [contact] = await rows<Json>(store.dataSource, 'SELECT wa_id, phone FROM contacts WHERE id = $1', [a.contactId]);
    expect(contact).toEqual({ wa_id: '447700900123', phone: to });
    const [conversation] = await rows<Json>(store.dataSource, 'SELECT message_count, unread_count FROM conversations WHERE id = $1', [a.conversationId]);
    expect(conversation).toEqual({ message_count: 2, unread_count: 0 });
    const opened = (await eventJobs(store.queues)).filter((event) => event.data.type === 'conversation.opened' && event.data.data.conversationId === a.conversationId);
    expect(opened).toHaveLength(1);
    expect(opened[0].data.data).toMatchObject({ openedBy: 'business', phone: to });
  });

  it('records a queued message once however often the gateway repeats the record', async () => {
    const job = sendJob(channel.id, '+16505551234', { requestedAt: T0.toISOString() });
    const queued: RecordOutboundJob = { v: 1, messageId: job.messageId, outcome: 'queued', at: T0.toISOString(), message: job };
    await Promise.all([1, 2, 3, 4, 5].map(() => record(store.queues, queued)));
    await waitForIdle(store.queues, QueueName.Records);
    expect(await count(store.dataSource, 'messages WHERE id = $1', [job.messageId])).toBe(1);
    expect((await message(job.messageId)).history).toEqual(['queued']);
  });
});
