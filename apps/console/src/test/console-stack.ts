/* eslint-disable @nx/enforce-module-boundaries -- the browser test runs every service in-process, as `npm start` runs them */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ServiceName } from '@wabus/config';
import { ApiKeyEntity, generateApiKey } from '@wabus/persistence';
import { JobQueues, QueueName } from '@wabus/queues';
import { createServiceApp, ServiceApp, ServiceDefinition } from '@wabus/service';
import { scratchDatabaseUrl, testConfig } from '@wabus/testing';
import { DataSource } from 'typeorm';
import { ACTION_ENGINE_SERVICE } from '../../../action-engine/src/action-engine.service-definition';
import { EMULATOR_BODY_LIMIT_BYTES, EmulatorModule } from '../../../cloud-api-emulator/src/emulator.module';
import { GATEWAY_SERVICE } from '../../../gateway/src/gateway.service-definition';
import { SENDER_SERVICE } from '../../../sender/src/sender.service-definition';
import { STORE_SERVICE } from '../../../store/src/store.service-definition';
import { TEMPLATE_SYNC_SERVICE } from '../../../template-sync/src/template-sync.service-definition';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ConsoleStack {
  gatewayUrl: string;
  emulatorUrl: string;
  adminKey: string;
  channelId: string;
  number: { phoneNumberId: string; wabaId: string };
  api(method: string, path: string, body?: unknown, key?: string): Promise<{ status: number; json: Json }>;
  emulator(method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }>;
  keyWith(scopes: Array<'admin' | 'send' | 'read'>): Promise<string>;
  close(): Promise<void>;
}

async function call(base: string, method: string, path: string, body: unknown, key: string | null): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Json) : undefined };
}

/**
 * The whole system in this process, as `npm start` runs it: emulator, gateway,
 * store, sender, template-sync and action-engine, on their own database and
 * queue prefix, with one channel registered at the emulator.
 */
export async function startConsoleStack(templates: Json[]): Promise<ConsoleStack> {
  const suffix = randomUUID().slice(0, 8);
  const prefix = `${process.env.WABUS_QUEUE_PREFIX}-console-${suffix}`;
  const databaseUrl = scratchDatabaseUrl(`console_${suffix}`);
  const adminKey = `wabus_console_${randomBytes(16).toString('hex')}`;
  const services: ServiceApp[] = [];
  const n = `${Date.now() % 1_000_000}`;
  const number = { phoneNumberId: `81${n}`, wabaId: `82${n}`, accessToken: `token-${randomUUID()}`, appSecret: `secret-${randomUUID()}`, verifyToken: `verify-${randomUUID()}` };

  const start = async (definition: ServiceDefinition, name: ServiceName, extra = {}): Promise<string> => {
    const service = await createServiceApp(definition, testConfig(name, { queuePrefix: prefix, databaseUrl, logLevel: 'error', ...extra }));
    services.push(service);
    await service.app.listen({ port: 0, host: '127.0.0.1' });
    return (await service.app.getUrl()).replace('[::1]', '127.0.0.1');
  };
  const close = async () => {
    const queues = services.find((service) => service.config.service === 'gateway')?.app.get(JobQueues);
    for (const queue of Object.values(QueueName)) await queues?.queue(queue).obliterate({ force: true }).catch(() => undefined);
    for (const service of services.reverse()) await service.app.close().catch(() => undefined);
  };

  try {
    const emulatorUrl = await start({ name: 'cloud-api-emulator', module: EmulatorModule, bodyLimitBytes: EMULATOR_BODY_LIMIT_BYTES }, 'cloud-api-emulator');
    const gatewayUrl = await start(GATEWAY_SERVICE, 'gateway', { bootstrapApiKey: adminKey });
    await start(STORE_SERVICE, 'store');
    await start(SENDER_SERVICE, 'sender');
    await start(TEMPLATE_SYNC_SERVICE, 'template-sync');
    await start(ACTION_ENGINE_SERVICE, 'action-engine');
    const gateway = services[1];

    const api: ConsoleStack['api'] = (method, path, body, key = adminKey) => call(gatewayUrl, method, path, body, key);
    const emulator: ConsoleStack['emulator'] = (method, path, body) => call(emulatorUrl, method, path, body, null);
    await emulator('POST', '/_emulator/templates', { wabaId: number.wabaId, templates });
    const created = await api('POST', '/v1/channels', { name: 'Console line', ...number, graphBaseUrl: emulatorUrl, apiVersion: 'v23.0', throughputMps: 80 });
    if (created.status !== 201) throw new Error(`channel not created: ${JSON.stringify(created.json)}`);
    const channelId: string = created.json.id;
    const registered = await emulator('POST', '/_emulator/phone-numbers', { ...number, throughputMps: 80, webhookUrl: `${gatewayUrl}/webhooks/whatsapp/${channelId}` });
    if (registered.status >= 300) throw new Error(`number not registered at the emulator: ${JSON.stringify(registered.json)}`);

    return {
      gatewayUrl,
      emulatorUrl,
      adminKey,
      channelId,
      number,
      api,
      emulator,
      async keyWith(scopes) {
        const generated = generateApiKey();
        await gateway.app.get(DataSource).getRepository(ApiKeyEntity).insert({ name: `console ${scopes.join('+')}`, prefix: generated.prefix, keyHash: generated.hash, scopes, channelIds: null });
        return generated.key;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
