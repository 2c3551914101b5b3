import { bearer, Emulator, Json, metaError, numberFixture, startEmulator, startWebhookSink, WebhookSink } from './emulator-harness';

const CUSTOMER = '2348031234567';

describe('POST /:version/:phoneNumberId/messages', () => {
  let emulator: Emulator;
  let sink: WebhookSink;
  // Created now (the tables below name its ids); the webhook URL is set once the sink listens.
  const number = numberFixture('', { throughputMps: 1000, statusDelaysMs: { sent: 1, delivered: 2, read: 3 } });
  const other = numberFixture('');

  const send = (body: unknown, options: { token?: string; id?: string; version?: string } = {}) =>
    emulator.request(
      'POST',
      `/${options.version ?? 'v21.0'}/${options.id ?? number.phoneNumberId}/messages`,
      body,
      bearer(options.token ?? number.accessToken),
    );
  const message = (type: string, object: unknown, extra: Record<string, unknown> = {}) => ({
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: `+${CUSTOMER}`,
    type,
    [type]: object,
    ...extra,
  });
  const accepted = (id: string, input = `+${CUSTOMER}`) => ({
    messaging_product: 'whatsapp',
    contacts: [{ input, wa_id: input.replace(/\D/g, '') }],
    messages: [{ id }],
  });

  beforeAll(async () => {
    emulator = await startEmulator();
    sink = await startWebhookSink();
    number.webhookUrl = sink.url;
    other.webhookUrl = sink.url;
    expect((await emulator.request('POST', '/_emulator/phone-numbers', number)).status).toBe(201);
    expect((await emulator.request('POST', '/_emulator/phone-numbers', other)).status).toBe(201);
    await emulator.request('POST', '/_emulator/inbound', { phoneNumberId: number.phoneNumberId, from: CUSTOMER, type: 'text', text: { body: 'hi' } });
    const templates = await emulator.request('POST', '/_emulator/templates', {
      wabaId: number.wabaId,
      templates: [
        {
          name: 'order_update',
          language: 'en_US',
          category: 'UTILITY',
          components: [
            { type: 'HEADER', format: 'IMAGE' },
            { type: 'BODY', text: 'Order {{1}} costs {{2}} and ships {{3}}.' },
            {
              type: 'BUTTONS',
              buttons: [
                { type: 'QUICK_REPLY', text: 'Approve' },
                { type: 'URL', text: 'Track', url: 'https://example.com/t/{{1}}' },
              ],
            },
          ],
        },
        { name: 'paused_one', language: 'en_US', category: 'MARKETING', status: 'PAUSED', components: [{ type: 'BODY', text: 'Hi' }] },
        { name: 'disabled_one', language: 'en_US', category: 'MARKETING', status: 'DISABLED', components: [{ type: 'BODY', text: 'Hi' }] },
        { name: 'pending_one', language: 'en_US', category: 'MARKETING', status: 'PENDING', components: [{ type: 'BODY', text: 'Hi' }] },
      ],
    });
    expect(templates.status).toBe(201);
  });

  afterAll(async () => {
    await emulator.close();
    await sink.close();
  });

  describe('accepts every message type we send, answering as Meta does', () => {
    const wamid = expect.stringMatching(/^wamid\.[A-Za-z0-9+/=]+$/);
    it.each<[string, Json]>([
      ['text with preview_url', message('text', { body: 'see https://example.com', preview_url: true })],
      ['image by id', message('image', { id: '1479537139650973', caption: 'photo' })],
      ['image by link', message('image', { link: 'https://example.com/a.png' })],
      ['video by link', message('video', { link: 'https://example.com/a.mp4', caption: 'clip' })],
      ['audio by link', message('audio', { link: 'https://example.com/a.ogg' })],
      ['document by link', message('document', { link: 'https://example.com/a.pdf', filename: 'a.pdf' })],
      ['sticker by link', message('sticker', { link: 'https://example.com/a.webp' })],
      ['location', message('location', { latitude: '37.44216251868683', longitude: '-122.16153582049394', name: 'Philz Coffee', address: '101 Forest Ave' })],
      [
        'contacts',
        {
          messaging_product: 'whatsapp',
          to: `+${CUSTOMER}`,
          type: 'contacts',
          contacts: [{ name: { formatted_name: 'Jane Doe' }, phones: [{ phone: '+16505551234', type: 'CELL' }] }],
        },
      ],
      [
        'reply buttons',
        message('interactive', { type: 'button', body: { text: 'Shall we?' }, action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }] } }),
      ],
      [
        'a list',
        message('interactive', {
          type: 'list',
          body: { text: 'Pick' },
          action: { button: 'Options', sections: [{ title: 'S', rows: [{ id: 'r1', title: 'Row' }] }] },
        }),
      ],
      [
        'a CTA URL',
        message('interactive', {
          type: 'cta_url',
          body: { text: 'Go' },
          action: { name: 'cta_url', parameters: { display_text: 'See Dates', url: 'https://example.com' } },
        }),
      ],
      ['a quoted reply', message('text', { body: 'quoting' }, { context: { message_id: 'wamid.ABC' } })],
    ])('%s', async (_name, body) => {
      const response = await send(body);
      expect(response.status).toBe(200);
      expect(response.json).toEqual(accepted(wamid));
    });

    it('a template with header, body and button parameters, with message_status accepted', async () => {
      const response = await send(
        message('template', {
          name: 'order_update',
          language: { code: 'en_US', policy: 'deterministic' },
          components: [
            { type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/h.png' } }] },
            {
              type: 'body',
              parameters: [
                { type: 'text', text: '#42' },
                { type: 'currency', currency: { fallback_value: '$100.99', code: 'USD', amount_1000: 100990 } },
                { type: 'date_time', date_time: { fallback_value: 'February 25, 1977' } },
              ],
            },
            { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'APPROVE:42' }] },
            { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: '42' }] },
          ],
        }),
      );
      expect(response.status).toBe(200);
      expect(response.json).toEqual({
        messaging_product: 'whatsapp',
        contacts: [{ input: `+${CUSTOMER}`, wa_id: CUSTOMER }],
        messages: [{ id: wamid, message_status: 'accepted' }],
      });
    });

    it('a reaction to a message the user sent', async () => {
      const inbound = await emulator.request('POST', '/_emulator/inbound', {
        phoneNumberId: number.phoneNumberId,
        from: CUSTOMER,
        type: 'text',
        text: { body: 'react to me' },
      });
      const response = await send(message('reaction', { message_id: inbound.json.id, emoji: '👍' }));
      expect(response.json).toEqual(accepted(wamid));
    });

    it('echoes `to` exactly as sent and answers digits as wa_id', async () => {
      const response = await send({ ...message('text', { body: 'x' }), to: '+234 (803) 123-4567' });
      expect(response.json.contacts).toEqual([{ input: '+234 (803) 123-4567', wa_id: CUSTOMER }]);
    });

    it('gives every accepted message its own wamid', async () => {
      const ids = await Promise.all(Array.from({ length: 20 }, async () => (await send(message('text', { body: 'x' }))).json.messages[0].id));
      expect(new Set(ids).size).toBe(20);
    });

    it('reads JSON declared with a charset', async () => {
      const response = await emulator.request('POST', `/v21.0/${number.phoneNumberId}/messages`, JSON.stringify(message('text', { body: 'x' })), {
        ...bearer(number.accessToken),
        'content-type': 'application/json; charset=utf-8',
      });
      expect(response.status).toBe(200);
    });

    it('accepts any v<major>.<minor> version', async () => {
      for (const version of ['v19.0', 'v23.0', 'v99.9']) expect((await send(message('text', { body: 'x' }), { version })).status).toBe(200);
    });

    it.each([
      ['mark as read', { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.RECEIVED' }],
      ['typing indicator', { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.RECEIVED', typing_indicator: { type: 'text' } }],
    ])('%s answers {"success":true}', async (_name, body) => {
      const response = await send(body);
      expect(response.status).toBe(200);
      expect(response.json).toEqual({ success: true });
    });
  });

  describe('refuses as Meta refuses, in its exact envelope', () => {
    it.each<[string, () => Promise<{ status: number; json: Json }>, number, Json]>([
      [
        'no token',
        () => emulator.request('POST', `/v21.0/${number.phoneNumberId}/messages`, message('text', { body: 'x' })),
        401,
        metaError({ code: 190, message: '(#190) Invalid OAuth access token - Cannot parse access token' }),
      ],
      [
        'an unknown token',
        () => send(message('text', { body: 'x' }), { token: 'garbage' }),
        401,
        metaError({ code: 190, message: '(#190) Invalid OAuth access token - Cannot parse access token' }),
      ],
      [
        'an unknown number',
        () => send(message('text', { body: 'x' }), { id: '999999999' }),
        400,
        metaError({
          code: 100,
          type: 'GraphMethodException',
          subcode: 33,
          message:
            "Unsupported post request. Object with ID '999999999' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
        }),
      ],
      [
        "another number's token",
        () => send(message('text', { body: 'x' }), { token: other.accessToken }),
        400,
        metaError({
          code: 100,
          type: 'GraphMethodException',
          subcode: 33,
          message: expect.stringContaining(`Object with ID '${number.phoneNumberId}' does not exist`),
        }),
      ],
      [
        'a missing messaging_product',
        () => send({ to: CUSTOMER, type: 'text', text: { body: 'x' } }),
        400,
        metaError({ code: 100, message: '(#100) The parameter messaging_product is required.', details: 'The parameter messaging_product is required.' }),
      ],
      [
        'a wrong type',
        () => send(message('text', { body: 42 })),
        400,
        metaError({ code: 100, message: '(#100) Invalid parameter', details: "Param text['body'] must be a string." }),
      ],
      [
        'a body that is not JSON',
        () => send('{"messaging_product": "whatsapp",'),
        400,
        metaError({ code: 100, message: '(#100) Invalid parameter', details: expect.stringContaining('The request body is not valid JSON') }),
      ],
      [
        'four reply buttons',
        () =>
          send(
            message('interactive', {
              type: 'button',
              body: { text: 'x' },
              action: { buttons: ['a', 'b', 'c', 'd'].map((id) => ({ type: 'reply', reply: { id, title: id } })) },
            }),
          ),
        400,
        metaError({
          code: 131009,
          message: '(#131009) Parameter value is not valid',
          details: 'Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: 3, received: 4.',
        }),
      ],
      [
        'a button title over 20 characters',
        () =>
          send(
            message('interactive', {
              type: 'button',
              body: { text: 'x' },
              action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'This title is far too long' } }] },
            }),
          ),
        400,
        metaError({ code: 131009, message: '(#131009) Parameter value is not valid', details: 'Button title length invalid. Min length: 1, Max length: 20' }),
      ],
      [
        'more than ten list rows',
        () =>
          send(
            message('interactive', {
              type: 'list',
              body: { text: 'x' },
              action: { button: 'Pick', sections: [{ title: 'S', rows: Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` })) }] },
            }),
          ),
        400,
        metaError({ code: 131009, message: '(#131009) Parameter value is not valid', details: 'Total row count exceed max allowed count: 10, received: 11.' }),
      ],
      [
        'an unsupported type',
        () => send(message('hologram', {})),
        400,
        metaError({
          code: 131051,
          message: '(#131051) Unsupported message type',
          details: expect.stringContaining("Message type 'hologram' is not supported"),
        }),
      ],
      [
        'an invalid recipient',
        () => send({ ...message('text', { body: 'x' }), to: '12ab' }),
        400,
        metaError({ code: 131009, message: '(#131009) Parameter value is not valid', details: expect.stringContaining("'12ab' is not a valid phone number") }),
      ],
      [
        'a message to the business number itself',
        () => send({ ...message('text', { body: 'x' }), to: '+1 555 078 3881' }),
        400,
        metaError({ code: 131021, message: '(#131021) Recipient cannot be sender', details: 'Sender and recipient phone number is the same.' }),
      ],
      [
        'an unknown template',
        () => send(message('template', { name: 'nope', language: { code: 'en_US' } })),
        404,
        metaError({
          code: 132001,
          message: '(#132001) Template name does not exist in the translation',
          details: 'template name (nope) does not exist in en_US',
        }),
      ],
      [
        'a template in a language it does not exist in',
        () => send(message('template', { name: 'order_update', language: { code: 'pt_BR' } })),
        404,
        metaError({
          code: 132001,
          message: '(#132001) Template name does not exist in the translation',
          details: 'template name (order_update) does not exist in pt_BR',
        }),
      ],
      [
        'a template still pending review',
        () => send(message('template', { name: 'pending_one', language: { code: 'en_US' } })),
        404,
        metaError({
          code: 132001,
          message: '(#132001) Template name does not exist in the translation',
          details: 'template name (pending_one) does not exist in en_US',
        }),
      ],
      [
        'a paused template',
        () => send(message('template', { name: 'paused_one', language: { code: 'en_US' } })),
        400,
        metaError({
          code: 132015,
          message: '(#132015) Template is Paused',
          details: 'Template is paused due to low quality so it cannot be sent in a template message.',
        }),
      ],
      [
        'a disabled template',
        () => send(message('template', { name: 'disabled_one', language: { code: 'en_US' } })),
        400,
        metaError({
          code: 132016,
          message: '(#132016) Template is Disabled',
          details: 'Template has been paused too many times due to low quality and is now permanently disabled.',
        }),
      ],
      [
        'a parameter count mismatch',
        () =>
          send(
            message('template', {
              name: 'order_update',
              language: { code: 'en_US' },
              components: [
                { type: 'header', parameters: [{ type: 'image', image: { id: '1' } }] },
                { type: 'body', parameters: [{ type: 'text', text: '#42' }] },
              ],
            }),
          ),
        400,
        metaError({
          code: 132000,
          message: '(#132000) Number of parameters does not match the expected number of params',
          details: 'body: number of localizable_params (1) does not match the expected number of params (3)',
        }),
      ],
      [
        'a URL button without its parameter',
        () =>
          send(
            message('template', {
              name: 'order_update',
              language: { code: 'en_US' },
              components: [
                { type: 'header', parameters: [{ type: 'image', image: { id: '1' } }] },
                { type: 'body', parameters: ['a', 'b', 'c'].map((text) => ({ type: 'text', text })) },
              ],
            }),
          ),
        400,
        metaError({ code: 131008, message: '(#131008) Required parameter is missing', details: 'buttons: Button at index 1 of type Url requires a parameter' }),
      ],
      [
        'a version that is not v<major>.<minor>',
        () => send(message('text', { body: 'x' }), { version: 'latest' }),
        400,
        {
          error: {
            message: `Unknown path components: /latest/${number.phoneNumberId}/messages`,
            type: 'OAuthException',
            code: 2500,
            fbtrace_id: expect.any(String),
          },
        },
      ],
    ])('%s', async (_name, call, status, body) => {
      const response = await call();
      expect(response.status).toBe(status);
      expect(response.json).toEqual(body);
    });
  });

  it('records every request in the outbox with its verdict', async () => {
    const ok = await send(message('text', { body: 'outbox check' }));
    const bad = await send(message('text', { body: 'x'.repeat(4097) }));
    const outbox = await emulator.request('GET', `/_emulator/outbox?phoneNumberId=${number.phoneNumberId}`);
    const rows = outbox.json.data as Json[];
    expect(rows.find((row) => row.id === ok.json.messages[0].id)).toEqual({
      id: ok.json.messages[0].id,
      phoneNumberId: number.phoneNumberId,
      to: `+${CUSTOMER}`,
      receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      body: message('text', { body: 'outbox check' }),
      verdict: 'accepted',
    });
    expect(rows.at(-1)).toEqual({
      id: null,
      phoneNumberId: number.phoneNumberId,
      to: `+${CUSTOMER}`,
      receivedAt: expect.any(String),
      body: message('text', { body: 'x'.repeat(4097) }),
      verdict: bad.json,
    });
  });
});
