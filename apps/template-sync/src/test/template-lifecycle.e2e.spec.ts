/* eslint-disable @nx/enforce-module-boundaries -- the end-to-end test starts every service in-process, as `npm start` runs them */
import { randomBytes, randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ServiceName } from '@wabus/config';
import { QueueName } from '@wabus/queues';
import { createServiceApp, ServiceApp, ServiceDefinition } from '@wabus/service';
import { scratchDatabaseUrl, testConfig, waitFor } from '@wabus/testing';
import { JobQueues } from '@wabus/queues';
import { EMULATOR_BODY_LIMIT_BYTES, EmulatorModule } from '../../../cloud-api-emulator/src/emulator.module';
import { GATEWAY_SERVICE } from '../../../gateway/src/gateway.service-definition';
import { SENDER_SERVICE } from '../../../sender/src/sender.service-definition';
import { STORE_SERVICE } from '../../../store/src/store.service-definition';
import { TEMPLATE_SYNC_SERVICE } from '../template-sync.service-definition';
import { TemplateSyncModule } from '../template-sync.module';
import { bodyTemplate } from './template-sync-harness';

jest.setTimeout(90_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * Templates from Meta to a refused send and back, through the emulator:
 * gateway, store, sender, template-sync and the cloud-api-emulator in this
 * process, on their own queue prefix and database. Meta's status webhooks go
 * emulator → gateway → store, which updates the row and asks template-sync to
 * sync the WABA.
 */
describe('end to end: templates in step with Meta, and checked before a send', () => {
  const suffix = randomUUID().slice(0, 8);
  const prefix = `${process.env.WABUS_QUEUE_PREFIX}-ts-e2e-${suffix}`;
  const databaseUrl = scratchDatabaseUrl(`ts_e2e_${suffix}`);
  const adminKey = `wabus_e2e_${randomBytes(16).toString('hex')}`;
  const services: ServiceApp[] = [];
  let gatewayUrl: string;
  let emulatorUrl: string;
  let channelId: string;
  const n = `${Date.now() % 1_000_000}`;
  const number = { phoneNumberId: `71${n}`, wabaId: `72${n}`, accessToken: `token-${randomUUID()}`, appSecret: `secret-${randomUUID()}`, verifyToken: `verify-${randomUUID()}` };

  async function start(definition: ServiceDefinition, name: ServiceName, extra = {}): Promise<NestFastifyApplication> {
    const service = await createServiceApp(definition, testConfig(name, { queuePrefix: prefix, databaseUrl, logLevel: 'error', ...extra }));
    services.push(service);
    await service.app.listen({ port: 0, host: '127.0.0.1' });
    return service.app;
  }

  async function call(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as Json) : undefined };
  }
  const api = (method: string, path: string, body?: unknown) => call(gatewayUrl, method, path, body);
  const emulator = (method: string, path: string, body?: unknown) => call(emulatorUrl, method, path, body);
  const template = async (name: string): Promise<Json> => (await api('GET', `/v1/templates?channelId=${channelId}&name=${name}`)).json.data.find((row: Json) => row.name === name);

  beforeAll(async () => {
    const emulatorApp = await start({ name: 'cloud-api-emulator', module: EmulatorModule, bodyLimitBytes: EMULATOR_BODY_LIMIT_BYTES }, 'cloud-api-emulator');
    emulatorUrl = (await emulatorApp.getUrl()).replace('[::1]', '127.0.0.1');
    const gatewayApp = await start(GATEWAY_SERVICE, 'gateway', { bootstrapApiKey: adminKey });
    gatewayUrl = (await gatewayApp.getUrl()).replace('[::1]', '127.0.0.1');
    await start(STORE_SERVICE, 'store');
    await start(SENDER_SERVICE, 'sender');
    await start({ ...TEMPLATE_SYNC_SERVICE, module: TemplateSyncModule.withSettings({ pageSize: 25, scheduleEveryMs: 60 * 60 * 1000 }) }, 'template-sync');

    const created = await api('POST', '/v1/channels', { name: 'e2e templates', ...number, graphBaseUrl: emulatorUrl, apiVersion: 'v23.0' });
    expect(created.status).toBe(201);
    channelId = created.json.id;
    const registered = await emulator('POST', '/_emulator/phone-numbers', {
      ...number,
      throughputMps: 80,
      webhookUrl: `${gatewayUrl}/webhooks/whatsapp/${channelId}`,
      templateApprovalDelayMs: 300,
    });
    expect(registered.status).toBeLessThan(300);
    await emulator('POST', '/_emulator/templates', {
      wabaId: number.wabaId,
      templates: [
        ...Array.from({ length: 60 }, (_, i) => bodyTemplate(`catalog_${String(i).padStart(2, '0')}`)),
        bodyTemplate('order_ready'),
        bodyTemplate('promo_rejected', { status: 'REJECTED', rejected_reason: 'PROMOTIONAL' }),
        bodyTemplate('promo_disabled', { status: 'DISABLED' }),
      ],
    });
  });

  afterAll(async () => {
    const queues = services.find((service) => service.config.service === 'gateway')?.app.get(JobQueues);
    for (const queue of Object.values(QueueName)) await queues?.queue(queue).obliterate({ force: true }).catch(() => undefined);
    for (const service of services.reverse()) await service.app.close().catch(() => undefined);
  });

  it('syncs on demand through the API, with progress readable by job id', async () => {
    const accepted = await api('POST', `/v1/channels/${channelId}/templates/sync`);
    expect(accepted.status).toBe(202);
    const done = await waitFor(async () => {
      const state = (await api('GET', `/v1/template-syncs/${accepted.json.jobId}`)).json;
      return state.state === 'completed' ? state : undefined;
    }, 30_000, 'the sync to complete');
    // Creating the channel already scheduled a first sync; the request either ran
    // the pass itself or joined the one under way (one sync per WABA at a time).
    if (done.progress.phase === 'done') expect(done.progress).toMatchObject({ pages: 3, templates: 63 });
    else expect(done.progress).toMatchObject({ phase: 'joined' });
    await waitFor(async () => (await api('GET', `/v1/templates?channelId=${channelId}&limit=200`)).json.data.length === 63, 30_000, 'all 63 templates listed');
    // A joined request completes while the pass it joined still runs; that pass stamps the channel after writing the templates.
    const channel = await waitFor(async () => {
      const json = (await api('GET', `/v1/channels/${channelId}`)).json;
      return json.lastTemplateSyncAt !== null ? json : undefined;
    }, 30_000, 'the channel stamped with its sync');
    expect(channel).toMatchObject({ lastTemplateSyncAt: expect.any(String), lastTemplateSyncError: null });
  });

  it("applies Meta's status webhook to the stored template at once, and the sync it triggers agrees", async () => {
    await waitFor(async () => (await template('order_ready'))?.status === 'APPROVED', 30_000, 'the first sync');
    await emulator('POST', '/_emulator/templates/status', { wabaId: number.wabaId, name: 'order_ready', language: 'en_US', status: 'PAUSED', reason: 'LOW_QUALITY' });

    await waitFor(async () => (await template('order_ready'))?.status === 'PAUSED', 5_000, 'the PAUSED status to be stored');

    const queues = services[1].app.get(JobQueues);
    const webhookSync = await waitFor(async () => (await queues.queue(QueueName.TemplateSync).getJobs(['completed'])).find((job) => job.data.reason === 'webhook'), 20_000, 'the sync the webhook asked for');
    expect(['completed', 'fresh', 'joined']).toContain(webhookSync.returnvalue.outcome);
    expect((await template('order_ready')).status).toBe('PAUSED');
  });

  it('refuses to send a rejected, paused or disabled template, with a clear error, before Meta sees it', async () => {
    await waitFor(async () => (await template('order_ready'))?.status === 'PAUSED', 20_000, 'the paused template');
    const reasons: Record<string, RegExp> = { promo_rejected: /REJECTED/, order_ready: /PAUSED/, promo_disabled: /DISABLED/ };
    for (const [name, reason] of Object.entries(reasons)) {
      const to = `+23480${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
      const sent = await api('POST', '/v1/messages', {
        channelId,
        to,
        type: 'template',
        template: {
          name,
          language: { code: 'en_US' },
          components: [
            { type: 'body', parameters: [{ type: 'text', text: 'Ada' }, { type: 'text', text: '#1' }] },
            { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'a1' }] },
          ],
        },
      });
      expect({ status: sent.status, body: sent.json }).toMatchObject({ status: 202 });
      const message = await waitFor(async () => {
        const found = (await api('GET', `/v1/messages/${sent.json.id}`)).json;
        return found?.status === 'failed' ? found : undefined;
      }, 20_000, `the send of ${name} to be refused`);
      expect(JSON.stringify(message.error)).toMatch(reason);
      const outbox = (await emulator('GET', `/_emulator/outbox?phoneNumberId=${number.phoneNumberId}&to=${to.slice(1)}`)).json.data;
      expect(outbox).toEqual([]);
    }
  });

  it("creates a template through wabus that Meta's review approves, and deletes it again", async () => {
    const created = await api('POST', '/v1/templates', {
      channelId,
      name: 'welcome_back',
      language: 'en_US',
      category: 'MARKETING',
      components: [{ type: 'BODY', text: 'Welcome back, {{1}}!', example: { body_text: [['Ada']] } }],
    });
    expect(created.status).toBe(201);
    expect(created.json.status).toBe('PENDING');

    await waitFor(async () => (await template('welcome_back'))?.status === 'APPROVED', 20_000, 'the approval webhook to be applied');

    const deleted = await api('DELETE', `/v1/templates/${created.json.id}`);
    expect(deleted.status).toBe(200);
    const sync = await api('POST', `/v1/channels/${channelId}/templates/sync`);
    await waitFor(async () => ['completed', 'failed'].includes((await api('GET', `/v1/template-syncs/${sync.json.jobId}`)).json.state), 30_000, 'a sync after the delete');
    expect(await template('welcome_back')).toMatchObject({ deletedAt: expect.any(String) });
  });
});
