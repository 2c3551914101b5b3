import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiKeyEntity, generateApiKey, MessageEntity } from '@wabus/persistence';
import { JobName, QueueName } from '@wabus/queues';
import { GatewayHarness, startGateway } from './gateway-harness';

describe('gateway: REST API', () => {
  let gateway: GatewayHarness;
  let channelId: string;
  const secrets = { accessToken: `token-${randomUUID()}`, appSecret: `app-secret-${randomUUID()}`, verifyToken: `verify-${randomUUID()}` };

  async function keyWith(scopes: Array<'admin' | 'send' | 'read'>, channelIds: string[] | null = null): Promise<string> {
    const generated = generateApiKey();
    await gateway.service.app
      .get(DataSource)
      .getRepository(ApiKeyEntity)
      .insert({ name: `test ${scopes.join('+')}`, prefix: generated.prefix, keyHash: generated.hash, scopes, channelIds });
    return generated.key;
  }

  beforeAll(async () => {
    gateway = await startGateway();
    const created = await gateway.api('POST', '/v1/channels', { name: 'rest test', phoneNumberId: `5${Date.now()}`, wabaId: '777777', ...secrets, throughputMps: 80 });
    channelId = created.json.id;
  });

  afterAll(async () => {
    await gateway.queues.queue(QueueName.Outbound).obliterate({ force: true }).catch(() => undefined);
    await gateway.queues.queue(QueueName.Records).obliterate({ force: true }).catch(() => undefined);
    await gateway?.close();
  });

  describe('channels', () => {
    it('never returns a secret, in any answer', async () => {
      const answers = [
        await gateway.api('GET', `/v1/channels/${channelId}`),
        await gateway.api('GET', '/v1/channels'),
        await gateway.api('PATCH', `/v1/channels/${channelId}`, { name: 'renamed' }),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        for (const secret of Object.values(secrets)) expect(answer.text).not.toContain(secret);
      }
      expect(answers[0].json).toMatchObject({ id: channelId, secrets: { accessToken: true, appSecret: true, verifyToken: true }, webhookUrl: expect.stringMatching(new RegExp(`/webhooks/whatsapp/${channelId}$`)) });
    });

    it('stores secrets encrypted at rest', async () => {
      const [row] = await gateway.service.app.get(DataSource).query('SELECT access_token::text AS token FROM channels WHERE id = $1', [channelId]);
      expect(row.token).not.toContain(secrets.accessToken);
      expect(JSON.parse(row.token)).toMatchObject({ v: 1, kid: expect.any(String), iv: expect.any(String), tag: expect.any(String), data: expect.any(String) });
    });

    it('refuses a second channel for the same phone number id with 409', async () => {
      const { json } = await gateway.api('GET', `/v1/channels/${channelId}`);
      const again = await gateway.api('POST', '/v1/channels', { name: 'dup', phoneNumberId: json.phoneNumberId, wabaId: '1234567', ...secrets });
      expect(again.status).toBe(409);
      expect(again.json.error.code).toBe('channel_exists');
    });

    it('names every invalid field', async () => {
      const answer = await gateway.api('POST', '/v1/channels', { name: '', phoneNumberId: 'abc', wabaId: 12, accessToken: 'x', throughputMps: 5000, surprise: true });
      expect(answer.status).toBe(400);
      expect(answer.json.error.code).toBe('validation_failed');
      const fields = answer.json.error.details.fields.map((field: { field: string }) => field.field);
      expect(fields).toEqual(expect.arrayContaining(['name', 'phoneNumberId', 'wabaId', 'accessToken', 'appSecret', 'verifyToken', 'throughputMps', 'surprise']));
    });

    it('pages through channels with a cursor', async () => {
      for (let index = 0; index < 3; index += 1) {
        await gateway.api('POST', '/v1/channels', { name: `page ${index}`, phoneNumberId: `6${Date.now()}${index}`, wabaId: '888888', ...secrets });
      }
      const first = await gateway.api('GET', '/v1/channels?limit=2');
      expect(first.json.data).toHaveLength(2);
      expect(first.json.nextCursor).toEqual(expect.any(String));
      const second = await gateway.api('GET', `/v1/channels?limit=2&cursor=${first.json.nextCursor}`);
      const ids = [...first.json.data, ...second.json.data].map((channel: { id: string }) => channel.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect((await gateway.api('GET', '/v1/channels?cursor=garbage')).json.error.code).toBe('invalid_cursor');
    });
  });

  describe('API keys', () => {
    it('answers 401 without a key or with an unknown one', async () => {
      expect((await gateway.api('GET', '/v1/channels', undefined, '')).status).toBe(401);
      const unknown = await gateway.api('GET', '/v1/channels', undefined, 'wabus_not_a_real_key');
      expect(unknown.status).toBe(401);
      expect(unknown.json.error.code).toBe('unauthorized');
    });

    it('answers 403 to a key without the scope, and to a key restricted to another channel', async () => {
      const readOnly = await keyWith(['read']);
      const denied = await gateway.api('POST', '/v1/messages', { channelId, to: '+14155550100', type: 'text', text: { body: 'x' } }, readOnly);
      expect(denied.status).toBe(403);
      expect(denied.json.error).toMatchObject({ code: 'forbidden', details: { requiredScope: 'send' } });
      expect((await gateway.api('GET', `/v1/channels/${channelId}`, undefined, readOnly)).status).toBe(200);
      const otherChannel = await keyWith(['send', 'read'], [randomUUID()]);
      expect((await gateway.api('POST', '/v1/messages', { channelId, to: '+14155550100', type: 'text', text: { body: 'x' } }, otherChannel)).status).toBe(403);
      expect((await gateway.api('POST', '/v1/channels', { name: 'x' }, readOnly)).status).toBe(403);
    });
  });

  describe('POST /v1/messages', () => {
    it('queues a text with 202 and records it as queued', async () => {
      const sent = await gateway.api('POST', '/v1/messages', { channelId, to: '+234 803 123 4567', type: 'text', text: { body: 'hello', preview_url: false } });
      expect(sent.status).toBe(202);
      expect(sent.json).toEqual({ id: expect.any(String), status: 'queued' });
      const job = await gateway.queues.queue(QueueName.Outbound).getJob(sent.json.id);
      expect(job?.name).toBe(JobName.SendMessage);
      expect(job?.data).toMatchObject({ messageId: sent.json.id, channelId, to: '+2348031234567', type: 'text', payload: { body: 'hello', preview_url: false } });
      expect(await gateway.queues.queue(QueueName.Records).getJob(`queued-${sent.json.id}`)).toBeDefined();
    });

    it('answers the same id for the same idempotency key and queues one send', async () => {
      const body = { channelId, to: '+14155550100', type: 'text', text: { body: 'once' }, idempotencyKey: `order-${randomUUID()}` };
      const first = await gateway.api('POST', '/v1/messages', body);
      const second = await gateway.api('POST', '/v1/messages', body);
      expect(second.json.id).toBe(first.json.id);
      const jobs = await gateway.queues.queue(QueueName.Outbound).getJobs(['waiting', 'delayed', 'prioritized']);
      expect(jobs.filter((job) => job.data.idempotencyKey === body.idempotencyKey)).toHaveLength(1);
    });

    it.each([
      ['an unknown type', { type: 'telepathy' }, 'type'],
      ['a missing type object', { type: 'image' }, 'image'],
      ['a garbage phone number', { to: 'call me maybe', type: 'text', text: { body: 'x' } }, 'to'],
      ['a text body that is a number', { type: 'text', text: { body: 42 } }, 'text.body'],
      ['a too-long button title', { type: 'interactive', interactive: { type: 'button', body: { text: 'q' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'x'.repeat(21) } }] } } }, 'interactive.action.buttons.0.reply.title'],
      ['four reply buttons', { type: 'interactive', interactive: { type: 'button', body: { text: 'q' }, action: { buttons: ['a', 'b', 'c', 'd'].map((id) => ({ type: 'reply', reply: { id, title: id } })) } } }, 'interactive.action.buttons'],
      ['duplicate button ids', { type: 'interactive', interactive: { type: 'button', body: { text: 'q' }, action: { buttons: ['a', 'a'].map((id, i) => ({ type: 'reply', reply: { id, title: `t${i}` } })) } } }, 'interactive.action.buttons'],
      ['an image with id and link', { type: 'image', image: { id: '1', link: 'https://example.com/a.png' } }, 'image'],
      ['an unknown field', { type: 'text', text: { body: 'x' }, colour: 'blue' }, 'colour'],
      ['a template with a bad name', { type: 'template', template: { name: 'Not Valid', language: { code: 'en' } } }, 'template.name'],
    ])('refuses %s with 400 naming the field', async (_, overrides, field) => {
      const answer = await gateway.api('POST', '/v1/messages', { channelId, to: '+14155550100', ...overrides });
      expect(answer.status).toBe(400);
      expect(answer.json.error.code).toBe('validation_failed');
      expect(answer.json.error.details.fields.map((entry: { field: string }) => entry.field)).toContain(field);
    });

    it('answers 404 for an unknown channel or contact', async () => {
      const noChannel = await gateway.api('POST', '/v1/messages', { channelId: randomUUID(), to: '+14155550100', type: 'text', text: { body: 'x' } });
      expect(noChannel.status).toBe(404);
      const noContact = await gateway.api('POST', '/v1/messages', { channelId, to: { contactId: randomUUID() }, type: 'text', text: { body: 'x' } });
      expect(noContact.status).toBe(404);
    });

    it('refuses a send on a channel deactivated a moment ago (409), and takes one again once it is active', async () => {
      const created = await gateway.api('POST', '/v1/channels', { name: 'paused', phoneNumberId: `6${Date.now()}`, wabaId: '777777', ...secrets });
      const send = () => gateway.api('POST', '/v1/messages', { channelId: created.json.id, to: '+14155550100', type: 'text', text: { body: 'x' } });
      expect((await send()).status).toBe(202); // the channel is now in the gateway's memory
      expect((await gateway.api('PATCH', `/v1/channels/${created.json.id}`, { active: false })).status).toBe(200);
      const refused = await send();
      expect(refused.status).toBe(409);
      expect(refused.json.error.code).toBe('channel_inactive');
      expect((await gateway.api('PATCH', `/v1/channels/${created.json.id}`, { active: true })).status).toBe(200);
      expect((await send()).status).toBe(202);
    });

    it('answers 400 for malformed JSON', async () => {
      const answer = await gateway.api('POST', '/v1/messages', '{"channelId": ');
      expect(answer.status).toBe(400);
      expect(answer.json.error.code).toBe('malformed_json');
    });
  });

  describe('GET /v1/messages', () => {
    it('shows one message with its readable text and lists it by filters', async () => {
      const dataSource = gateway.service.app.get(DataSource);
      const [contact] = await dataSource.query(`INSERT INTO contacts (channel_id, wa_id, phone, profile_name) VALUES ($1, '14155550123', '+14155550123', 'Ada') RETURNING id`, [channelId]);
      const [conversation] = await dataSource.query(`INSERT INTO conversations (channel_id, contact_id) VALUES ($1, $2) RETURNING id`, [channelId, contact.id]);
      const inserted = await dataSource.getRepository(MessageEntity).save({
        channelId,
        contactId: contact.id,
        conversationId: conversation.id,
        direction: 'in',
        type: 'text',
        status: 'received',
        waMessageId: `wamid.${randomUUID()}`,
        text: 'is it in stock?',
        payload: { body: 'is it in stock?' },
      });
      const one = await gateway.api('GET', `/v1/messages/${inserted.id}`);
      expect(one.status).toBe(200);
      expect(one.json).toMatchObject({ id: inserted.id, channelId, direction: 'in', phone: '+14155550123', contactId: contact.id, conversationId: conversation.id, status: 'received', text: 'is it in stock?', error: null, statusHistory: [] });
      for (const filter of [`channelId=${channelId}&direction=in`, `phone=%2B14155550123`, `q=stock`, `conversationId=${conversation.id}&status=received&type=text`]) {
        const listed = await gateway.api('GET', `/v1/messages?${filter}`);
        expect(listed.json.data.map((message: { id: string }) => message.id)).toContain(inserted.id);
      }
      expect((await gateway.api('GET', `/v1/messages?channelId=${channelId}&direction=out&q=stock`)).json.data).toHaveLength(0);
      expect((await gateway.api('GET', `/v1/messages/${randomUUID()}`)).status).toBe(404);
      expect((await gateway.api('GET', `/v1/messages?status=lost`)).status).toBe(400);
    });

    it('lists the messages created from `from` (inclusive) until `until` (exclusive), newest first, page by page', async () => {
      const dataSource = gateway.service.app.get(DataSource);
      const [contact] = await dataSource.query(`INSERT INTO contacts (channel_id, wa_id, phone) VALUES ($1, '14155550177', '+14155550177') RETURNING id`, [channelId]);
      const [conversation] = await dataSource.query(`INSERT INTO conversations (channel_id, contact_id) VALUES ($1, $2) RETURNING id`, [channelId, contact.id]);
      const createdAt = {
        beforeFrom: '2025-01-30T23:59:59.999999Z',
        atFrom: '2025-01-31T00:00:00Z',
        inside: '2025-01-31T12:00:00Z',
        atUntil: '2025-02-01T00:00:00Z',
      };
      const ids: Record<string, string> = {};
      for (const [label, at] of Object.entries(createdAt)) {
        const saved = await dataSource.getRepository(MessageEntity).save({ channelId, contactId: contact.id, conversationId: conversation.id, direction: 'in', type: 'text', status: 'received', text: label });
        await dataSource.query('UPDATE messages SET created_at = $2 WHERE id = $1', [saved.id, at]);
        ids[label] = saved.id;
      }
      const list = async (query: string) => {
        const answer = await gateway.api('GET', `/v1/messages?conversationId=${conversation.id}&${query}`);
        expect(answer.status).toBe(200);
        return answer.json as { data: Array<{ id: string }>; nextCursor: string | null };
      };
      const range = `from=${encodeURIComponent('2025-01-31T00:00:00Z')}&until=${encodeURIComponent('2025-02-01T00:00:00Z')}`;
      expect((await list(range)).data.map((message) => message.id)).toEqual([ids.inside, ids.atFrom]);
      // The same instant in another zone is the same bound.
      expect((await list(`from=${encodeURIComponent('2025-01-31T01:00:00+01:00')}`)).data.map((message) => message.id)).toEqual([ids.atUntil, ids.inside, ids.atFrom]);
      expect((await list(`until=${encodeURIComponent('2025-01-31T00:00:00Z')}`)).data.map((message) => message.id)).toEqual([ids.beforeFrom]);

      const first = await list(`${range}&limit=1`);
      expect(first.data.map((message) => message.id)).toEqual([ids.inside]);
      const second = await list(`${range}&limit=1&cursor=${first.nextCursor}`);
      expect(second.data.map((message) => message.id)).toEqual([ids.atFrom]);
      expect(second.nextCursor).toBeNull();
    });

    it.each([
      ['a word for a date', 'from=yesterday', 'from'],
      ['a date-time without a time zone', 'until=2025-01-31T00:00:00', 'until'],
      ['a date without a time', 'from=2025-01-31', 'from'],
      ['a day that does not exist', 'until=2025-02-30T00:00:00Z', 'until'],
    ])('refuses %s in the date range with 400 naming the field', async (_label, query, field) => {
      const answer = await gateway.api('GET', `/v1/messages?${query}`);
      expect(answer.status).toBe(400);
      expect(answer.json.error.code).toBe('validation_failed');
      expect(answer.json.error.details.fields.map((entry: { field: string }) => entry.field)).toEqual([field]);
    });
  });

  it('serves the OpenAPI document generated from the code', async () => {
    const response = await fetch(`${gateway.url}/docs/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/messages', '/v1/messages/{id}', '/v1/channels', '/v1/channels/{id}']));
    expect(document.components.schemas).toHaveProperty('SendMessageDto');
  });
});
