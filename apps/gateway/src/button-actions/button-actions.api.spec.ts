import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiKeyEntity, ContactEntity, ConversationEntity, generateApiKey, MessageEntity } from '@wabus/persistence';
import { GatewayHarness, startGateway } from '../test/gateway-harness';

jest.setTimeout(30_000);

describe('gateway: /v1/button-actions', () => {
  let gateway: GatewayHarness;
  let channelId: string;

  beforeAll(async () => {
    gateway = await startGateway();
    const created = await gateway.api('POST', '/v1/channels', {
      name: 'actions',
      phoneNumberId: `7${Date.now()}`,
      wabaId: '777001',
      accessToken: `token-${randomUUID()}`,
      appSecret: `secret-${randomUUID()}`,
      verifyToken: `verify-${randomUUID()}`,
    });
    channelId = created.json.id;
  });

  afterAll(async () => {
    await gateway?.close();
  });

  const valid = (overrides: Record<string, unknown> = {}) => ({
    name: 'Say thanks',
    buttonId: `yes-${randomUUID().slice(0, 8)}`,
    channelId,
    type: 'send_message',
    config: { text: 'Thanks {{contact.name | there}}!' },
    active: true,
    sequence: 1,
    ...overrides,
  });

  it('creates, reads, lists, changes and deletes an action in the contract shape', async () => {
    const body = valid();
    const created = await gateway.api('POST', '/v1/button-actions', body);
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ id: expect.any(String), ...body, createdAt: expect.any(String), updatedAt: expect.any(String) });
    const id = created.json.id;

    expect((await gateway.api('GET', `/v1/button-actions/${id}`)).json).toEqual(created.json);
    const listed = await gateway.api('GET', `/v1/button-actions?buttonId=${body.buttonId}`);
    expect(listed.json).toEqual({ data: [created.json], nextCursor: null });

    const changed = await gateway.api('PATCH', `/v1/button-actions/${id}`, { active: false, sequence: 5, channelId: null });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ id, active: false, sequence: 5, channelId: null, type: 'send_message' });
    expect((await gateway.api('GET', `/v1/button-actions?buttonId=${body.buttonId}&active=true`)).json.data).toEqual([]);

    expect((await gateway.api('DELETE', `/v1/button-actions/${id}`)).status).toBe(204);
    const gone = await gateway.api('GET', `/v1/button-actions/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.json.error.code).toBe('not_found');
  });

  it.each([
    ['custom Python (the old way)', { type: 'custom_python', config: { code: 'import os' } }, ['type']],
    ['a reply without text or template', { config: {} }, ['config.text']],
    ['an unknown placeholder', { config: { text: 'Hi {{customer.name}}' } }, ['config.text']],
    ['an unknown contact field', { type: 'update_contact', config: { field: 'password', value: 'x' } }, ['config.field']],
    ['a webhook that is not http(s)', { type: 'webhook', config: { url: 'file:///etc/passwd' } }, ['config.url']],
    ['a rule that does not parse', { type: 'rule', config: { language: 'jsonata', expression: '($x := ' } }, ['config.expression']],
    ['a rule in Python', { type: 'rule', config: { language: 'python', expression: 'os.system("x")' } }, ['config.language']],
    ['a rule with a regular expression', { type: 'rule', config: { language: 'jsonata', expression: '$match("aaaa", /(a+)+b/)' } }, ['config.expression']],
    ['a missing name and an unknown field', { name: undefined, surprise: 1 }, ['name', 'surprise']],
  ])('refuses %s, naming the fields', async (_label, change, fields) => {
    const answer = await gateway.api('POST', '/v1/button-actions', valid(change));
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('validation_failed');
    expect(answer.json.error.details.fields.map((field: { field: string }) => field.field)).toEqual(expect.arrayContaining(fields));
  });

  it('re-validates the config when only the type changes', async () => {
    const created = await gateway.api('POST', '/v1/button-actions', valid());
    const answer = await gateway.api('PATCH', `/v1/button-actions/${created.json.id}`, { type: 'webhook' });
    expect(answer.status).toBe(400);
    expect(answer.json.error.details.fields.map((field: { field: string }) => field.field)).toEqual(expect.arrayContaining(['config.url', 'config.text']));
  });

  it('answers 404 for an unknown channel and keeps channel-limited keys to their channels', async () => {
    expect((await gateway.api('POST', '/v1/button-actions', valid({ channelId: randomUUID() }))).status).toBe(404);
    const generated = generateApiKey();
    await gateway.service.app.get(DataSource).getRepository(ApiKeyEntity).insert({ name: 'limited', prefix: generated.prefix, keyHash: generated.hash, scopes: ['admin'], channelIds: [randomUUID()] });
    expect((await gateway.api('POST', '/v1/button-actions', valid({ channelId: null }), generated.key)).status).toBe(403);
    expect((await gateway.api('POST', '/v1/button-actions', valid(), generated.key)).status).toBe(403);
    const mine = await gateway.api('POST', '/v1/button-actions', valid());
    expect((await gateway.api('GET', `/v1/button-actions/${mine.json.id}`, undefined, generated.key)).status).toBe(404);
  });

  it('lists the runs of an action with their input, outcome and error', async () => {
    const action = await gateway.api('POST', '/v1/button-actions', valid());
    const db = gateway.service.app.get(DataSource);
    const contact = await db.getRepository(ContactEntity).save({ channelId, waId: '2348031234567', phone: '+2348031234567' });
    const conversation = await db.getRepository(ConversationEntity).save({ channelId, contactId: contact.id });
    const message = await db.getRepository(MessageEntity).save({ channelId, conversationId: conversation.id, contactId: contact.id, direction: 'in', type: 'interactive', status: 'received' });
    await db.query(`INSERT INTO action_runs (action_id, message_id, status, input, error, attempts) VALUES ($1, $2, 'failed', '{"contact": {}}', '{"code": "rule_timeout", "message": "stopped"}', 1)`, [
      action.json.id,
      message.id,
    ]);
    const runs = await gateway.api('GET', `/v1/button-actions/${action.json.id}/runs`);
    expect(runs.status).toBe(200);
    expect(runs.json).toEqual({
      data: [
        {
          id: expect.any(String),
          actionId: action.json.id,
          messageId: message.id,
          status: 'failed',
          input: { contact: {} },
          outcome: null,
          error: { code: 'rule_timeout', message: 'stopped' },
          attempts: 1,
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
        },
      ],
      nextCursor: null,
    });
    expect((await gateway.api('GET', `/v1/button-actions/${action.json.id}/runs?status=succeeded`)).json.data).toEqual([]);
  });
});
