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

const CUSTOMER = '5511987654321';

describe('POST /_emulator/click: a user taps what we sent', () => {
  let emulator: Emulator;
  let sink: WebhookSink;

  beforeAll(async () => {
    emulator = await startEmulator();
    sink = await startWebhookSink();
  });

  afterAll(async () => {
    await webhooksSettled(emulator);
    await emulator.close();
    await sink.close();
  });

  const send = (number: NumberFixture, body: Json) =>
    emulator.request('POST', `/v21.0/${number.phoneNumberId}/messages`, { messaging_product: 'whatsapp', to: CUSTOMER, ...body }, bearer(number.accessToken));
  const openWindow = (number: NumberFixture) =>
    emulator.request('POST', '/_emulator/inbound', { phoneNumberId: number.phoneNumberId, from: CUSTOMER, type: 'text', text: { body: 'hi' } });

  let number: NumberFixture;
  const click = (body: Json) => emulator.request('POST', '/_emulator/click', { phoneNumberId: number.phoneNumberId, from: CUSTOMER, ...body });
  const tapOf = (id: string) => sink.items('messages').find((item) => item.id === id);

  beforeAll(async () => {
    number = await registerNumber(emulator, sink, { displayPhoneNumber: '+1 555-078-3881' });
    await openWindow(number);
    await emulator.request('POST', '/_emulator/templates', {
      wabaId: number.wabaId,
      templates: [
        {
          name: 'approval',
          language: 'en',
          category: 'UTILITY',
          components: [
            { type: 'BODY', text: 'Approve order?' },
            {
              type: 'BUTTONS',
              buttons: [
                { type: 'QUICK_REPLY', text: 'Approve' },
                { type: 'QUICK_REPLY', text: 'Reject' },
              ],
            },
          ],
        },
      ],
    });
  });

  it('turns a tap on a reply button into a button_reply whose context.id is our message', async () => {
    const sent = await send(number, {
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Shall we?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'yes-1', title: 'Yes' } },
            { type: 'reply', reply: { id: 'no-1', title: 'No' } },
          ],
        },
      },
    });
    const messageId = sent.json.messages[0].id;
    const tapped = await click({ messageId, buttonId: 'yes-1' });
    expect(tapped.status).toBe(201);
    expect(tapped.json).toEqual({ id: expect.stringMatching(/^wamid\./) });
    await waitFor(() => tapOf(tapped.json.id), 5000);
    const hook = sink.received.find((candidate) => candidate.text.includes(tapped.json.id)) as Json;
    expect(hook.headers['x-hub-signature-256']).toBe(expectedSignature(number.appSecret, hook.body));
    expect(hook.json.entry[0].changes[0].value).toEqual({
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550783881', phone_number_id: number.phoneNumberId },
      contacts: [{ profile: { name: expect.any(String) }, wa_id: CUSTOMER }],
      messages: [
        {
          from: CUSTOMER,
          id: tapped.json.id,
          timestamp: expect.any(String),
          type: 'interactive',
          context: { from: '15550783881', id: messageId },
          interactive: { type: 'button_reply', button_reply: { id: 'yes-1', title: 'Yes' } },
        },
      ],
    });
  });

  it('turns a tap on a list row into a list_reply with its description', async () => {
    const sent = await send(number, {
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: 'Ship how?' },
        action: { button: 'Options', sections: [{ title: 'Fast', rows: [{ id: 'express', title: 'Express', description: 'Next day' }] }] },
      },
    });
    const tapped = await click({ messageId: sent.json.messages[0].id, buttonId: 'express' });
    await waitFor(() => tapOf(tapped.json.id), 5000);
    expect(tapOf(tapped.json.id).interactive).toEqual({ type: 'list_reply', list_reply: { id: 'express', title: 'Express', description: 'Next day' } });
  });

  it('turns a tap on a template quick reply into `button`: the payload we sent, else the label', async () => {
    const sent = await send(number, {
      type: 'template',
      template: {
        name: 'approval',
        language: { code: 'en' },
        components: [{ type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'APPROVE:42' }] }],
      },
    });
    const messageId = sent.json.messages[0].id;
    const approve = await click({ messageId, buttonId: 'APPROVE:42' });
    const reject = await click({ messageId, buttonId: 'Reject' });
    await waitFor(() => tapOf(approve.json.id) && tapOf(reject.json.id), 5000);
    expect(tapOf(approve.json.id)).toMatchObject({
      type: 'button',
      context: { from: '15550783881', id: messageId },
      button: { payload: 'APPROVE:42', text: 'Approve' },
    });
    expect(tapOf(reject.json.id)).toMatchObject({ type: 'button', button: { payload: 'Reject', text: 'Reject' } });
  });

  it('delivers the same signed body twice with duplicate: true', async () => {
    const sent = await send(number, {
      type: 'interactive',
      interactive: { type: 'button', body: { text: 'Again?' }, action: { buttons: [{ type: 'reply', reply: { id: 'again', title: 'Again' } }] } },
    });
    const tapped = await click({ messageId: sent.json.messages[0].id, buttonId: 'again', duplicate: true });
    await waitFor(() => sink.received.filter((hook) => hook.text.includes(tapped.json.id)).length === 2, 5000);
    const copies = sink.received.filter((hook) => hook.text.includes(tapped.json.id));
    expect(copies[0].text).toBe(copies[1].text);
    expect(copies[0].headers['x-hub-signature-256']).toBe(copies[1].headers['x-hub-signature-256']);
  });

  it.each<[string, () => Promise<Json>, number, Json]>([
    [
      'an unknown message',
      () => click({ messageId: 'wamid.UNKNOWN', buttonId: 'x' }),
      404,
      { code: 'unknown_message', message: expect.stringContaining('wamid.UNKNOWN') },
    ],
    [
      'an unknown button',
      async () =>
        click({
          messageId: (
            await send(number, {
              type: 'interactive',
              interactive: { type: 'button', body: { text: 'q' }, action: { buttons: [{ type: 'reply', reply: { id: 'only', title: 'Only' } }] } },
            })
          ).json.messages[0].id,
          buttonId: 'other',
        }),
      404,
      { code: 'unknown_button', message: expect.stringContaining("no button or row 'other'"), details: { available: ['only'] } },
    ],
    [
      'a message without buttons',
      async () => click({ messageId: (await send(number, { text: { body: 'plain' } })).json.messages[0].id, buttonId: 'x' }),
      422,
      { code: 'not_tappable', message: expect.stringContaining('has no reply buttons') },
    ],
    [
      'a user the message was not sent to',
      async () =>
        emulator.request('POST', '/_emulator/click', {
          phoneNumberId: number.phoneNumberId,
          from: '447700900999',
          messageId: (
            await send(number, {
              type: 'interactive',
              interactive: { type: 'button', body: { text: 'q' }, action: { buttons: [{ type: 'reply', reply: { id: 'b', title: 'B' } }] } },
            })
          ).json.messages[0].id,
          buttonId: 'b',
        }),
      409,
      { code: 'wrong_recipient', message: expect.stringContaining(`was sent to ${CUSTOMER}`) },
    ],
  ])('refuses a tap on %s', async (_name, call, status, error) => {
    const response = await call();
    expect(response.status).toBe(status);
    expect(response.json).toEqual({ error });
  });
});
