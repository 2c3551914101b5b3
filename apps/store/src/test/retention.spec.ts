import { randomUUID } from 'node:crypto';
import { JobName, QueueName } from '@wabus/queues';
import { waitFor } from '@wabus/testing';
import { count, createChannel, rows, startStore, stopStore, suitePrefix, type StoreInstance, type TestChannel } from './store-harness';
import { wamid } from './webhook-fixtures';

describe('store: retention of raw payloads and old messages', () => {
  let store: StoreInstance;
  let channel: TestChannel;

  beforeAll(async () => {
    store = await startStore(suitePrefix('retention'));
    channel = await createChannel(store.dataSource, store.config);
  });

  afterAll(async () => {
    await stopStore(store);
  });

  async function message(ageDays: number): Promise<{ id: string; conversationId: string }> {
    const [row] = await rows<{ id: string; conversationId: string }>(
      store.dataSource,
      `WITH c AS (INSERT INTO contacts (channel_id, wa_id) VALUES ($1, $2) RETURNING id),
            v AS (INSERT INTO conversations (channel_id, contact_id, message_count) SELECT $1, id, 1 FROM c RETURNING id, contact_id),
            m AS (INSERT INTO messages (channel_id, conversation_id, contact_id, direction, type, status, text, payload, wa_message_id, raw, request, response, created_at)
                  SELECT $1, v.id, v.contact_id, 'out', 'text', 'read', 'hello', '{"body":"hello"}', $3, '{"raw":true}', '{"to":"x"}', '{"messages":[]}', now() - make_interval(days => $4)
                  FROM v RETURNING id, conversation_id, wa_message_id, created_at)
       INSERT INTO message_status_events (message_id, wa_message_id, status, occurred_at, raw, applied)
       SELECT id, wa_message_id, 'read', created_at, '{"status":"read"}', true FROM m RETURNING message_id AS id, (SELECT conversation_id FROM m) AS "conversationId"`,
      [channel.id, `4470${Math.floor(Math.random() * 1e9)}`, wamid(), ageDays],
    );
    return row;
  }

  it('strips raw payloads past their days, deletes messages past theirs, and clears stale statuses and published events', async () => {
    const recent = await message(1);
    const older = await message(45);
    const ancient = await message(800);
    const unclaimed = wamid();
    await store.dataSource.query(
      `INSERT INTO message_status_events (wa_message_id, status, occurred_at, applied, created_at) VALUES ($1, 'delivered', now(), false, now() - interval '40 days')`,
      [unclaimed],
    );
    const eventId = randomUUID();
    await store.dataSource.query(
      `INSERT INTO domain_events (id, type, aggregate_id, payload, dedupe_key, created_at, published_at)
       VALUES ($1, 'message.received', $1, '{}', $2, now() - interval '20 days', now() - interval '20 days')`,
      [eventId, `test:${eventId}`],
    );

    const job = await store.queues
      .queue(QueueName.StoreMaintenance)
      .add(JobName.ApplyRetention, { v: 1, reason: 'api', rawPayloadDays: 30, messageDays: 365, unclaimedStatusDays: 30, publishedEventDays: 7 });
    // finishedOn and the return value are written together when the job ends: one read sees both or neither.
    const done = await waitFor(async () => {
      const fetched = await store.queues.queue(QueueName.StoreMaintenance).getJob(job.id as string);
      return fetched?.finishedOn ? fetched : undefined;
    }, 20_000, 'retention job finished');
    expect(done.failedReason).toBeUndefined();
    expect(done.returnvalue).toMatchObject({ rawPayloadsStripped: expect.any(Number), messagesDeleted: expect.any(Number) });

    const state = async (id: string) =>
      (await rows<{ raw: unknown; request: unknown; response: unknown; text: string }>(store.dataSource, 'SELECT raw, request, response, text FROM messages WHERE id = $1', [id]))[0];
    expect(await state(recent.id)).toEqual({ raw: { raw: true }, request: { to: 'x' }, response: { messages: [] }, text: 'hello' });
    expect(await state(older.id)).toEqual({ raw: null, request: null, response: null, text: 'hello' });
    expect(await rows(store.dataSource, 'SELECT raw, status FROM message_status_events WHERE message_id = $1', [older.id])).toEqual([{ raw: null, status: 'read' }]);
    expect(await state(ancient.id)).toBeUndefined();
    expect(await count(store.dataSource, 'message_status_events WHERE message_id = $1', [ancient.id])).toBe(0);
    expect(await rows(store.dataSource, 'SELECT message_count AS "messageCount" FROM conversations WHERE id = $1', [ancient.conversationId])).toEqual([{ messageCount: 0 }]);
    expect(await count(store.dataSource, 'message_status_events WHERE wa_message_id = $1', [unclaimed])).toBe(0);
    expect(await count(store.dataSource, 'domain_events WHERE id = $1', [eventId])).toBe(0);
  });

  it('is scheduled once for every replica by a job scheduler', async () => {
    const schedulers = await store.queues.queue(QueueName.StoreMaintenance).getJobSchedulers();
    expect(schedulers).toEqual([expect.objectContaining({ key: 'store-retention', name: JobName.ApplyRetention, every: 24 * 60 * 60 * 1000 })]);
  });
});
