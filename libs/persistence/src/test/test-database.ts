import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ChannelEntity } from '../entities/channel.entity';
import { ContactEntity } from '../entities/contact.entity';
import { ConversationEntity } from '../entities/conversation.entity';
import { MessageEntity } from '../entities/message.entity';
import { SecretBox } from '../secret-box';

/** The run's scratch database, created empty by the workspace's Jest global setup. */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run the tests through the workspace Jest config.');
  return url;
}

/** Another database of this run (dropped by the global teardown); not created yet. */
export function extraDatabaseUrl(suffix: string): string {
  const runId = process.env.WABUS_TEST_RUN_ID;
  if (!runId) throw new Error('WABUS_TEST_RUN_ID is not set: run the tests through the workspace Jest config.');
  const url = new URL(testDatabaseUrl());
  url.pathname = `/wabus_test_${runId}_${suffix}`;
  return url.toString();
}

export async function tableNames(dataSource: DataSource): Promise<string[]> {
  const rows = (await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  )) as { table_name: string }[];
  return rows.map((row) => row.table_name);
}

export const testSecretBox = new SecretBox({ current: randomBytes(32) });

export interface Thread {
  channel: ChannelEntity;
  contact: ContactEntity;
  conversation: ConversationEntity;
}

/** A channel with one contact and their conversation, all with fresh ids. */
export async function createThread(dataSource: DataSource): Promise<Thread> {
  const channel = await dataSource.getRepository(ChannelEntity).save({
    name: 'Test number',
    phoneNumberId: randomUUID(),
    wabaId: randomUUID(),
    accessToken: testSecretBox.seal('EAAG-test-token'),
    appSecret: testSecretBox.seal('app-secret'),
    verifyToken: testSecretBox.seal('verify-token'),
  });
  const contact = await dataSource.getRepository(ContactEntity).save({
    channelId: channel.id,
    waId: '16505551234',
    phone: '+16505551234',
  });
  const conversation = await dataSource
    .getRepository(ConversationEntity)
    .save({ channelId: channel.id, contactId: contact.id });
  return { channel, contact, conversation };
}

export async function createMessage(
  dataSource: DataSource,
  thread: Thread,
  fields: Partial<MessageEntity> = {},
): Promise<MessageEntity> {
  return dataSource.getRepository(MessageEntity).save({
    channelId: thread.channel.id,
    conversationId: thread.conversation.id,
    contactId: thread.contact.id,
    direction: 'in',
    type: 'text',
    status: 'received',
    text: 'hello',
    waMessageId: `wamid.${randomUUID()}`,
    ...fields,
  });
}
