import { randomUUID } from 'node:crypto';
import { DomainEventRepository, runInTransaction, type OutboxEvent } from '@wabus/persistence';
import { QueueName } from '@wabus/queues';
import { count, createChannel, deliver, rows, startStore, stopStore, suitePrefix, waitForIdle, type StoreInstance, type TestChannel } from './store-harness';
import { contact, envelope, inbound, messagesChange } from './webhook-fixtures';

describe('store: outbox marking', () => {
  let store: StoreInstance;
  let channel: TestChannel;

  beforeAll(async () => {
    store = await startStore(suitePrefix('outbox'));
    channel = await createChannel(store.dataSource, store.config);
  });

  afterAll(async () => {
    await stopStore(store);
  });

  const fact = (): OutboxEvent => {
    const id = randomUUID();
    return { id, type: 'message.received', aggregateId: randomUUID(), dedupeKey: `outbox-spec:${id}`, payload: { v: 1, eventId: id } };
  };
  const publishedAt = async (ids: string[]) =>
    new Map((await rows<{ id: string; published_at: Date | null }>(store.dataSource, 'SELECT id, published_at FROM domain_events WHERE id = ANY($1)', [ids])).map((row) => [row.id, row.published_at]));

  it('inserts new facts and, in the same statement, marks earlier ones published; with no new fact it still marks', async () => {
    const [earlier, later, last] = [fact(), fact(), fact()];
    await runInTransaction(store.dataSource, (sql) => new DomainEventRepository(sql).insert([earlier]));
    expect((await publishedAt([earlier.id])).get(earlier.id)).toBeNull();

    const fresh = await runInTransaction(store.dataSource, (sql) => new DomainEventRepository(sql).insert([later, earlier], [earlier.id]));
    expect([...fresh]).toEqual([later.id]);
    let marks = await publishedAt([earlier.id, later.id]);
    expect(marks.get(earlier.id)).toBeInstanceOf(Date);
    expect(marks.get(later.id)).toBeNull();

    await runInTransaction(store.dataSource, (sql) => new DomainEventRepository(sql).insert([], [later.id]));
    marks = await publishedAt([later.id, last.id]);
    expect(marks.get(later.id)).toBeInstanceOf(Date);
    expect(marks.has(last.id)).toBe(false);
  });

  it('leaves no published event unmarked for the relay when it stops gracefully right after its work', async () => {
    const own = await startStore(suitePrefix('outbox-stop'));
    try {
      const waIds = Array.from({ length: 5 }, (_, index) => `1555002${String(index).padStart(4, '0')}`);
      const body = envelope([
        { wabaId: channel.wabaId, changes: [messagesChange({ phoneNumberId: channel.phoneNumberId, contacts: waIds.map((waId) => contact(waId)), messages: waIds.map((waId) => inbound(waId, 'text', { text: { body: 'hi' } })) })] },
      ]);
      await deliver(own.queues, channel.id, body);
      await waitForIdle(own.queues, QueueName.Inbound);
    } finally {
      await stopStore(own);
    }
    const ofChannel = `aggregate_id IN (SELECT id FROM messages WHERE channel_id = $1 UNION SELECT id FROM conversations WHERE channel_id = $1)`;
    expect(await count(store.dataSource, `domain_events WHERE ${ofChannel}`, [channel.id])).toBe(10);
    expect(await count(store.dataSource, `domain_events WHERE published_at IS NULL AND ${ofChannel}`, [channel.id])).toBe(0);
  });
});
