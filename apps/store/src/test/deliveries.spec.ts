import { randomUUID } from 'node:crypto';
import { JobName, QueueName } from '@wabus/queues';
import { waitFor } from '@wabus/testing';
import { ChannelDirectory } from '../inbound/channel-directory';
import { OutboxPublisher } from '../outbox/outbox.publisher';
import {
  count,
  createChannel,
  deliver,
  eventJobs,
  rows,
  startStore,
  stopStore,
  suitePrefix,
  waitForIdle,
  type StoreInstance,
  type TestChannel,
} from './store-harness';
import { contact, envelope, inbound, messagesChange, status, wamid, type Json } from './webhook-fixtures';

describe('store: whole deliveries', () => {
  let store: StoreInstance;
  let channel: TestChannel;
  let second: TestChannel;

  beforeAll(async () => {
    store = await startStore(suitePrefix('deliveries'));
    channel = await createChannel(store.dataSource, store.config);
    second = await createChannel(store.dataSource, store.config, channel.wabaId);
  });

  afterAll(async () => {
    await stopStore(store);
  });

  const deadLetters = (jobId: string) => count(store.dataSource, `dead_letters WHERE queue = 'inbound' AND job_id LIKE $1`, [`${jobId}%`]);

  it('stores every message and status of 2 entries × 2 changes, each change routed by its phone number id', async () => {
    const outbound = [wamid(), wamid()];
    for (const [index, id] of outbound.entries()) {
      await store.dataSource.query(
        `WITH c AS (INSERT INTO contacts (channel_id, wa_id) VALUES ($1, $3) ON CONFLICT (channel_id, wa_id) DO UPDATE SET wa_id = EXCLUDED.wa_id RETURNING id),
              v AS (INSERT INTO conversations (channel_id, contact_id) SELECT $1, id FROM c ON CONFLICT (channel_id, contact_id) DO UPDATE SET updated_at = now() RETURNING id, contact_id)
         INSERT INTO messages (channel_id, conversation_id, contact_id, direction, type, status, wa_message_id) SELECT $1, v.id, v.contact_id, 'out', 'text', 'sent', $2 FROM v`,
        [index === 0 ? channel.id : second.id, id, `1777000000${index}`],
      );
    }
    const users = ['15550000001', '15550000002', '15550000003', '15550000004'];
    const message = (from: string, body: string) => inbound(from, 'text', { text: { body } });
    const changes = (target: TestChannel, from: string[], statusOf: string) => [
      messagesChange({ phoneNumberId: target.phoneNumberId, contacts: from.map((user) => contact(user, `User ${user}`)), messages: from.flatMap((user) => [message(user, 'a'), message(user, 'b')]) }),
      messagesChange({ phoneNumberId: target.phoneNumberId, statuses: [status(statusOf, 'sent', new Date()), status(statusOf, 'delivered', new Date())] }),
    ];
    const body = envelope([
      { wabaId: channel.wabaId, changes: changes(channel, users.slice(0, 2), outbound[0]) },
      { wabaId: channel.wabaId, changes: changes(second, users.slice(2), outbound[1]) },
    ]);
    await deliver(store.queues, channel.id, body);
    await waitForIdle(store.queues, QueueName.Inbound);
    const byChannel = await rows<{ channelId: string; count: number }>(
      store.dataSource,
      `SELECT m.channel_id AS "channelId", count(*)::int AS count FROM messages m JOIN contacts c ON c.id = m.contact_id WHERE c.wa_id = ANY($1) GROUP BY 1`,
      [users],
    );
    expect(Object.fromEntries(byChannel.map((row) => [row.channelId, row.count]))).toEqual({ [channel.id]: 4, [second.id]: 4 });
    expect(await rows(store.dataSource, 'SELECT status FROM messages WHERE wa_message_id = ANY($1)', [outbound])).toEqual([{ status: 'delivered' }, { status: 'delivered' }]);
  });

  it('stores a delivery repeated 5 times (Meta retries) as one message with one set of events', async () => {
    const message = inbound('15550000010', 'text', { text: { body: 'once only' } });
    const body = envelope([{ wabaId: channel.wabaId, changes: [messagesChange({ phoneNumberId: channel.phoneNumberId, contacts: [contact('15550000010')], messages: [message] })] }]);
    // Distinct job ids: the gateway saw five different requests (a retry may differ in bytes), the store must still dedupe.
    await Promise.all([1, 2, 3, 4, 5].map(() => deliver(store.queues, channel.id, body)));
    await waitForIdle(store.queues, QueueName.Inbound);
    expect(await count(store.dataSource, 'messages WHERE wa_message_id = $1', [message.id])).toBe(1);
    const [{ id }] = await rows<{ id: string }>(store.dataSource, 'SELECT id FROM messages WHERE wa_message_id = $1', [message.id]);
    await waitFor(async () => (await count(store.dataSource, 'domain_events WHERE aggregate_id = $1 AND published_at IS NOT NULL', [id])) === 1);
    const events = (await eventJobs(store.queues)).filter((job) => job.data.data.messageId === id);
    expect(events.map((job) => job.data.type)).toEqual(['message.received']);
  });

  it('emits domain events exactly once even when a delivery is processed again after its job completed', async () => {
    const tap = inbound('15550000011', 'interactive', {
      context: { from: '15550783881', id: wamid() },
      interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } },
    });
    const body = envelope([{ wabaId: channel.wabaId, changes: [messagesChange({ phoneNumberId: channel.phoneNumberId, contacts: [contact('15550000011')], messages: [tap] })] }]);
    await deliver(store.queues, channel.id, body);
    await waitForIdle(store.queues, QueueName.Inbound);
    await deliver(store.queues, channel.id, body);
    await waitForIdle(store.queues, QueueName.Inbound);
    const [{ id }] = await rows<{ id: string }>(store.dataSource, 'SELECT id FROM messages WHERE wa_message_id = $1', [tap.id]);
    await store.service.app.get(OutboxPublisher).relayOnce();
    const events = (await eventJobs(store.queues)).filter((job) => job.data.data.messageId === id);
    expect(events.map((job) => job.data.type).sort()).toEqual(['interaction.received', 'message.received']);
    expect(await count(store.dataSource, 'domain_events WHERE aggregate_id = $1', [id])).toBe(2);
  });

  it('moves a body that is not JSON to the dead letters once, without retrying it', async () => {
    const jobId = randomUUID();
    await deliver(store.queues, channel.id, '{"object": "whatsapp_business_account", ', jobId);
    await waitFor(async () => (await deadLetters(jobId)) === 1, 10_000, 'dead letter');
    const [letter] = await rows<{ error: Json; attempts: number; job_name: string }>(store.dataSource, `SELECT error, attempts, job_name FROM dead_letters WHERE job_id = $1`, [jobId]);
    expect(letter).toMatchObject({ job_name: JobName.InboundWebhook, attempts: 1, error: { code: 'malformed_delivery' } });
    const job = await store.queues.queue(QueueName.Inbound).getJob(jobId);
    expect(job?.attemptsMade).toBe(1);
    expect(await job?.getState()).toBe('failed');
  });

  it('moves a delivery for phone numbers no channel has to the dead letters, replayable once the channel exists', async () => {
    const jobId = randomUUID();
    const message = inbound('15550000012', 'text', { text: { body: 'to nobody' } });
    const body = envelope([{ wabaId: '999', changes: [messagesChange({ phoneNumberId: `unknown-${jobId}`, contacts: [contact('15550000012')], messages: [message] })] }]);
    await deliver(store.queues, channel.id, body, jobId);
    await waitFor(async () => (await deadLetters(jobId)) === 1, 10_000, 'dead letter');
    const [letter] = await rows<{ error: Json; payload: Json }>(store.dataSource, 'SELECT error, payload FROM dead_letters WHERE job_id = $1', [jobId]);
    expect(letter.error).toMatchObject({ code: 'unknown_phone_number' });
    expect(letter.payload).toMatchObject({ body });
    // The operator adds the channel, then replays the dead letter (as POST /v1/dead-letters/:id/retry does).
    await store.dataSource.query(`UPDATE channels SET phone_number_id = $2 WHERE id = $1`, [second.id, `unknown-${jobId}`]);
    store.service.app.get(ChannelDirectory).forget();
    await deliver(store.queues, channel.id, String(letter.payload.body), `${jobId}-replay`);
    await waitFor(async () => (await count(store.dataSource, 'messages WHERE wa_message_id = $1 AND channel_id = $2', [message.id, second.id])) === 1);
    await store.dataSource.query(`UPDATE channels SET phone_number_id = $2 WHERE id = $1`, [second.id, second.phoneNumberId]);
    store.service.app.get(ChannelDirectory).forget();
  });

  it('stores the routable part of a partly unroutable delivery and keeps the delivery in the dead letters', async () => {
    const jobId = randomUUID();
    const known = inbound('15550000013', 'text', { text: { body: 'to us' } });
    const lost = inbound('15550000013', 'text', { text: { body: 'to nobody' } });
    const body = envelope([
      {
        wabaId: channel.wabaId,
        changes: [
          messagesChange({ phoneNumberId: channel.phoneNumberId, contacts: [contact('15550000013')], messages: [known] }),
          messagesChange({ phoneNumberId: `unknown-${jobId}`, contacts: [contact('15550000013')], messages: [lost] }),
        ],
      },
    ]);
    await deliver(store.queues, channel.id, body, jobId);
    await waitForIdle(store.queues, QueueName.Inbound);
    expect(await count(store.dataSource, 'messages WHERE wa_message_id = $1', [known.id])).toBe(1);
    expect(await rows(store.dataSource, 'SELECT job_id AS "jobId", error->>\'code\' AS code FROM dead_letters WHERE job_id LIKE $1', [`${jobId}%`])).toEqual([
      { jobId: `${jobId}-unrouted`, code: 'unknown_phone_number' },
    ]);
    expect(await (await store.queues.queue(QueueName.Inbound).getJob(jobId))?.getState()).toBe('completed');
  });

  it('skips a malformed item but stores its siblings, and records unknown webhook fields without failing', async () => {
    const good = inbound('15550000014', 'text', { text: { body: 'fine' } });
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: channel.wabaId,
          changes: [
            messagesChange({ phoneNumberId: channel.phoneNumberId, contacts: [{ wa_id: '15550000014' }], messages: [{ type: 'text' }, good] }),
            { field: 'phone_number_quality_update', value: { display_phone_number: '15550783881', event: 'FLAGGED', current_limit: 'TIER_2K' } },
            { field: 'a_field_from_the_future', value: { anything: [1, 2, 3] } },
          ],
        },
      ],
    });
    const jobId = randomUUID();
    await deliver(store.queues, channel.id, body, jobId);
    await waitForIdle(store.queues, QueueName.Inbound);
    expect(await count(store.dataSource, 'messages WHERE wa_message_id = $1', [good.id])).toBe(1);
    expect(await (await store.queues.queue(QueueName.Inbound).getJob(jobId))?.getState()).toBe('completed');
  });

  it('stores a message whose text holds a NUL character (which PostgreSQL cannot), replacing only that character', async () => {
    const message = inbound('15550000015', 'text', { text: { body: 'before\u0000after' } });
    await deliver(store.queues, channel.id, envelope([{ wabaId: channel.wabaId, changes: [messagesChange({ phoneNumberId: channel.phoneNumberId, messages: [message] })] }]));
    await waitForIdle(store.queues, QueueName.Inbound);
    expect(await rows(store.dataSource, 'SELECT text FROM messages WHERE wa_message_id = $1', [message.id])).toEqual([{ text: 'before\ufffdafter' }]);
  });

  it('applies a template status webhook to the template row at once and asks template-sync to sync every channel of the WABA', async () => {
    await store.dataSource.query(
      `INSERT INTO templates (waba_id, meta_id, name, language, status, category) VALUES ($1, '1689556908129832', 'order_confirmation', 'en_US', 'PENDING', 'UTILITY')`,
      [channel.wabaId],
    );
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: channel.wabaId,
          time: 1751247548,
          changes: [
            {
              field: 'message_template_status_update',
              value: { event: 'REJECTED', message_template_id: 1689556908129832, message_template_name: 'order_confirmation', message_template_language: 'en-US', reason: 'INVALID_FORMAT' },
            },
            {
              field: 'template_category_update',
              value: { message_template_id: 1689556908129832, message_template_name: 'order_confirmation', message_template_language: 'en-US', previous_category: 'UTILITY', new_category: 'MARKETING' },
            },
          ],
        },
      ],
    });
    await deliver(store.queues, channel.id, body);
    await waitForIdle(store.queues, QueueName.Inbound);
    expect(await rows(store.dataSource, 'SELECT status, rejected_reason AS reason, category FROM templates WHERE waba_id = $1', [channel.wabaId])).toEqual([
      { status: 'REJECTED', reason: 'INVALID_FORMAT', category: 'MARKETING' },
    ]);
    const syncs = await store.queues.queue(QueueName.TemplateSync).getJobs(['waiting', 'delayed', 'prioritized']);
    expect(syncs.map((job) => job.data.channelId).sort()).toEqual([channel.id, second.id].sort());
    expect(syncs.every((job) => job.data.reason === 'webhook' && job.name === JobName.SyncTemplates)).toBe(true);
  });
});
