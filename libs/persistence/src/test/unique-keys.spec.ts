import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { ActionRunEntity } from '../entities/action-run.entity';
import { ButtonActionEntity } from '../entities/button-action.entity';
import { MessageEntity } from '../entities/message.entity';
import { migrateDatabase } from '../migration-runner';
import { createMessage, createThread, testDatabaseUrl, type Thread } from './test-database';

const PARALLEL = 20;

let dataSource: DataSource;

beforeAll(async () => {
  await migrateDatabase(testDatabaseUrl());
  // One connection per parallel writer, so the inserts truly race.
  dataSource = createDataSource(testDatabaseUrl(), { poolSize: PARALLEL, applicationName: 'wabus-test' });
  await dataSource.initialize();
});

afterAll(async () => {
  await dataSource.destroy();
});

function times<T>(count: number, work: (index: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> {
  return Promise.allSettled(Array.from({ length: count }, (_, index) => work(index)));
}

async function countRows(sql: string, parameters: unknown[]): Promise<number> {
  const [row] = (await dataSource.query(`SELECT count(*)::int AS count FROM ${sql}`, parameters)) as {
    count: number;
  }[];
  return row.count;
}

function sqlStates(results: PromiseSettledResult<unknown>[]): string[] {
  return results
    .filter((result): result is PromiseRejectedResult => result.status === 'rejected')
    .map((result) => String((result.reason as { driverError?: { code?: string } }).driverError?.code));
}

function insertMessageSql(onConflict: string): string {
  return `INSERT INTO messages (channel_id, conversation_id, contact_id, direction, type, status, wa_message_id, idempotency_key)
          VALUES ($1, $2, $3, 'in', 'text', 'received', $4, $5) ${onConflict} RETURNING id`;
}

function messageParameters(thread: Thread, wamid: string | null, idempotencyKey: string | null = null): unknown[] {
  return [thread.channel.id, thread.conversation.id, thread.contact.id, wamid, idempotencyKey];
}

describe('unique keys make every write idempotent', () => {
  let thread: Thread;

  beforeEach(async () => {
    thread = await createThread(dataSource);
  });

  it('keeps one message when 20 writers insert the same wamid at once; the others get a unique violation', async () => {
    const wamid = `wamid.${randomUUID()}`;
    const results = await times(PARALLEL, () =>
      dataSource.query(insertMessageSql(''), messageParameters(thread, wamid)),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(sqlStates(results)).toEqual(Array(PARALLEL - 1).fill('23505'));
    expect(await countRows('messages WHERE wa_message_id = $1', [wamid])).toBe(1);
  });

  it('lets exactly one of 20 racing ON CONFLICT DO NOTHING inserts of a wamid win, and none fail', async () => {
    const wamid = `wamid.${randomUUID()}`;
    const results = await times(PARALLEL, () =>
      dataSource.query(insertMessageSql('ON CONFLICT (wa_message_id) DO NOTHING'), messageParameters(thread, wamid)),
    );
    const returned = results.map((result) => (result.status === 'fulfilled' ? (result.value as unknown[]).length : -1));
    expect(returned.sort()).toEqual([...Array(PARALLEL - 1).fill(0), 1]);
    expect(await countRows('messages WHERE wa_message_id = $1', [wamid])).toBe(1);
  });

  it('supports the same through the query builder (orIgnore)', async () => {
    const wamid = `wamid.${randomUUID()}`;
    const insert = () =>
      dataSource
        .createQueryBuilder()
        .insert()
        .into(MessageEntity)
        .values({
          channelId: thread.channel.id,
          conversationId: thread.conversation.id,
          contactId: thread.contact.id,
          direction: 'in',
          type: 'text',
          status: 'received',
          waMessageId: wamid,
        })
        .orIgnore()
        .execute();
    const results = await times(PARALLEL, insert);
    expect(results.every((result) => result.status === 'fulfilled')).toBe(true);
    expect(await countRows('messages WHERE wa_message_id = $1', [wamid])).toBe(1);
  });

  it('allows any number of messages without a wamid yet (queued sends)', async () => {
    const results = await times(5, () => dataSource.query(insertMessageSql(''), messageParameters(thread, null)));
    expect(results.every((result) => result.status === 'fulfilled')).toBe(true);
    expect(await countRows('messages WHERE channel_id = $1 AND wa_message_id IS NULL', [thread.channel.id])).toBe(5);
  });

  it('keeps one send per idempotency key on a channel, while another channel may reuse the key', async () => {
    const key = `order-42-${randomUUID()}`;
    const sql = insertMessageSql('ON CONFLICT (channel_id, idempotency_key) DO NOTHING');
    const results = await times(PARALLEL, () => dataSource.query(sql, messageParameters(thread, null, key)));
    expect(results.every((result) => result.status === 'fulfilled')).toBe(true);
    expect(await countRows('messages WHERE idempotency_key = $1', [key])).toBe(1);

    const otherThread = await createThread(dataSource);
    await dataSource.query(sql, messageParameters(otherThread, null, key));
    expect(await countRows('messages WHERE idempotency_key = $1', [key])).toBe(2);
  });

  it('collapses duplicate status deliveries, keeps distinct statuses, and keeps statuses of unknown wamids', async () => {
    const wamid = `wamid.${randomUUID()}`;
    const occurredAt = new Date('2026-11-25T10:00:00Z');
    const sql = `INSERT INTO message_status_events (wa_message_id, status, occurred_at, raw)
                 VALUES ($1, $2, $3, $4) ON CONFLICT (wa_message_id, status, occurred_at) DO NOTHING RETURNING id`;
    const results = await times(PARALLEL, () => dataSource.query(sql, [wamid, 'delivered', occurredAt, { id: wamid }]));
    expect(results.every((result) => result.status === 'fulfilled')).toBe(true);
    await dataSource.query(sql, [wamid, 'read', new Date('2026-11-25T10:00:05Z'), null]);

    const rows = (await dataSource.query(
      'SELECT status, message_id, applied FROM message_status_events WHERE wa_message_id = $1 ORDER BY occurred_at',
      [wamid],
    )) as { status: string; message_id: string | null; applied: boolean }[];
    expect(rows).toEqual([
      { status: 'delivered', message_id: null, applied: false },
      { status: 'read', message_id: null, applied: false },
    ]);
  });

  it('runs an action once per message however often the tap is handled', async () => {
    const message = await createMessage(dataSource, thread, { type: 'interactive', replyId: 'approve' });
    const action = await dataSource.getRepository(ButtonActionEntity).save({
      name: 'Thank on approve',
      buttonId: 'approve',
      channelId: thread.channel.id,
      type: 'send_message',
      config: { text: 'Thanks!' },
    });
    const claim = () =>
      dataSource.query(
        `INSERT INTO action_runs (action_id, message_id, status) VALUES ($1, $2, 'running')
         ON CONFLICT (action_id, message_id) DO NOTHING RETURNING id`,
        [action.id, message.id],
      ) as Promise<{ id: string }[]>;
    const results = await times(PARALLEL, claim);
    const claimed = results.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
    expect(claimed).toHaveLength(1);
    expect(await dataSource.getRepository(ActionRunEntity).countBy({ actionId: action.id })).toBe(1);
  });

  it('upserts one contact per wa_id on a channel under concurrent first messages', async () => {
    const waId = `1555${Date.now()}`;
    const sql = `INSERT INTO contacts (channel_id, wa_id, profile_name) VALUES ($1, $2, $3)
                 ON CONFLICT (channel_id, wa_id) DO UPDATE SET profile_name = EXCLUDED.profile_name, updated_at = now()
                 RETURNING id`;
    const results = await times(PARALLEL, (index) => dataSource.query(sql, [thread.channel.id, waId, `Name ${index}`]));
    const ids = new Set(
      results
        .flatMap((result) => (result.status === 'fulfilled' ? result.value : []))
        .map((row: { id: string }) => row.id),
    );
    expect(ids.size).toBe(1);
    expect(await countRows('contacts WHERE channel_id = $1 AND wa_id = $2', [thread.channel.id, waId])).toBe(1);
  });

  it('keeps one contact per business-scoped user id, and refuses a contact with neither id', async () => {
    const sql = `INSERT INTO contacts (channel_id, user_id) VALUES ($1, $2) ON CONFLICT (channel_id, user_id) DO NOTHING`;
    await Promise.all([1, 2, 3].map(() => dataSource.query(sql, [thread.channel.id, 'US.13491208655302741918'])));
    expect(await countRows('contacts WHERE channel_id = $1 AND user_id IS NOT NULL', [thread.channel.id])).toBe(1);
    await expect(
      dataSource.query('INSERT INTO contacts (channel_id) VALUES ($1)', [thread.channel.id]),
    ).rejects.toMatchObject({ driverError: { code: '23514', constraint: 'ck_contacts_identity' } });
  });

  it.each([
    [
      'domain event dedupe key',
      `INSERT INTO domain_events (type, aggregate_id, payload, dedupe_key) VALUES ('message.received', gen_random_uuid(), '{}', $1) ON CONFLICT (dedupe_key) DO NOTHING`,
      'domain_events WHERE dedupe_key = $1',
    ],
    [
      'dead letter (queue, job id)',
      `INSERT INTO dead_letters (queue, job_name, job_id, payload) VALUES ('outbound', 'send-message', $1, '{}') ON CONFLICT (queue, job_id) DO NOTHING`,
      'dead_letters WHERE job_id = $1',
    ],
    [
      'template (waba, name, language)',
      `INSERT INTO templates (waba_id, name, language, status) VALUES ($1, 'order_update', 'en_US', 'APPROVED') ON CONFLICT (waba_id, name, language) DO NOTHING`,
      'templates WHERE waba_id = $1',
    ],
    [
      'api key hash',
      `INSERT INTO api_keys (name, prefix, key_hash, scopes) VALUES ('ci', 'wabus_x', $1, '{send}') ON CONFLICT (key_hash) DO NOTHING`,
      'api_keys WHERE key_hash = $1',
    ],
  ])('keeps one row per %s under concurrent inserts', async (_label, insert, count) => {
    const key = randomUUID();
    const results = await times(PARALLEL, () => dataSource.query(insert, [key]));
    expect(results.every((result) => result.status === 'fulfilled')).toBe(true);
    expect(await countRows(count, [key])).toBe(1);
  });

  it('keeps one delivery per (subscription, event)', async () => {
    const [subscription] = (await dataSource.query(
      `INSERT INTO event_subscriptions (url, secret, events) VALUES ('https://example.com/hook', $1, '{message.received}') RETURNING id`,
      [{ v: 1, kid: '00000000', iv: '', tag: '', data: '' }],
    )) as { id: string }[];
    const eventId = randomUUID();
    const results = await times(PARALLEL, () =>
      dataSource.query(
        `INSERT INTO event_deliveries (subscription_id, event_id, event_type, payload) VALUES ($1, $2, 'message.received', '{}')
         ON CONFLICT (subscription_id, event_id) DO NOTHING`,
        [subscription.id, eventId],
      ),
    );
    expect(results.every((result) => result.status === 'fulfilled')).toBe(true);
    expect(await countRows('event_deliveries WHERE event_id = $1', [eventId])).toBe(1);
  });
});
