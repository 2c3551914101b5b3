import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { ApiKeyEntity, generateApiKey, TemplateEntity } from '@wabus/persistence';
import { createServiceApp } from '@wabus/service';
import { testConfig } from '@wabus/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- tests start the emulator in-process as Meta's stand-in; production code never imports another app.
import { EMULATOR_BODY_LIMIT_BYTES, EmulatorModule } from '../../../cloud-api-emulator/src/emulator.module';
import { GatewayHarness, startGateway } from './gateway-harness';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const ORDER_UPDATE = {
  language: 'en_US',
  category: 'utility',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#42'] } },
    { type: 'BODY', text: 'Hi {{1}}, order {{2}} has shipped.', example: { body_text: [['Ada', '#42']] } },
    { type: 'FOOTER', text: 'Lucky Shrub' },
    { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://shop.test/t/{{1}}', example: ['https://shop.test/t/abc'] }, { type: 'QUICK_REPLY', text: 'Stop' }] },
  ],
};

describe('gateway: template management (forwarded to the emulator)', () => {
  let gateway: GatewayHarness;
  let emulator: NestFastifyApplication;
  let channelId: string;
  const n = `${Date.now() % 1_000_000}${Math.floor(Math.random() * 1000)}`;
  const number = { phoneNumberId: `61${n}`, wabaId: `62${n}`, accessToken: `token-${randomUUID()}` };

  const emulatorCall = async (method: 'GET' | 'POST', url: string, payload?: object): Promise<Json> => {
    const response = await emulator.getHttpAdapter().getInstance().inject({ method, url, payload, headers: { authorization: `Bearer ${number.accessToken}` } });
    return JSON.parse(response.body);
  };
  const metaNames = async (): Promise<string[]> => (await emulatorCall('GET', `/v23.0/${number.wabaId}/message_templates?limit=100`)).data.map((template: Json) => `${template.name}/${template.language}`);

  async function keyWith(scopes: Array<'admin' | 'send' | 'read'>): Promise<string> {
    const generated = generateApiKey();
    await gateway.service.app.get(DataSource).getRepository(ApiKeyEntity).insert({ name: `templates ${scopes.join('+')}`, prefix: generated.prefix, keyHash: generated.hash, scopes, channelIds: null });
    return generated.key;
  }

  beforeAll(async () => {
    gateway = await startGateway();
    ({ app: emulator } = await createServiceApp({ name: 'cloud-api-emulator', module: EmulatorModule, bodyLimitBytes: EMULATOR_BODY_LIMIT_BYTES }, testConfig('cloud-api-emulator', { logLevel: 'error' })));
    await emulator.listen({ port: 0, host: '127.0.0.1' });
    const emulatorUrl = (await emulator.getUrl()).replace('[::1]', '127.0.0.1');
    await emulatorCall('POST', '/_emulator/phone-numbers', { ...number, appSecret: 'app-secret-1234', verifyToken: 'verify-1234', webhookUrl: 'http://127.0.0.1:9/unused', throughputMps: 80, templateApprovalDelayMs: null });
    const created = await gateway.api('POST', '/v1/channels', { name: 'templates test', ...number, appSecret: 'app-secret-1234', verifyToken: 'verify-token-1234', graphBaseUrl: emulatorUrl });
    expect(created.status).toBe(201);
    channelId = created.json.id;
  });

  afterAll(async () => {
    await gateway?.close();
    await emulator?.close();
  });

  it('creates a template at Meta and keeps it as PENDING, parsed', async () => {
    const created = await gateway.api('POST', '/v1/templates', { channelId, name: 'order_shipped', ...ORDER_UPDATE });

    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: 'order_shipped', language: 'en_US', status: 'PENDING', category: 'UTILITY', parameterFormat: 'POSITIONAL', wabaId: number.wabaId, deletedAt: null });
    expect(created.json.metaId).toMatch(/^\d+$/);
    expect(created.json.parsed).toMatchObject({
      header: { format: 'TEXT', placeholders: ['1'] },
      body: { parameterCount: 2, example: ['Ada', '#42'] },
      footer: { text: 'Lucky Shrub' },
      buttons: [
        { index: 0, type: 'URL', requiresParameter: true, sendSubType: 'url' },
        { index: 1, type: 'QUICK_REPLY', requiresParameter: false },
      ],
    });
    expect(await metaNames()).toContain('order_shipped/en_US');
    expect((await gateway.api('GET', `/v1/templates/${created.json.id}`)).json).toMatchObject({ id: created.json.id, status: 'PENDING' });
    expect((await gateway.api('GET', `/v1/templates?channelId=${channelId}&status=pending`)).json.data.map((template: Json) => template.name)).toContain('order_shipped');
  });

  it('refuses a malformed template with every problem by field, before asking Meta', async () => {
    const refused = await gateway.api('POST', '/v1/templates', {
      channelId,
      name: 'broken_one',
      language: 'en_US',
      category: 'MARKETING',
      components: [{ type: 'BODY', text: '{{1}} and {{3}}' }, { type: 'FOOTER', text: 'Bye {{1}}' }],
    });

    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe('validation_failed');
    const fields = refused.json.error.details.fields.map((field: Json) => field.field);
    expect(fields).toEqual(expect.arrayContaining(['components.0.text', 'components.0.example', 'components.1.text']));
    expect(await metaNames()).not.toContain('broken_one/en_US');
    const badShape = await gateway.api('POST', '/v1/templates', { channelId, name: 'Not Valid', language: 'english', category: 'SPAM', components: 'x' });
    expect(badShape.status).toBe(400);
    expect(badShape.json.error.details.fields.map((field: Json) => field.field)).toEqual(expect.arrayContaining(['name', 'language', 'category', 'components']));
  });

  it("answers Meta's refusal in the API's shape, with Meta's words in the details", async () => {
    await gateway.api('POST', '/v1/templates', { channelId, name: 'twice', ...ORDER_UPDATE });
    const again = await gateway.api('POST', '/v1/templates', { channelId, name: 'twice', ...ORDER_UPDATE });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: 'template_exists', details: { metaCode: 100, subcode: 2388023 } });
  });

  it('keeps template management to admin keys and preview to read keys', async () => {
    const reader = await keyWith(['read']);
    expect((await gateway.api('POST', '/v1/templates', { channelId, name: 'not_mine', ...ORDER_UPDATE }, reader)).status).toBe(403);
    const row = await gateway.service.app.get(DataSource).getRepository(TemplateEntity).findOneByOrFail({ wabaId: number.wabaId, name: 'twice' });
    expect((await gateway.api('DELETE', `/v1/templates/${row.id}`, undefined, reader)).status).toBe(403);
    expect((await gateway.api('POST', `/v1/templates/${row.id}/preview`, { body: ['Ada', '#1'] }, reader)).status).toBe(200);
    expect((await gateway.api('POST', '/v1/templates', { channelId, name: 'anon', ...ORDER_UPDATE }, '')).status).toBe(401);
  });

  it('previews the final text with the values filled in, and says what a send would lack', async () => {
    const created = await gateway.api('POST', '/v1/templates', { channelId, name: 'preview_me', ...ORDER_UPDATE });
    await gateway.service.app.get(DataSource).getRepository(TemplateEntity).update({ id: created.json.id }, { status: 'APPROVED' });

    const preview = await gateway.api('POST', `/v1/templates/${created.json.id}/preview`, { header: ['#7'], body: ['Bo', '#7'], buttons: { '0': 'x7' } });

    expect(preview.status).toBe(200);
    expect(preview.json).toMatchObject({
      name: 'preview_me',
      status: 'APPROVED',
      text: {
        header: 'Order #7',
        body: 'Hi Bo, order #7 has shipped.',
        footer: 'Lucky Shrub',
        buttons: [
          { index: 0, type: 'URL', text: 'Track', url: 'https://shop.test/t/x7' },
          { index: 1, type: 'QUICK_REPLY', text: 'Stop', url: null },
        ],
      },
      missing: [],
      problems: [],
      sendable: true,
    });
    expect(preview.json.components).toEqual([
      { type: 'header', parameters: [{ type: 'text', text: '#7' }] },
      { type: 'body', parameters: [{ type: 'text', text: 'Bo' }, { type: 'text', text: '#7' }] },
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'x7' }] },
    ]);

    const short = await gateway.api('POST', `/v1/templates/${created.json.id}/preview`, { components: [{ type: 'body', parameters: [{ type: 'text', text: 'Bo' }] }] });
    expect(short.json.text.body).toBe('Hi Bo, order {{2}} has shipped.');
    expect(short.json.missing).toEqual(['header {{1}}', 'body {{2}}', 'button 0 {{1}}']);
    expect(short.json.sendable).toBe(false);
    expect(short.json.problems.map((problem: Json) => [problem.component, problem.code])).toEqual([
      ['header', 'template_parameter_count'],
      ['body', 'template_parameter_count'],
      ['button', 'template_button_parameter'],
    ]);
    expect(short.json.problems[1].message).toMatch(/expects 2 body parameters/);

    const examples = await gateway.api('POST', `/v1/templates/${created.json.id}/preview`, { useExamples: true });
    expect(examples.json.text).toMatchObject({ header: 'Order #42', body: 'Hi Ada, order #42 has shipped.' });
    expect((await gateway.api('POST', `/v1/templates/${created.json.id}/preview`, { body: 'nope' })).status).toBe(400);
  });

  it('deletes a template at Meta and marks it deleted, keeping the row', async () => {
    const created = await gateway.api('POST', '/v1/templates', { channelId, name: 'short_lived', ...ORDER_UPDATE });
    expect(await metaNames()).toContain('short_lived/en_US');

    const deleted = await gateway.api('DELETE', `/v1/templates/${created.json.id}`);

    expect(deleted.status).toBe(200);
    expect(deleted.json).toMatchObject({ id: created.json.id, status: 'DELETED', deletedAt: expect.any(String) });
    expect(await metaNames()).not.toContain('short_lived/en_US');
    expect((await gateway.api('DELETE', `/v1/templates/${created.json.id}`)).json.deletedAt).toBe(deleted.json.deletedAt);
    expect((await gateway.api('GET', `/v1/templates/${created.json.id}`)).json.deletedAt).toBe(deleted.json.deletedAt);
    expect((await gateway.api('DELETE', `/v1/templates/${randomUUID()}`)).status).toBe(404);
  });

  it("says when Meta refuses the channel's token", async () => {
    const other = await gateway.api('POST', '/v1/channels', {
      name: 'wrong token',
      phoneNumberId: `63${n}`,
      wabaId: number.wabaId,
      accessToken: 'revoked-token-1234',
      appSecret: 'app-secret-1234',
      verifyToken: 'verify-token-1234',
      graphBaseUrl: (await emulator.getUrl()).replace('[::1]', '127.0.0.1'),
    });
    const refused = await gateway.api('POST', '/v1/templates', { channelId: other.json.id, name: 'never', ...ORDER_UPDATE });
    expect(refused.status).toBe(422);
    expect(refused.json.error).toMatchObject({ code: 'channel_unauthorized', details: { metaCode: 190 } });
  });
});
