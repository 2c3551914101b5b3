import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { ChannelEntity } from '../entities/channel.entity';
import { ConversationEntity } from '../entities/conversation.entity';
import { MESSAGE_TEXT_SEARCH_VECTOR, MessageEntity } from '../entities/message.entity';
import { migrateDatabase } from '../migration-runner';
import { createMessage, createThread, testDatabaseUrl, testSecretBox } from './test-database';

let dataSource: DataSource;

beforeAll(async () => {
  await migrateDatabase(testDatabaseUrl());
  dataSource = createDataSource(testDatabaseUrl(), { applicationName: 'wabus-test' });
  await dataSource.initialize();
});

afterAll(async () => {
  await dataSource.destroy();
});

describe('schema', () => {
  it('stores channel secrets only as sealed envelopes that open back to the plain text', async () => {
    const { channel } = await createThread(dataSource);
    const [raw] = (await dataSource.query('SELECT access_token::text AS stored FROM channels WHERE id = $1', [
      channel.id,
    ])) as { stored: string }[];
    expect(raw.stored).not.toContain('EAAG-test-token');

    const loaded = await dataSource.getRepository(ChannelEntity).findOneByOrFail({ id: channel.id });
    expect(testSecretBox.open(loaded.accessToken)).toBe('EAAG-test-token');
    expect(testSecretBox.open(loaded.verifyToken)).toBe('verify-token');
  });

  it('lets a status update rewrite a message in place: no index reads a column it writes, and pages keep room', async () => {
    // A heap-only (HOT) update touches no index; most webhook events are statuses.
    const writtenByStatusUpdates = ['status', 'status_at', 'error', 'request', 'response', 'updated_at'];
    const indexes = (await dataSource.query(`SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS definition FROM pg_index WHERE indrelid = 'messages'::regclass`)) as {
      name: string;
      definition: string;
    }[];
    expect(indexes.length).toBeGreaterThan(5);
    const blocking = indexes.filter(({ definition }) => writtenByStatusUpdates.some((column) => new RegExp(`\\b${column}\\b`).test(definition.replace(/^.*? ON /, ''))));
    expect(blocking).toEqual([]);
    const [table] = (await dataSource.query(`SELECT reloptions FROM pg_class WHERE oid = 'messages'::regclass`)) as { reloptions: string[] | null }[];
    expect(table.reloptions).toContain('fillfactor=85');
  });

  it('fills ids, defaults and timestamps in the database', async () => {
    const { channel, conversation } = await createThread(dataSource);
    expect(channel.id).toMatch(/^[0-9a-f-]{36}$/);
    const loaded = await dataSource.getRepository(ChannelEntity).findOneByOrFail({ id: channel.id });
    expect(loaded).toMatchObject({ apiVersion: 'v23.0', throughputMps: 80, active: true });
    expect(loaded.createdAt).toBeInstanceOf(Date);
    const thread = await dataSource.getRepository(ConversationEntity).findOneByOrFail({ id: conversation.id });
    expect(thread).toMatchObject({ unreadCount: 0, messageCount: 0, lastInboundAt: null });
  });

  it('refuses values outside the contract (direction, status, scopes, throughput)', async () => {
    const thread = await createThread(dataSource);
    await expect(createMessage(dataSource, thread, { direction: 'sideways' as 'in' })).rejects.toMatchObject({
      driverError: { constraint: 'ck_messages_direction' },
    });
    await expect(createMessage(dataSource, thread, { status: 'lost' as 'sent' })).rejects.toMatchObject({
      driverError: { constraint: 'ck_messages_status' },
    });
    await expect(
      dataSource.query(`INSERT INTO api_keys (name, prefix, key_hash, scopes) VALUES ('x', 'x', $1, '{root}')`, [
        randomUUID(),
      ]),
    ).rejects.toMatchObject({ driverError: { constraint: 'ck_api_keys_scopes' } });
    await expect(
      dataSource.query(`INSERT INTO api_keys (name, prefix, key_hash, scopes) VALUES ('x', 'x', $1, '{}')`, [
        randomUUID(),
      ]),
    ).rejects.toMatchObject({ driverError: { constraint: 'ck_api_keys_scopes' } });
    await expect(
      dataSource.query('UPDATE channels SET throughput_mps = 0 WHERE id = $1', [thread.channel.id]),
    ).rejects.toMatchObject({ driverError: { constraint: 'ck_channels_throughput_mps' } });
  });

  it('finds messages by words of their text through the full-text index', async () => {
    const thread = await createThread(dataSource);
    const word = `zebra${randomUUID().slice(0, 8)}`;
    const message = await createMessage(dataSource, thread, { text: `Does it come in ${word} colour?` });
    await createMessage(dataSource, thread, { text: 'Something else' });

    const search = `${MESSAGE_TEXT_SEARCH_VECTOR} @@ websearch_to_tsquery('simple', $1)`;
    const found = await dataSource
      .getRepository(MessageEntity)
      .createQueryBuilder('m')
      .where(search.replace('$1', ':q'), { q: word })
      .getMany();
    expect(found.map((row) => row.id)).toEqual([message.id]);

    const plan = await dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL enable_seqscan = off');
      return (await manager.query(`EXPLAIN SELECT id FROM messages WHERE ${search}`, [word])) as {
        'QUERY PLAN': string;
      }[];
    });
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('ix_messages_text_search');
  });

  it('removes a channel with its contacts, conversations, messages and status history', async () => {
    const thread = await createThread(dataSource);
    const message = await createMessage(dataSource, thread);
    await dataSource.query(
      `INSERT INTO message_status_events (message_id, wa_message_id, status, occurred_at, applied) VALUES ($1, $2, 'read', now(), true)`,
      [message.id, message.waMessageId],
    );
    await dataSource.getRepository(ChannelEntity).delete({ id: thread.channel.id });
    const [counts] = (await dataSource.query(
      `SELECT (SELECT count(*) FROM contacts WHERE channel_id = $1)::int AS contacts,
              (SELECT count(*) FROM messages WHERE channel_id = $1)::int AS messages,
              (SELECT count(*) FROM message_status_events WHERE message_id = $2)::int AS statuses`,
      [thread.channel.id, message.id],
    )) as { contacts: number; messages: number; statuses: number }[];
    expect(counts).toEqual({ contacts: 0, messages: 0, statuses: 0 });
  });
});
