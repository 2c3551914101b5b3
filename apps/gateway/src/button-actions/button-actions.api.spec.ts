import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiKeyEntity, ContactEntity, ConversationEntity, generateApiKey, MessageEntity } from '@wabus/persistence';
import { QueueName } from '@wabus/queues';
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

  describe('POST /v1/button-actions/test-rule', () => {
    const greet = `message.replyId = 'order-yes' ? {'type': 'send_message', 'config': {'text': 'Thanks ' & contact.name}}`;

    it('answers the effects of a rule on the sample tap, and on an event given', async () => {
      const sample = await gateway.api('GET', '/v1/button-actions/test-rule/sample-event');
      expect(sample.status).toBe(200);
      expect(sample.json.event).toMatchObject({ message: { replyId: 'order-yes' }, contact: { name: expect.any(String) } });

      const onSample = await gateway.api('POST', '/v1/button-actions/test-rule', { expression: greet });
      expect(onSample.status).toBe(200);
      expect(onSample.json).toEqual({ effects: [{ type: 'send_message', config: { text: `Thanks ${sample.json.event.contact.name}` } }] });

      const onEvent = await gateway.api('POST', '/v1/button-actions/test-rule', { expression: greet, event: { ...sample.json.event, contact: { name: 'Grace' } } });
      expect(onEvent.json).toEqual({ effects: [{ type: 'send_message', config: { text: 'Thanks Grace' } }] });
      const otherButton = await gateway.api('POST', '/v1/button-actions/test-rule', { expression: greet, event: { message: { replyId: 'order-no' } } });
      expect(otherButton.json).toEqual({ effects: [] });
    });

    it('applies none of the effects: nothing is queued, no ticket, message or contact change is written', async () => {
      const db = gateway.service.app.get(DataSource);
      const contact = await db.getRepository(ContactEntity).save({ channelId, waId: '2348031230001', phone: '+2348031230001', tags: ['before'] });
      const conversation = await db.getRepository(ConversationEntity).save({ channelId, contactId: contact.id });
      const tap = await db.getRepository(MessageEntity).save({ channelId, conversationId: conversation.id, contactId: contact.id, direction: 'in', type: 'interactive', status: 'received' });
      const event = { channel: { id: channelId }, message: { id: tap.id, replyId: 'order-yes' }, contact: { id: contact.id, phone: contact.phone } };
      const rule = `[{'type': 'create_ticket', 'config': {'subject': 'x'}}, {'type': 'update_contact', 'config': {'field': 'tags.add', 'value': 'tested'}}, {'type': 'send_message', 'config': {'text': 'hi'}}]`;

      const answer = await gateway.api('POST', '/v1/button-actions/test-rule', { expression: rule, event });
      expect(answer.json.effects.map((effect: { type: string }) => effect.type)).toEqual(['create_ticket', 'update_contact', 'send_message']);
      expect(await db.query('SELECT id FROM tickets WHERE message_id = $1 OR contact_id = $2', [tap.id, contact.id])).toEqual([]);
      expect(await db.query('SELECT id FROM action_runs WHERE message_id = $1', [tap.id])).toEqual([]);
      expect(await db.query('SELECT id FROM messages WHERE conversation_id = $1', [conversation.id])).toEqual([{ id: tap.id }]);
      expect((await db.getRepository(ContactEntity).findOneByOrFail({ id: contact.id })).tags).toEqual(['before']);
      expect(await gateway.queues.queue(QueueName.Outbound).getJobCounts('waiting', 'delayed', 'prioritized')).toEqual({ waiting: 0, delayed: 0, prioritized: 0 });
    });

    it.each([
      ['loops for ever', '($loop := function($n) { $loop($n + 1) }; $loop(0))', ['rule_too_deep', 'rule_timeout']],
      // $pad builds the long text in one step, so the size limit (not the 100 ms clock) is what stops it on a loaded machine.
      ['returns a result over the size limit', `{'type': 'send_message', 'config': {'text': $pad('', 20000, 'x')}}`, ['rule_too_large']],
      ['emits a rule', `{'type': 'rule', 'config': {'language': 'jsonata', 'expression': '1'}}`, ['rule_output_invalid']],
      ['emits a reply without text', `{'type': 'send_message', 'config': {}}`, ['rule_output_invalid']],
      ['does not parse', '($x := ', ['rule_invalid']],
    ])('answers 422 with the code a run would record for a rule that %s', async (_label, expression, codes) => {
      const answer = await gateway.api('POST', '/v1/button-actions/test-rule', { expression });
      expect(answer.status).toBe(422);
      expect(codes).toContain(answer.json.error.code);
      expect(answer.json.error.message).toEqual(expect.any(String));
    });

    it('names the effect that is wrong', async () => {
      const answer = await gateway.api('POST', '/v1/button-actions/test-rule', { expression: `[{'type': 'send_message', 'config': {'text': 'ok'}}, {'type': 'webhook', 'config': {'url': 'file:///etc/passwd'}}]` });
      expect(answer.status).toBe(422);
      expect(answer.json.error.details.problems.map((problem: { field: string }) => problem.field)).toContain('effects.1.config.url');
    });

    it('needs an admin key', async () => {
      const generated = generateApiKey();
      await gateway.service.app.get(DataSource).getRepository(ApiKeyEntity).insert({ name: 'reader', prefix: generated.prefix, keyHash: generated.hash, scopes: ['read', 'send'], channelIds: null });
      const answer = await gateway.api('POST', '/v1/button-actions/test-rule', { expression: '1' }, generated.key);
      expect(answer.status).toBe(403);
      expect(answer.json.error).toMatchObject({ code: 'forbidden', details: { requiredScope: 'admin' } });
    });

    it.each([
      ['no expression', { event: {} }, ['expression']],
      ['an expression that is not text', { expression: 42 }, ['expression']],
      ['an event that is a list', { expression: '1', event: [1, 2] }, ['event']],
      ['an unknown field', { expression: '1', language: 'python' }, ['language']],
    ])('refuses %s with 400 naming the field', async (_label, body, fields) => {
      const answer = await gateway.api('POST', '/v1/button-actions/test-rule', body);
      expect(answer.status).toBe(400);
      expect(answer.json.error.code).toBe('validation_failed');
      expect(answer.json.error.details.fields.map((field: { field: string }) => field.field)).toEqual(fields);
    });
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
