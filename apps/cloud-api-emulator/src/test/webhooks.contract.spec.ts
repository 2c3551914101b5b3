import { createHmac } from 'node:crypto';
import {
  bearer,
  Emulator,
  expectedSignature,
  Json,
  NumberFixture,
  registerNumber,
  startEmulator,
  startWebhookSink,
  waitFor,
  WebhookSink,
  webhooksSettled,
} from './emulator-harness';

const DAY_MS = 24 * 60 * 60 * 1000;
let customerCounter = 0;
const newCustomer = () => `4479${String(++customerCounter).padStart(8, '0')}`;

describe('webhooks, as Meta sends them', () => {
  let emulator: Emulator;
  let sink: WebhookSink;

  beforeAll(async () => {
    emulator = await startEmulator();
    sink = await startWebhookSink();
  });

  afterEach(async () => {
    await emulator.request('DELETE', '/_emulator/faults');
    await webhooksSettled(emulator);
    sink.failNext(0);
  });

  afterAll(async () => {
    await emulator.close();
    await sink.close();
  });

  const inbound = async (number: NumberFixture, from: string, extra: Record<string, unknown> = { type: 'text', text: { body: 'hello' } }) => {
    const response = await emulator.request('POST', '/_emulator/inbound', { phoneNumberId: number.phoneNumberId, from, ...extra });
    expect(response.status).toBe(201);
    return response.json.id as string;
  };
  const send = async (number: NumberFixture, to: string, body: Record<string, unknown> = { type: 'text', text: { body: 'hi' } }, version = 'v21.0') => {
    const response = await emulator.request(
      'POST',
      `/${version}/${number.phoneNumberId}/messages`,
      { messaging_product: 'whatsapp', to, ...body },
      bearer(number.accessToken),
    );
    expect(response.status).toBe(200);
    return response.json.messages[0].id as string;
  };
  const statusesOf = (wamid: string) => sink.items('statuses').filter((status) => status.id === wamid);
  const deliveriesOf = (wamid: string) => sink.received.filter((hook) => hook.text.includes(wamid));

  it('sends sent → delivered → read for an accepted message, each its own POST, signed over the exact bytes', async () => {
    const number = await registerNumber(emulator, sink);
    const customer = newCustomer();
    await inbound(number, customer);
    const wamid = await send(number, `+${customer}`, { type: 'text', text: { body: 'hi' }, biz_opaque_callback_data: 'order-42' });
    await waitFor(() => statusesOf(wamid).length === 3, 5000, 'three statuses');

    const hooks = deliveriesOf(wamid);
    expect(hooks).toHaveLength(3);
    for (const hook of hooks) {
      // Independent of libs/whatsapp: plain node:crypto over the bytes received.
      expect(hook.headers['x-hub-signature-256']).toBe(expectedSignature(number.appSecret, hook.body));
      expect(hook.headers['x-hub-signature']).toBe('sha1=' + createHmac('sha1', number.appSecret).update(hook.body).digest('hex'));
      expect(hook.headers['content-type']).toBe('application/json');
    }
    expect(hooks.map((hook) => hook.json.entry[0].changes[0].value.statuses[0].status)).toEqual(['sent', 'delivered', 'read']);

    const conversation = { id: expect.stringMatching(/^[0-9a-f]{32}$/), origin: { type: 'service' } };
    const pricing = { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' };
    const base = { id: wamid, timestamp: expect.stringMatching(/^\d{10}$/), recipient_id: customer, biz_opaque_callback_data: 'order-42' };
    expect(hooks[0].json).toEqual({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: number.wabaId,
          changes: [
            {
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550783881', phone_number_id: number.phoneNumberId },
                statuses: [{ ...base, status: 'sent', conversation: { ...conversation, expiration_timestamp: expect.stringMatching(/^\d{10}$/) }, pricing }],
              },
              field: 'messages',
            },
          ],
        },
      ],
    });
    expect(hooks[1].json.entry[0].changes[0].value.statuses).toEqual([{ ...base, status: 'delivered', conversation, pricing }]);
    expect(hooks[2].json.entry[0].changes[0].value.statuses).toEqual([{ ...base, status: 'read' }]);
  });

  it('fails a free-form message outside the 24-hour window with 131047, after accepting it', async () => {
    const number = await registerNumber(emulator, sink, { statusDelaysMs: { sent: 1, delivered: 2, read: 3 } });
    const customer = newCustomer();
    const wamid = await send(number, customer);
    await waitFor(() => statusesOf(wamid).length === 1, 5000, 'a failed status');
    await webhooksSettled(emulator);
    expect(statusesOf(wamid)).toEqual([
      {
        id: wamid,
        status: 'failed',
        timestamp: expect.any(String),
        recipient_id: customer,
        errors: [
          {
            code: 131047,
            title: 'Re-engagement message',
            message: 'Re-engagement message',
            error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
            href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
          },
        ],
      },
    ]);
    const outbox = await emulator.request('GET', `/_emulator/outbox?phoneNumberId=${number.phoneNumberId}`);
    expect(outbox.json.data[0]).toMatchObject({ id: wamid, verdict: 'accepted', failure: { code: 131047, title: 'Re-engagement message' } });
  });

  it('closes the window 24 hours after the last inbound (moved with POST /_emulator/clock), while templates still go', async () => {
    const number = await registerNumber(emulator, sink, { statusDelaysMs: { sent: 1, delivered: 2, read: 3 } });
    await emulator.request('POST', '/_emulator/templates', {
      wabaId: number.wabaId,
      templates: [{ name: 'reminder', language: 'en', category: 'MARKETING', components: [{ type: 'BODY', text: 'Hello' }] }],
    });
    const customer = newCustomer();
    await inbound(number, customer);
    const inside = await send(number, customer);
    await waitFor(() => statusesOf(inside).length === 3, 5000, 'delivered inside the window');

    const clock = await emulator.request('POST', '/_emulator/clock', { advanceMs: DAY_MS });
    expect(clock.json).toEqual({ now: expect.any(String), offsetMs: DAY_MS });
    const outside = await send(number, customer);
    const template = await send(number, customer, { type: 'template', template: { name: 'reminder', language: { code: 'en' } } });
    await waitFor(() => statusesOf(outside).length === 1 && statusesOf(template).length === 3, 5000, 'window closed');
    expect(statusesOf(outside)[0]).toMatchObject({ status: 'failed', errors: [{ code: 131047 }] });
    expect(statusesOf(template)[0]).toMatchObject({
      status: 'sent',
      pricing: { type: 'regular', category: 'marketing', billable: true },
      conversation: { origin: { type: 'marketing' } },
    });
    await emulator.request('POST', '/_emulator/reset', { keepNumbers: true });
  });

  it('opens the window from an inbound `timestamp` in the past, as the message says', async () => {
    const number = await registerNumber(emulator, sink, { statusDelaysMs: { sent: 1, delivered: 2, read: 3 } });
    const customer = newCustomer();
    await inbound(number, customer, { type: 'text', text: { body: 'old' }, timestamp: Math.floor((Date.now() - DAY_MS - 60_000) / 1000) });
    const wamid = await send(number, customer);
    await waitFor(() => statusesOf(wamid).length === 1, 5000);
    expect(statusesOf(wamid)[0]).toMatchObject({ status: 'failed', errors: [{ code: 131047 }] });
  });

  it('fails a send to a number that is not on WhatsApp with 131026', async () => {
    const number = await registerNumber(emulator, sink, { notOnWhatsApp: ['+44 7000 000001'], statusDelaysMs: { sent: 1, delivered: 2, read: 3 } });
    const wamid = await send(number, '447000000001');
    await waitFor(() => statusesOf(wamid).length === 1, 5000);
    expect(statusesOf(wamid)[0]).toMatchObject({ status: 'failed', recipient_id: '447000000001', errors: [{ code: 131026, title: 'Message undeliverable' }] });
  });

  it('sends only `sent` for a reaction, and leaves out `conversation` from v24.0', async () => {
    const number = await registerNumber(emulator, sink, { statusDelaysMs: { sent: 1, delivered: 2, read: 3 } });
    const customer = newCustomer();
    const received = await inbound(number, customer);
    const reaction = await send(number, customer, { type: 'reaction', reaction: { message_id: received, emoji: '❤️' } });
    const modern = await send(number, customer, { type: 'text', text: { body: 'x' } }, 'v24.0');
    await waitFor(() => statusesOf(modern).length === 3, 5000);
    await webhooksSettled(emulator);
    expect(statusesOf(reaction).map((status) => status.status)).toEqual(['sent']);
    expect(statusesOf(modern).every((status) => status.conversation === undefined)).toBe(true);
    expect(statusesOf(modern)[0].pricing).toEqual({ billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' });
  });

  it('delivers an inbound message in Meta’s shape, non-ASCII escaped, signed over those bytes', async () => {
    const number = await registerNumber(emulator, sink);
    const customer = newCustomer();
    const id = await inbound(number, `+${customer}`, { type: 'text', text: { body: 'Olá! café 😀' }, profileName: 'Zoë', context: { forwarded: true } });
    await waitFor(() => sink.received.some((hook) => hook.text.includes(id)), 5000);
    const hook = sink.received.find((candidate) => candidate.text.includes(id)) as Json;
    expect(hook.text).toContain('Ol\\u00e1! caf\\u00e9 \\ud83d\\ude00');
    expect(hook.text).toContain('"name":"Zo\\u00eb"');
    expect([...hook.text].every((char: string) => char.charCodeAt(0) < 0x80)).toBe(true);
    expect(hook.headers['x-hub-signature-256']).toBe(expectedSignature(number.appSecret, hook.body));
    expect(hook.json).toEqual({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: number.wabaId,
          changes: [
            {
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550783881', phone_number_id: number.phoneNumberId },
                contacts: [{ profile: { name: 'Zoë' }, wa_id: customer }],
                messages: [
                  {
                    from: customer,
                    id,
                    timestamp: expect.stringMatching(/^\d{10}$/),
                    type: 'text',
                    context: { forwarded: true },
                    text: { body: 'Olá! café 😀' },
                  },
                ],
              },
              field: 'messages',
            },
          ],
        },
      ],
    });
  });

  it.each<[string, Json]>([
    ['image', { image: { id: '1234', mime_type: 'image/jpeg', sha256: 'abc', caption: 'look' } }],
    ['audio', { audio: { id: '1234', mime_type: 'audio/ogg; codecs=opus', voice: true } }],
    ['video', { video: { id: '1234', mime_type: 'video/mp4' } }],
    ['document', { document: { id: '1234', mime_type: 'application/pdf', filename: 'invoice.pdf' } }],
    ['sticker', { sticker: { id: '1234', mime_type: 'image/webp', animated: false } }],
    ['location', { location: { latitude: 37.44, longitude: -122.16, name: 'Philz' } }],
    ['contacts', { contacts: [{ name: { formatted_name: 'Jane' }, phones: [{ phone: '+1555', wa_id: '1555', type: 'CELL' }] }] }],
    ['reaction', { reaction: { message_id: 'wamid.ours', emoji: '👍' } }],
    ['order', { order: { catalog_id: 'c1', product_items: [{ product_retailer_id: 'SKU-1', quantity: 2, item_price: 7.99, currency: 'USD' }] } }],
    ['interactive', { interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', response_json: '{}', body: 'Sent' } } }],
    ['button', { button: { payload: 'STOP', text: 'Stop' } }],
    ['request_welcome', {}],
  ])('delivers an inbound %s with its type object as given and contacts[]', async (type, object) => {
    const number = await registerNumber(emulator, sink);
    const customer = newCustomer();
    const id = await inbound(number, customer, { type, ...object });
    await waitFor(() => sink.items('messages').some((item) => item.id === id), 5000);
    const value = sink.received.find((hook) => hook.text.includes(id))?.json.entry[0].changes[0].value;
    expect(value.contacts).toEqual([{ profile: { name: expect.any(String) }, wa_id: customer }]);
    expect(value.messages).toEqual([{ from: customer, id, timestamp: expect.any(String), type, ...object }]);
  });

  it('delivers a system message without contacts[], and an unsupported one with its 131051 error', async () => {
    const number = await registerNumber(emulator, sink);
    const system = await inbound(number, newCustomer(), {
      type: 'system',
      system: { body: 'User changed number', wa_id: '12195555358', type: 'user_changed_number' },
    });
    const unsupported = await inbound(number, newCustomer(), { type: 'unsupported', unsupported: { type: 'edit' } });
    await waitFor(() => sink.items('messages').filter((item) => item.id === system || item.id === unsupported).length === 2, 5000);
    const systemValue = sink.received.find((hook) => hook.text.includes(system))?.json.entry[0].changes[0].value;
    expect(systemValue.contacts).toBeUndefined();
    expect(sink.items('messages').find((item) => item.id === unsupported).errors).toEqual([
      { code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } },
    ]);
  });

  it('retries with backoff while the endpoint does not answer 200, resending identical bytes', async () => {
    const number = await registerNumber(emulator, sink);
    await emulator.request('POST', '/_emulator/faults', { webhook: { retryBaseMs: 10 } });
    sink.failNext(3);
    const id = await inbound(number, newCustomer());
    await waitFor(() => sink.received.some((hook) => hook.text.includes(id)), 10_000, 'delivery after three 500s');
    const attempts = sink.attempts.filter((attempt) => attempt.text.includes(id));
    expect(attempts.map((attempt) => attempt.answered)).toEqual([500, 500, 500, 200]);
    expect(new Set(attempts.map((attempt) => attempt.body.toString('base64'))).size).toBe(1);
    expect(new Set(attempts.map((attempt) => attempt.headers['x-hub-signature-256'])).size).toBe(1);
    const stats = await emulator.request('GET', '/_emulator/stats');
    expect(stats.json.webhooks.retries).toBeGreaterThanOrEqual(3);
  });

  it('gives up after the last attempt and counts the failure', async () => {
    const number = await registerNumber(emulator, sink);
    await emulator.request('POST', '/_emulator/faults', { webhook: { retryBaseMs: 1, maxAttempts: 2 } });
    const before = (await emulator.request('GET', '/_emulator/stats')).json.webhooks.failed;
    sink.failNext(2);
    const id = await inbound(number, newCustomer());
    await webhooksSettled(emulator);
    expect(sink.attempts.filter((attempt) => attempt.text.includes(id)).map((attempt) => attempt.answered)).toEqual([500, 500]);
    expect((await emulator.request('GET', '/_emulator/stats')).json.webhooks.failed).toBe(before + 1);
  });

  describe('duplicates and reordering on demand', () => {
    it('replays the same inbound several times and out of order', async () => {
      const number = await registerNumber(emulator, sink);
      await emulator.request('POST', '/_emulator/faults', { seed: 42, webhook: { reorder: true, reorderWindowMs: 500 } });
      const customer = newCustomer();
      const ids = ['wamid.REPLAY1', 'wamid.REPLAY2', 'wamid.REPLAY3', 'wamid.REPLAY4'];
      // The first message is replayed twice more by id, the second asked for two extra identical deliveries.
      await inbound(number, customer, { id: ids[0], type: 'text', text: { body: 'one' }, timestamp: 1_750_000_000 });
      await inbound(number, customer, { id: ids[1], type: 'text', text: { body: 'two' }, duplicate: 2 });
      await inbound(number, customer, { id: ids[2], type: 'text', text: { body: 'three' } });
      await inbound(number, customer, { id: ids[0], type: 'text', text: { body: 'one' }, timestamp: 1_750_000_000 });
      await inbound(number, customer, { id: ids[3], type: 'text', text: { body: 'four' } });
      await inbound(number, customer, { id: ids[0], type: 'text', text: { body: 'one' }, timestamp: 1_750_000_000 });
      await waitFor(() => sink.items('messages').filter((item) => ids.includes(item.id)).length === 8, 10_000, 'eight deliveries');

      const hooks = sink.received.filter((hook) => ids.some((id) => hook.text.includes(id)));
      const order = hooks.map((hook) => hook.json.entry[0].changes[0].value.messages[0].id);
      expect(order.filter((id) => id === ids[0])).toHaveLength(3);
      expect(order.filter((id) => id === ids[1])).toHaveLength(3);
      // Duplicates are the same bytes, signed the same: a receiver can only dedupe by wamid.
      for (const id of [ids[0], ids[1]]) {
        const copies = hooks.filter((hook) => hook.text.includes(id));
        expect(new Set(copies.map((hook) => hook.text)).size).toBe(1);
        expect(copies[0].headers['x-hub-signature-256']).toBe(expectedSignature(number.appSecret, copies[0].body));
      }
      const sentOrder = [ids[0], ids[1], ids[1], ids[1], ids[2], ids[0], ids[3], ids[0]];
      expect(order).not.toEqual(sentOrder);
      expect([...order].sort()).toEqual([...sentOrder].sort());
    });

    it('duplicates every delivery at duplicateRate 1, and the same seed gives the same order', async () => {
      const number = await registerNumber(emulator, sink);
      const run = async (seed: number, prefix: string) => {
        await emulator.request('POST', '/_emulator/faults', { seed, webhook: { duplicateRate: 1, reorder: true, reorderWindowMs: 500 } });
        const ids = [1, 2, 3, 4, 5].map((n) => `wamid.${prefix}${n}`);
        for (const id of ids) await inbound(number, '447700900123', { id, type: 'text', text: { body: id } });
        await waitFor(() => sink.items('messages').filter((item) => ids.includes(item.id)).length === 10, 10_000);
        return sink
          .items('messages')
          .filter((item) => ids.includes(item.id))
          .map((item) => ids.indexOf(item.id));
      };
      const first = await run(7, 'SEEDA');
      const second = await run(7, 'SEEDB');
      expect(first).toEqual(second);
      expect(first.filter((index) => index === 0)).toHaveLength(2);
      expect(first).not.toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    });
  });

  it('batches several changes in one signed POST when asked', async () => {
    const number = await registerNumber(emulator, sink);
    await emulator.request('POST', '/_emulator/faults', { webhook: { batchSize: 3, batchWindowMs: 100 } });
    const customer = newCustomer();
    const ids = [await inbound(number, customer), await inbound(number, customer), await inbound(number, customer)];
    await waitFor(() => sink.received.some((hook) => ids.every((id) => hook.text.includes(id))), 5000, 'one batched POST');
    const hook = sink.received.find((candidate) => ids.every((id) => candidate.text.includes(id))) as Json;
    expect(hook.json.entry).toHaveLength(1);
    expect(hook.json.entry[0].changes.map((change: Json) => change.value.messages[0].id)).toEqual(ids);
    expect(hook.headers['x-hub-signature-256']).toBe(expectedSignature(number.appSecret, hook.body));
  });

  it('sends message_template_status_update when a template changes status', async () => {
    const number = await registerNumber(emulator, sink);
    const added = await emulator.request('POST', '/_emulator/templates', {
      wabaId: number.wabaId,
      templates: [{ name: 'promo', language: 'en_US', category: 'MARKETING', components: [{ type: 'BODY', text: 'Sale' }] }],
    });
    const templateId = added.json.data[0].id;
    const changed = await emulator.request('POST', '/_emulator/templates/status', {
      wabaId: number.wabaId,
      name: 'promo',
      language: 'en_US',
      status: 'PAUSED',
      reason: 'NONE',
    });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ id: templateId, status: 'PAUSED' });
    await waitFor(
      () => sink.received.some((hook) => hook.json.entry[0].changes[0].field === 'message_template_status_update' && hook.text.includes('"promo"')),
      5000,
    );
    const hook = sink.received.find((candidate) => candidate.text.includes('"promo"')) as Json;
    expect(hook.headers['x-hub-signature-256']).toBe(expectedSignature(number.appSecret, hook.body));
    expect(hook.json).toEqual({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: number.wabaId,
          time: expect.any(Number),
          changes: [
            {
              value: {
                event: 'PAUSED',
                message_template_id: Number(templateId),
                message_template_name: 'promo',
                message_template_language: 'en_US',
                reason: 'NONE',
                message_template_category: 'MARKETING',
              },
              field: 'message_template_status_update',
            },
          ],
        },
      ],
    });
  });
});
