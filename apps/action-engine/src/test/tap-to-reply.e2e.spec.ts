/* eslint-disable @nx/enforce-module-boundaries -- the end-to-end test starts every service in-process, as `npm start` runs them */
import { randomBytes, randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import type { ServiceName } from '@wabus/config';
import { verifyCallback } from '@wabus/domain';
import { ContactEntity, TicketEntity } from '@wabus/persistence';
import { createServiceApp, ServiceApp, ServiceDefinition } from '@wabus/service';
import { testConfig, waitFor } from '@wabus/testing';
import { EMULATOR_BODY_LIMIT_BYTES, EmulatorModule } from '../../../cloud-api-emulator/src/emulator.module';
import { GATEWAY_SERVICE } from '../../../gateway/src/gateway.service-definition';
import { SENDER_SERVICE } from '../../../sender/src/sender.service-definition';
import { STORE_SERVICE } from '../../../store/src/store.service-definition';
import { ACTION_ENGINE_SERVICE } from '../action-engine.service-definition';
import { CallbackReceiver, startCallbackReceiver } from './engine-harness';

jest.setTimeout(90_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * The whole loop, through the emulator: gateway, store, sender, action-engine
 * and the cloud-api-emulator in this process, on one queue prefix. A user
 * taps a button at the emulator; the emulator's signed webhook goes to the
 * gateway, store turns it into `interaction.received`, the engine acts, the
 * sender sends the reply, and the reply shows up in the emulator's outbox.
 */
describe('end to end: a tap on a button, through the emulator', () => {
  const prefix = `${process.env.WABUS_QUEUE_PREFIX}-ae-e2e-${randomUUID().slice(0, 8)}`;
  const adminKey = `wabus_e2e_${randomBytes(16).toString('hex')}`;
  const services: ServiceApp[] = [];
  let gatewayUrl: string;
  let emulatorUrl: string;
  let receiver: CallbackReceiver;
  let db: DataSource;
  const number = {
    phoneNumberId: `31${Date.now() % 1e9}`,
    wabaId: `32${Date.now() % 1e9}`,
    accessToken: `token-${randomUUID()}`,
    appSecret: `secret-${randomUUID()}`,
    verifyToken: `verify-${randomUUID()}`,
  };
  let channelId: string;

  async function start(definition: ServiceDefinition, name: ServiceName, extra = {}): Promise<NestFastifyApplication> {
    const service = await createServiceApp(definition, testConfig(name, { queuePrefix: prefix, logLevel: 'error', ...extra }));
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
  const outbox = async (to: string): Promise<Json[]> => (await emulator('GET', `/_emulator/outbox?phoneNumberId=${number.phoneNumberId}&to=${to}`)).json.data;

  /** A customer who wrote first, so the 24-hour window is open. */
  async function customer(): Promise<string> {
    const phone = `23480${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const text = `hello ${randomUUID()}`;
    expect((await emulator('POST', '/_emulator/inbound', { phoneNumberId: number.phoneNumberId, from: phone, type: 'text', text: { body: text } })).status).toBeLessThan(300);
    await waitFor(async () => (await api('GET', `/v1/messages?channelId=${channelId}&direction=in&phone=%2B${phone}`)).json?.data?.some((message: Json) => message.text === text), 20_000, 'the inbound message to be stored');
    return phone;
  }

  /** Our message with reply buttons, once Meta (the emulator) accepted it: its wamid. */
  async function ask(phone: string, buttons: Array<{ id: string; title: string }>): Promise<string> {
    const sent = await api('POST', '/v1/messages', {
      channelId,
      to: `+${phone}`,
      type: 'interactive',
      interactive: { type: 'button', body: { text: 'Shall we?' }, action: { buttons: buttons.map((reply) => ({ type: 'reply', reply })) } },
    });
    expect(sent.status).toBe(202);
    return waitFor(async () => ((await api('GET', `/v1/messages/${sent.json.id}`)).json?.waMessageId as string | null) ?? undefined, 20_000, 'the question to be sent');
  }

  async function tap(phone: string, wamid: string, buttonId: string, duplicate = false): Promise<string> {
    const clicked = await emulator('POST', '/_emulator/click', { phoneNumberId: number.phoneNumberId, from: phone, messageId: wamid, buttonId, duplicate });
    if (clicked.status >= 300) throw new Error(`click on ${wamid} refused: ${clicked.status} ${JSON.stringify(clicked.json)}`);
    return clicked.json.id;
  }

  const replyTexts = async (phone: string): Promise<string[]> => (await outbox(phone)).map((row) => row.body?.text?.body).filter(Boolean);

  beforeAll(async () => {
    const emulatorApp = await start({ name: 'cloud-api-emulator', module: EmulatorModule, bodyLimitBytes: EMULATOR_BODY_LIMIT_BYTES }, 'cloud-api-emulator');
    emulatorUrl = (await emulatorApp.getUrl()).replace('[::1]', '127.0.0.1');
    const gatewayApp = await start(GATEWAY_SERVICE, 'gateway', { bootstrapApiKey: adminKey });
    gatewayUrl = (await gatewayApp.getUrl()).replace('[::1]', '127.0.0.1');
    await start(STORE_SERVICE, 'store');
    await start(SENDER_SERVICE, 'sender');
    await start(ACTION_ENGINE_SERVICE, 'action-engine');
    db = gatewayApp.get(DataSource);
    receiver = await startCallbackReceiver();

    const created = await api('POST', '/v1/channels', { name: 'e2e actions', ...number, graphBaseUrl: emulatorUrl, apiVersion: 'v21.0', throughputMps: 80 });
    expect(created.status).toBe(201);
    channelId = created.json.id;
    const registered = await emulator('POST', '/_emulator/phone-numbers', { ...number, throughputMps: 80, webhookUrl: `${gatewayUrl}/webhooks/whatsapp/${channelId}` });
    expect(registered.status).toBeLessThan(300);
  });

  afterAll(async () => {
    for (const service of services.reverse()) await service.app.close().catch(() => undefined);
    await receiver?.close();
  });

  it('answers a tap with the button action reply, at the emulator', async () => {
    const phone = await customer();
    const buttonId = `yes-${randomUUID().slice(0, 8)}`;
    const action = await api('POST', '/v1/button-actions', { name: 'reply', buttonId, channelId, type: 'send_message', config: { text: 'Thanks for saying {{message.replyTitle}}!' }, active: true, sequence: 1 });
    expect(action.status).toBe(201);
    const wamid = await ask(phone, [
      { id: buttonId, title: 'Yes' },
      { id: `no-${buttonId}`, title: 'No' },
    ]);
    await tap(phone, wamid, buttonId);
    await waitFor(async () => (await replyTexts(phone)).includes('Thanks for saying Yes!'), 20_000, 'the reply at the emulator');
    const runs = await api('GET', `/v1/button-actions/${action.json.id}/runs`);
    expect(runs.json.data).toEqual([expect.objectContaining({ status: 'succeeded', attempts: 1 })]);
  });

  it('updates the contact and opens a ticket on a tap', async () => {
    const phone = await customer();
    const buttonId = `callback-${randomUUID().slice(0, 8)}`;
    await api('POST', '/v1/button-actions', { name: 'tag', buttonId, channelId, type: 'update_contact', config: { field: 'tags.add', value: 'wants-call' }, sequence: 1 });
    await api('POST', '/v1/button-actions', { name: 'ticket', buttonId, channelId, type: 'create_ticket', config: { subject: 'Call {{contact.phone}}' }, sequence: 2 });
    const wamid = await ask(phone, [{ id: buttonId, title: 'Call me' }]);
    await tap(phone, wamid, buttonId);
    const ticket = await waitFor(async () => (await db.getRepository(TicketEntity).findOne({ where: { channelId, subject: `Call +${phone}` } })) ?? undefined, 20_000, 'the ticket');
    const contact = await db.getRepository(ContactEntity).findOneByOrFail({ id: ticket.contactId ?? '' });
    expect(contact.tags).toContain('wants-call');
  });

  it('decides an approval on the first tap only, and calls back once, signed, though the tap webhook arrives three times', async () => {
    const manager = await customer();
    const subscription = await api('POST', '/v1/subscriptions', { url: `${receiver.url}/events`, events: ['approval.decided'], channelId });
    expect(subscription.status).toBe(201);
    const created = await api('POST', '/v1/approvals', {
      channelId,
      to: `+${manager}`,
      reference: `SO-${randomUUID().slice(0, 6)}`,
      title: 'Sales order',
      amount: '99.90',
      currency: 'EUR',
      approveLabel: 'Approve',
      rejectLabel: 'Reject',
      callbackUrl: `${receiver.url}/orders/callback`,
    });
    expect(created.status).toBe(201);
    const approval = created.json;
    const wamid: string = await waitFor(async () => ((await api('GET', `/v1/messages/${approval.messageId}`)).json?.waMessageId as string | null) ?? undefined, 20_000, 'the approval message to be sent');

    const tapId = await tap(manager, wamid, `approval:${approval.id}:approve`, true);
    // A third copy of the same tap webhook (Meta retries; the wamid is the same).
    await emulator('POST', '/_emulator/inbound', {
      phoneNumberId: number.phoneNumberId,
      from: manager,
      type: 'interactive',
      interactive: { type: 'button_reply', button_reply: { id: `approval:${approval.id}:approve`, title: 'Approve' } },
      context: { id: wamid },
      id: tapId,
    });
    await waitFor(async () => (await api('GET', `/v1/approvals/${approval.id}`)).json.status === 'approved', 20_000, 'the approval to be approved');
    await waitFor(async () => (await replyTexts(manager)).some((text) => text.startsWith('✅ Approved')), 20_000, 'the confirmation');

    await tap(manager, wamid, `approval:${approval.id}:reject`);
    await waitFor(async () => (await replyTexts(manager)).some((text) => /already approved/.test(text)), 20_000, 'the "already decided" answer');
    const decided = (await api('GET', `/v1/approvals/${approval.id}`)).json;
    expect(decided).toMatchObject({ status: 'approved', decidedBy: `+${manager}`, decidedAt: expect.any(String) });

    const callbacks = await waitFor(() => {
      const calls = receiver.received.filter((received) => received.json?.data?.approvalId === approval.id);
      return calls.length > 0 ? calls : undefined;
    }, 20_000, 'the callback');
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0].path).toBe('/orders/callback');
    expect(verifyCallback({ secret: subscription.json.secret, rawBody: callbacks[0].raw, headers: callbacks[0].headers }).valid).toBe(true);
    expect((await replyTexts(manager)).filter((text) => text.startsWith('✅ Approved'))).toHaveLength(1);
  });

  it('stops a rule that loops by its limits and records the error on the run', async () => {
    const phone = await customer();
    const buttonId = `loop-${randomUUID().slice(0, 8)}`;
    const action = await api('POST', '/v1/button-actions', { name: 'loop', buttonId, channelId, type: 'rule', config: { language: 'jsonata', expression: '($f := function($n) { $f($n + 1) }; $f(0))' } });
    expect(action.status).toBe(201);
    const wamid = await ask(phone, [{ id: buttonId, title: 'Loop' }]);
    await tap(phone, wamid, buttonId);
    const run = await waitFor(async () => (await api('GET', `/v1/button-actions/${action.json.id}/runs?status=failed`)).json.data[0], 20_000, 'the failed run');
    expect(['rule_too_deep', 'rule_timeout']).toContain(run.error.code);
  });
});
