import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DeadLetterEntity, TemplateEntity } from '@wabus/persistence';
import { JobName, QueueName } from '@wabus/queues';
import { GatewayHarness, startGateway } from './gateway-harness';

describe('gateway: contacts, conversations, templates and dead letters', () => {
  let gateway: GatewayHarness;
  let channelId: string;
  const wabaId = `9${Date.now()}`;

  beforeAll(async () => {
    gateway = await startGateway();
    const created = await gateway.api('POST', '/v1/channels', {
      name: 'records test',
      phoneNumberId: `8${Date.now()}`,
      wabaId,
      accessToken: 'token-12345678',
      appSecret: 'app-secret-1234',
      verifyToken: 'verify-token-1234',
    });
    channelId = created.json.id;
  });

  afterAll(async () => {
    for (const queue of [QueueName.TemplateSync, QueueName.Outbound, QueueName.Records]) await gateway.queues.queue(queue).obliterate({ force: true }).catch(() => undefined);
    await gateway?.close();
  });

  it('creates a contact with an E.164 phone, merges attributes, opts it out, and then refuses to send to it', async () => {
    const created = await gateway.api('POST', '/v1/contacts', { channelId, phone: '0803 123 4567'.replace(/^0/, '+234 '), profileName: 'Chidi', attributes: { tier: 'gold', city: 'Lagos' }, tags: ['vip'] });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ phone: '+2348031234567', waId: '2348031234567', attributes: { tier: 'gold', city: 'Lagos' }, tags: ['vip'], optedOut: false });
    const patched = await gateway.api('PATCH', `/v1/contacts/${created.json.id}`, { attributes: { city: null, orders: 3 }, optedOut: true });
    expect(patched.json).toMatchObject({ attributes: { tier: 'gold', orders: 3 }, optedOut: true, optedOutAt: expect.any(String) });
    const send = await gateway.api('POST', '/v1/messages', { channelId, to: { contactId: created.json.id }, type: 'text', text: { body: 'hi' } });
    expect(send.status).toBe(422);
    expect(send.json.error.code).toBe('opted_out');
    const again = await gateway.api('POST', '/v1/contacts', { channelId, phone: '+2348031234567' });
    expect(again.status).toBe(409);
    const found = await gateway.api('GET', `/v1/contacts?channelId=${channelId}&search=Chi`);
    expect(found.json.data.map((contact: { id: string }) => contact.id)).toEqual([created.json.id]);
  });

  it('lists conversations with their contact and 24-hour window', async () => {
    const dataSource = gateway.service.app.get(DataSource);
    const [contact] = await dataSource.query(`INSERT INTO contacts (channel_id, wa_id, phone) VALUES ($1, '4915112345678', '+4915112345678') RETURNING id`, [channelId]);
    const lastInbound = new Date(Date.now() - 60 * 60 * 1000);
    const [conversation] = await dataSource.query(`INSERT INTO conversations (channel_id, contact_id, last_inbound_at, last_message_at, unread_count) VALUES ($1, $2, $3, $3, 2) RETURNING id`, [channelId, contact.id, lastInbound]);
    const listed = await gateway.api('GET', `/v1/conversations?channelId=${channelId}&open=true&unread=true`);
    expect(listed.json.data).toHaveLength(1);
    expect(listed.json.data[0]).toMatchObject({ id: conversation.id, unreadCount: 2, contact: { phone: '+4915112345678' }, window: { open: true } });
    expect(listed.json.data[0].window.remainingMs).toBeGreaterThan(22 * 60 * 60 * 1000);
    expect((await gateway.api('GET', `/v1/conversations?channelId=${channelId}&open=false`)).json.data).toHaveLength(0);
    expect((await gateway.api('GET', `/v1/conversations/${conversation.id}/messages`)).json).toEqual({ data: [], nextCursor: null });
  });

  it('lists synced templates of a channel by status and name', async () => {
    const templates = gateway.service.app.get(DataSource).getRepository(TemplateEntity);
    await templates.insert([
      { wabaId, name: 'order_update', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Order {{1}}' }] },
      { wabaId, name: 'promo_summer', language: 'en_US', status: 'REJECTED', category: 'MARKETING', components: [] },
    ]);
    const approved = await gateway.api('GET', `/v1/templates?channelId=${channelId}&status=approved`);
    expect(approved.json.data.map((template: { name: string }) => template.name)).toEqual(['order_update']);
    expect((await gateway.api('GET', `/v1/templates?channelId=${channelId}&name=promo`)).json.data[0]).toMatchObject({ name: 'promo_summer', status: 'REJECTED' });
  });

  it('queues one template sync per channel at a time and reports its state', async () => {
    const first = await gateway.api('POST', `/v1/channels/${channelId}/templates/sync`);
    const second = await gateway.api('POST', `/v1/channels/${channelId}/templates/sync`);
    expect(first.status).toBe(202);
    expect(second.json.jobId).toBe(first.json.jobId);
    const state = await gateway.api('GET', `/v1/template-syncs/${first.json.jobId}`);
    expect(state.json).toMatchObject({ jobId: first.json.jobId, state: 'waiting' });
  });

  it('lists dead letters and replays one onto its queue', async () => {
    const deadLetters = gateway.service.app.get(DataSource).getRepository(DeadLetterEntity);
    const payload = { v: 1, channelId, reason: 'schedule' };
    const saved = await deadLetters.save({ queue: QueueName.TemplateSync, jobName: JobName.SyncTemplates, jobId: `dead-${randomUUID()}`, payload, error: { code: 'attempts_exhausted', message: 'Graph API down' }, attempts: 8 });
    const poison = await deadLetters.save({ queue: QueueName.TemplateSync, jobName: JobName.SyncTemplates, jobId: `poison-${randomUUID()}`, payload: { v: 1, channelId: 42 }, error: { code: 'invalid_job', message: 'x' }, attempts: 1 });
    const listed = await gateway.api('GET', `/v1/dead-letters?queue=template-sync&pending=true`);
    expect(listed.json.data.map((entry: { id: string }) => entry.id)).toEqual(expect.arrayContaining([saved.id, poison.id]));
    const retried = await gateway.api('POST', `/v1/dead-letters/${saved.id}/retry`);
    expect(retried.status).toBe(202);
    const job = await gateway.queues.queue(QueueName.TemplateSync).getJob(retried.json.replayJobId);
    expect(job?.data).toEqual(payload);
    expect((await gateway.api('GET', `/v1/dead-letters?pending=false`)).json.data.map((entry: { id: string }) => entry.id)).toContain(saved.id);
    const refused = await gateway.api('POST', `/v1/dead-letters/${poison.id}/retry`);
    expect(refused.status).toBe(422);
    expect(refused.json.error.code).toBe('invalid_job');
  });
});
