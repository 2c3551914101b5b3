import { waitFor } from '@wabus/testing';
import { DOMAIN_EVENT_PRIORITY, RedisKeys, type DomainEventType } from '@wabus/queues';
import { contact, envelope, everyInboundType, messagesChange, wamid, type Json } from './webhook-fixtures';
import { count, createChannel, deliver, eventJobs, rows, startStore, stopStore, suitePrefix, type StoreInstance, type TestChannel } from './store-harness';

interface MessageRow {
  id: string;
  type: string;
  direction: string;
  status: string;
  text: string | null;
  payload: Json | Json[] | null;
  raw: Json;
  replyId: string | null;
  contextWaMessageId: string | null;
  error: Json | null;
  contactId: string;
  conversationId: string;
  createdAt: Date;
}

describe('store: every inbound message type lands with the right fields', () => {
  let store: StoreInstance;
  let channel: TestChannel;
  const from = '16505551234';
  const ourWamid = wamid();
  const reacted = wamid();
  const fixtures = everyInboundType(from, ourWamid, reacted);
  const byType = new Map<string, MessageRow>();

  beforeAll(async () => {
    store = await startStore(suitePrefix('types'));
    channel = await createChannel(store.dataSource, store.config);
    // Our interactive message, sent earlier, that the taps answer.
    await store.dataSource.query(
      `WITH c AS (INSERT INTO contacts (channel_id, wa_id, phone) VALUES ($1, '19995550000', '+19995550000') RETURNING id),
            v AS (INSERT INTO conversations (channel_id, contact_id) SELECT $1, id FROM c RETURNING id, contact_id)
       INSERT INTO messages (channel_id, conversation_id, contact_id, direction, type, status, wa_message_id)
       SELECT $1, v.id, v.contact_id, 'out', 'interactive', 'read', $2 FROM v`,
      [channel.id, ourWamid],
    );
    const messages = Object.values(fixtures).filter((message) => message.type !== 'system');
    const body = envelope([
      {
        wabaId: channel.wabaId,
        changes: [
          messagesChange({ phoneNumberId: channel.phoneNumberId, contacts: [contact(from, 'Sheena Nelson', { user_id: 'US.1234567890' })], messages }),
          // No contacts[] with system messages (§4.5).
          messagesChange({ phoneNumberId: channel.phoneNumberId, messages: [fixtures.system] }),
        ],
      },
    ]);
    await deliver(store.queues, channel.id, body);
    const ids = Object.values(fixtures).map((message) => message.id as string);
    await waitFor(async () => (await count(store.dataSource, 'messages WHERE wa_message_id = ANY($1)', [ids])) === ids.length, 15_000, 'all messages stored');
    const stored = await rows<MessageRow & { waMessageId: string }>(
      store.dataSource,
      `SELECT id, type, direction, status, text, payload, raw, reply_id AS "replyId", context_wa_message_id AS "contextWaMessageId", error,
              contact_id AS "contactId", conversation_id AS "conversationId", created_at AS "createdAt", wa_message_id AS "waMessageId"
       FROM messages WHERE wa_message_id = ANY($1)`,
      [ids],
    );
    for (const [name, fixture] of Object.entries(fixtures)) byType.set(name, stored.find((row) => row.waMessageId === fixture.id) as MessageRow);
  });

  afterAll(async () => {
    await stopStore(store);
  });

  it('stores each as an inbound message with status received, its raw item and its type object', () => {
    for (const [name, fixture] of Object.entries(fixtures)) {
      const row = byType.get(name);
      expect(row).toMatchObject({ direction: 'in', status: 'received', type: fixture.type });
      expect(row?.raw).toEqual(fixture);
    }
  });

  it('keeps the text, caption, filename, title or body as the readable text', () => {
    expect(byType.get('text')?.text).toBe('Does it come in another color?');
    expect(byType.get('image')?.text).toBe('the blue one');
    expect(byType.get('video')?.text).toBe('unboxing');
    expect(byType.get('document')?.text).toBe('my invoice');
    expect(byType.get('location')?.text).toBe('Philz Coffee');
    expect(byType.get('contacts')?.text).toBe('John Smith');
    expect(byType.get('order')?.text).toBe('please deliver fast');
    expect(byType.get('audio')?.text).toBeNull();
  });

  it('keeps media id, mime type, sha256, caption and filename', () => {
    for (const kind of ['image', 'audio', 'video', 'document', 'sticker']) {
      const payload = byType.get(kind)?.payload as Json;
      const sent = fixtures[kind][kind] as Json;
      expect(payload).toEqual(sent);
      expect(payload).toMatchObject({ id: expect.any(String), mime_type: expect.any(String), sha256: 'c2hhMjU2' });
    }
    expect(byType.get('document')?.payload).toMatchObject({ filename: 'invoice.pdf', caption: 'my invoice' });
    expect(byType.get('audio')?.payload).toMatchObject({ voice: true });
  });

  it('keeps location coordinates, shared contact cards and order items', () => {
    expect(byType.get('location')?.payload).toMatchObject({ latitude: 37.44221496582, longitude: -122.16165924072 });
    expect(byType.get('contacts')?.payload).toEqual(fixtures.contacts.contacts);
    expect(byType.get('order')?.payload).toMatchObject({ catalog_id: 'cat-1', product_items: [{ product_retailer_id: 'SKU-1', quantity: 2 }] });
  });

  it('attaches a reaction to the message it reacts to', () => {
    expect(byType.get('reaction')).toMatchObject({ text: '👍', contextWaMessageId: reacted, payload: { message_id: reacted, emoji: '👍' } });
  });

  it('stores the reply id and the context of button replies, list replies and template button taps', () => {
    expect(byType.get('button_reply')).toMatchObject({ replyId: 'cancel-button', text: 'Cancel', contextWaMessageId: ourWamid });
    expect(byType.get('list_reply')).toMatchObject({ replyId: 'priority_express', text: 'Priority Mail Express', contextWaMessageId: ourWamid });
    expect(byType.get('template_button')).toMatchObject({ replyId: 'APPROVE:order-42', text: 'Approve', contextWaMessageId: ourWamid });
  });

  it('keeps the referral of a click-to-WhatsApp ad, system notices and unsupported messages with their error', () => {
    expect(byType.get('referral')?.raw.referral).toMatchObject({ source_type: 'ad', ctwa_clid: 'clid-1' });
    expect(byType.get('system')).toMatchObject({ text: expect.stringContaining('changed from'), payload: { type: 'user_changed_number' } });
    expect(byType.get('unsupported')?.error).toMatchObject({ code: 131051, title: 'Message type unknown', details: 'Message type is currently not supported.' });
    expect(byType.get('unsupported')?.error?.help).toEqual(expect.any(String));
  });

  it('keeps a message of a type Meta has not invented yet, with every field', () => {
    expect(byType.get('future')).toMatchObject({ type: 'hologram', payload: { id: 'holo-1', depth: 3 } });
    expect(byType.get('future')?.raw.new_top_level_field).toEqual({ kept: true });
  });

  it('orders the log by when the customer wrote (Meta timestamp)', () => {
    const text = byType.get('text');
    expect(text?.createdAt.getTime()).toBe(Number(fixtures.text.timestamp) * 1000);
  });

  it('upserts one contact with wa_id, E.164 phone, profile name and user id, and one conversation', async () => {
    const contacts = await rows<Json>(store.dataSource, `SELECT wa_id, phone, profile_name, user_id FROM contacts WHERE channel_id = $1 AND wa_id = $2`, [channel.id, from]);
    expect(contacts).toEqual([{ wa_id: from, phone: '+16505551234', profile_name: 'Sheena Nelson', user_id: 'US.1234567890' }]);
    const conversations = new Set([...byType.values()].map((row) => row.conversationId));
    expect(conversations.size).toBe(1);
    const [conversation] = await rows<{ messageCount: number; unreadCount: number; lastInboundAt: Date }>(
      store.dataSource,
      'SELECT message_count AS "messageCount", unread_count AS "unreadCount", last_inbound_at AS "lastInboundAt" FROM conversations WHERE id = $1',
      [[...conversations][0]],
    );
    expect(conversation.messageCount).toBe(Object.keys(fixtures).length);
    expect(conversation.unreadCount).toBe(Object.keys(fixtures).length);
    expect(conversation.lastInboundAt).toBeInstanceOf(Date);
  });

  it('gives every inbound message a received entry in its status history', async () => {
    const ids = [...byType.values()].map((row) => row.id);
    expect(await count(store.dataSource, `message_status_events WHERE message_id = ANY($1) AND status = 'received'`, [ids])).toBe(ids.length);
  });

  it('writes the 24-hour window for sender under the wa_id and the user id', async () => {
    const key = RedisKeys.lastInbound(store.config.queuePrefix, channel.id, from);
    const value = await waitFor(() => store.redis.get(key).then((v) => v ?? undefined), 5000, 'window key');
    expect(Number(value)).toBeGreaterThanOrEqual(Number(fixtures.text.timestamp) * 1000);
    expect(await store.redis.pttl(key)).toBeGreaterThan(23 * 60 * 60 * 1000);
    expect(await store.redis.get(RedisKeys.lastInbound(store.config.queuePrefix, channel.id, 'US.1234567890'))).toBe(value);
  });

  it('emits message.received for each, interaction.received for taps (with our message id), and conversation.opened once', async () => {
    const events = await waitFor(async () => {
      const jobs = await eventJobs(store.queues);
      return jobs.filter((job) => job.data.type === 'message.received').length === Object.keys(fixtures).length ? jobs : undefined;
    }, 10_000, 'events published');
    const interactions = events.filter((job) => job.data.type === 'interaction.received').map((job) => job.data.data);
    expect(interactions.map((data) => data.replyId).sort()).toEqual(['APPROVE:order-42', 'cancel-button', 'priority_express']);
    const [ours] = await rows<{ id: string }>(store.dataSource, 'SELECT id FROM messages WHERE wa_message_id = $1', [ourWamid]);
    for (const data of interactions) {
      expect(data).toMatchObject({ channelId: channel.id, phone: '+16505551234', contextWaMessageId: ourWamid, contextMessageId: ours.id });
    }
    const tap = interactions.find((data) => data.replyId === 'cancel-button');
    expect(tap).toMatchObject({ messageId: byType.get('button_reply')?.id, replyTitle: 'Cancel', conversationId: byType.get('button_reply')?.conversationId });
    expect(events.filter((job) => job.data.type === 'conversation.opened')).toHaveLength(1);
    // Taps travel in their own jobs, ahead of everything else of the commit.
    for (const job of events) expect(job.priority).toBe(DOMAIN_EVENT_PRIORITY[job.data.type as DomainEventType]);
    const tapJobs = new Set(events.filter((job) => job.data.type === 'interaction.received').map((job) => job.id));
    expect(events.filter((job) => tapJobs.has(job.id)).every((job) => job.data.type === 'interaction.received')).toBe(true);
  });
});
