import fc from 'fast-check';
import { splitWebhookEnvelope, webhookTimestampToDate, type WebhookItem } from './webhook-envelope';

const WABA_A = '102290129340398';
const WABA_B = '998877665544332';
const NUMBER_A = '106540352242922';
const NUMBER_B = '106540352249999';

const metadata = (phoneNumberId: string) => ({ display_phone_number: '15550783881', phone_number_id: phoneNumberId });

/** One delivery holding two entries, several changes each, several items per change. */
const batch = {
  object: 'whatsapp_business_account',
  entry: [
    {
      id: WABA_A,
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: metadata(NUMBER_A),
            // Listed in the opposite order of the messages: matching is by wa_id, not position.
            contacts: [
              { profile: { name: 'Kerry Fisher' }, wa_id: '2348031234567' },
              { profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' },
            ],
            messages: [
              { from: '16505551234', id: 'wamid.in-1', timestamp: '1749416383', type: 'text', text: { body: 'Does it come in blue?' } },
              {
                from: '2348031234567',
                id: 'wamid.in-2',
                timestamp: '1749416390',
                type: 'interactive',
                context: { from: '15550783881', id: 'wamid.out-buttons' },
                interactive: { type: 'button_reply', button_reply: { id: 'cancel-button', title: 'Cancel' } },
              },
            ],
          },
        },
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: metadata(NUMBER_A),
            statuses: [
              {
                id: 'wamid.out-1',
                status: 'sent',
                timestamp: '1750030073',
                recipient_id: '16505551234',
                pricing: { pricing_model: 'PMP', type: 'regular', category: 'utility' },
              },
              { id: 'wamid.out-1', status: 'delivered', timestamp: '1750030074', recipient_id: '16505551234' },
              {
                id: 'wamid.out-2',
                status: 'failed',
                timestamp: '1750030075',
                recipient_id: '16505551234',
                errors: [{ code: 131047, title: 'Re-engagement message', error_data: { details: 'More than 24 hours have passed.' } }],
              },
            ],
          },
        },
      ],
    },
    {
      id: WABA_B,
      time: 1751247548,
      changes: [
        {
          field: 'message_template_status_update',
          value: {
            event: 'APPROVED',
            message_template_id: 1689556908129832,
            message_template_name: 'order_update',
            message_template_language: 'en-US',
            reason: 'NONE',
          },
        },
        { field: 'account_update', value: { event: 'PARTNER_ADDED' } },
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: metadata(NUMBER_B),
            errors: [
              { code: 130429, title: 'Rate limit hit' },
              { code: 131000, title: 'Something went wrong' },
            ],
          },
        },
      ],
    },
  ],
};

describe('splitWebhookEnvelope', () => {
  it('returns every message, status, error and update of a multi-entry, multi-change delivery, in order', () => {
    const { items, problems } = splitWebhookEnvelope(batch);
    expect(problems).toEqual([]);
    expect(items.map(summary)).toEqual([
      `message ${WABA_A} ${NUMBER_A} wamid.in-1 Sheena Nelson`,
      `message ${WABA_A} ${NUMBER_A} wamid.in-2 Kerry Fisher`,
      `status ${WABA_A} ${NUMBER_A} wamid.out-1 sent`,
      `status ${WABA_A} ${NUMBER_A} wamid.out-1 delivered`,
      `status ${WABA_A} ${NUMBER_A} wamid.out-2 failed`,
      `template_status ${WABA_B} order_update APPROVED`,
      `other ${WABA_B} account_update`,
      `error ${WABA_B} ${NUMBER_B} 130429`,
      `error ${WABA_B} ${NUMBER_B} 131000`,
    ]);
  });

  it('keeps the button reply id, the tapped message and the failure error so actions and help can use them', () => {
    const { items } = splitWebhookEnvelope(batch);
    const tap = items[1];
    expect(tap).toMatchObject({
      kind: 'message',
      displayPhoneNumber: '15550783881',
      message: {
        type: 'interactive',
        context: { id: 'wamid.out-buttons' },
        interactive: { type: 'button_reply', button_reply: { id: 'cancel-button', title: 'Cancel' } },
      },
    });
    expect(items[4]).toMatchObject({ kind: 'status', status: { errors: [{ code: 131047 }] } });
  });

  it('delivers statuses whose contacts have no profile (evolution-api #2573)', () => {
    const { items, problems } = splitWebhookEnvelope(
      envelope({
        contacts: [{ wa_id: '16505551234' }],
        statuses: [{ id: 'wamid.out-1', status: 'read', timestamp: '1750030080', recipient_id: '16505551234' }],
      }),
    );
    expect(problems).toEqual([]);
    expect(items).toEqual([
      {
        kind: 'status',
        wabaId: WABA_A,
        phoneNumberId: NUMBER_A,
        displayPhoneNumber: '15550783881',
        status: expect.objectContaining({ status: 'read' }),
      },
    ]);
  });

  it('delivers a message whose contact has no profile, with that contact', () => {
    const { items } = splitWebhookEnvelope(
      envelope({ contacts: [{ wa_id: '16505551234', user_id: 'US.123' }], messages: [textMessage('wamid.1', '16505551234')] }),
    );
    expect(items).toEqual([expect.objectContaining({ kind: 'message', contact: { wa_id: '16505551234', user_id: 'US.123' } })]);
  });

  it('gives a system message no contact, as Meta sends none', () => {
    const { items } = splitWebhookEnvelope(
      envelope({
        messages: [
          {
            from: '16505551234',
            id: 'wamid.sys',
            timestamp: '1',
            type: 'system',
            system: { body: 'User changed number', wa_id: '12195555358', type: 'user_changed_number' },
          },
        ],
      }),
    );
    expect(items).toEqual([
      expect.objectContaining({ kind: 'message', contact: null, message: expect.objectContaining({ type: 'system' }) }),
    ]);
  });

  it('keeps fields Meta adds later', () => {
    const { items } = splitWebhookEnvelope(
      envelope({ messages: [{ ...textMessage('wamid.1', '16505551234'), brand_new_field: { x: 1 } }] }),
    );
    expect(items[0]).toMatchObject({ kind: 'message', message: { brand_new_field: { x: 1 } } });
  });

  it.each([
    ['a type Meta added after this code', { type: 'hologram', hologram: { shape: 'cube' } }],
    ['an interactive reply subtype we do not know', { type: 'interactive', interactive: { type: 'poll_reply', poll_reply: {} } }],
    ['a media message carrying only errors (131052)', { type: 'image', errors: [{ code: 131052, title: 'Media download error' }] }],
    ['a button reply without its id', { type: 'interactive', interactive: { type: 'button_reply', button_reply: { title: 'Yes' } } }],
  ])('keeps %s as an unrecognized message to store, not a lost one', (_case, shape) => {
    const { items, problems } = splitWebhookEnvelope(
      envelope({ messages: [{ from: '16505551234', id: 'wamid.new', timestamp: '1', ...shape }] }),
    );
    expect(problems).toEqual([]);
    expect(items).toEqual([
      expect.objectContaining({ kind: 'unrecognized_message', message: expect.objectContaining({ id: 'wamid.new' }) }),
    ]);
  });

  it.each([
    'text',
    'image',
    'video',
    'audio',
    'document',
    'sticker',
    'location',
    'contacts',
    'interactive',
    'button',
    'reaction',
    'order',
    'system',
    'unsupported',
    'unknown',
    'request_welcome',
  ])("recognises an inbound %s message in Meta's shape", (type) => {
    const { items } = splitWebhookEnvelope(envelope({ messages: [inboundOfType(type)] }));
    expect(items).toEqual([expect.objectContaining({ kind: 'message', message: expect.objectContaining({ type }) })]);
  });

  it('reports a malformed message and still delivers its siblings', () => {
    const { items, problems } = splitWebhookEnvelope(
      envelope({
        messages: [textMessage('wamid.1', '1'), { type: 'text', text: { body: 'no id' } }, 'junk', textMessage('wamid.3', '3')],
        statuses: [{ status: 'read' }, { id: 'wamid.out', status: 'delivered' }],
      }),
    );
    expect(items.map(summary)).toEqual([
      `message ${WABA_A} ${NUMBER_A} wamid.1 -`,
      `message ${WABA_A} ${NUMBER_A} wamid.3 -`,
      `status ${WABA_A} ${NUMBER_A} wamid.out delivered`,
    ]);
    expect(problems).toEqual([
      { path: 'entry[0].changes[0].value.messages[1]', problem: 'The message needs an id, a sender (from) and a type.' },
      { path: 'entry[0].changes[0].value.messages[2]', problem: 'The message is not an object.' },
      { path: 'entry[0].changes[0].value.statuses[0]', problem: 'The status needs a message id and a status.' },
    ]);
  });

  it('reports messages it cannot route without metadata, but still passes on the errors', () => {
    const { items, problems } = splitWebhookEnvelope({
      object: 'whatsapp_business_account',
      entry: [
        { id: WABA_A, changes: [{ field: 'messages', value: { messages: [textMessage('wamid.1', '1')], errors: [{ code: 131000 }] } }] },
      ],
    });
    expect(items).toEqual([{ kind: 'error', wabaId: WABA_A, phoneNumberId: null, error: { code: 131000 } }]);
    expect(problems).toEqual([{ path: 'entry[0].changes[0].value.metadata', problem: expect.stringMatching(/phone_number_id/) }]);
  });

  it.each<[string, unknown, string]>([
    [
      'a template update without a name',
      { field: 'message_template_status_update', value: { event: 'APPROVED', message_template_id: 1 } },
      'entry[0].changes[0].value',
    ],
    ['a change without a field', { value: {} }, 'entry[0].changes[0]'],
    ['a messages change without a value', { field: 'messages' }, 'entry[0].changes[0].value'],
    [
      'statuses that are not a list',
      { field: 'messages', value: { metadata: metadata(NUMBER_A), statuses: { id: 'x' } } },
      'entry[0].changes[0].value.statuses',
    ],
    [
      'an error without a numeric code',
      { field: 'messages', value: { metadata: metadata(NUMBER_A), errors: [{ code: '131000' }] } },
      'entry[0].changes[0].value.errors[0]',
    ],
  ])('reports %s at its path', (_case, change, path) => {
    const { items, problems } = splitWebhookEnvelope({ object: 'whatsapp_business_account', entry: [{ id: WABA_A, changes: [change] }] });
    expect(items).toEqual([]);
    expect(problems).toEqual([{ path, problem: expect.stringMatching(/\.$/) }]);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'hello'],
    ['a number', 42],
    ['an array', [batch]],
    ['an empty object', {}],
    ["another product's webhook", { object: 'page', entry: [] }],
    ['an entry that is not a list', { object: 'whatsapp_business_account', entry: 'x' }],
    ['entries of the wrong kind', { entry: [null, 1, 'x', [], { changes: null }, { changes: [null, 1, { field: 1 }] }] }],
  ])('answers with problems, never an exception, for %s', (_case, body) => {
    const result = splitWebhookEnvelope(body);
    expect(result.items).toEqual([]);
    expect(result.problems.length).toBeGreaterThan(0);
  });

  it('never throws, whatever the body (fuzz)', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withSparseArray: true, withBoxedValues: true }), (body) => {
        const result = splitWebhookEnvelope(body);
        expect(Array.isArray(result.items) && Array.isArray(result.problems)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on near-valid deliveries with junk anywhere, and accounts for every item (fuzz)', () => {
    fc.assert(
      fc.property(nearValidDelivery(), (body) => {
        const { items, problems } = splitWebhookEnvelope(body);
        for (const item of items)
          expect(['message', 'unrecognized_message', 'status', 'error', 'template_status', 'other']).toContain(item.kind);
        for (const problem of problems) expect(problem.problem).toMatch(/\.$/);
      }),
      { numRuns: 1000 },
    );
  });

  it('emits exactly one item or one problem per message and per status listed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(textMessage('wamid.x', '1')), fc.anything())),
        fc.array(fc.anything()),
        (messages, statuses) => {
          const { items, problems } = splitWebhookEnvelope(envelope({ messages, statuses }));
          expect(items.length + problems.length).toBe(messages.length + statuses.length);
        },
      ),
    );
  });
});

describe('webhookTimestampToDate', () => {
  it.each<[unknown, string | null]>([
    ['1749416383', '2025-06-08T20:59:43.000Z'],
    [1751247548, '2025-06-30T01:39:08.000Z'],
    ['0', '1970-01-01T00:00:00.000Z'],
    ['', null],
    ['17494x16383', null],
    ['-5', null],
    [-5, null],
    [Number.NaN, null],
    [Number.MAX_VALUE, null],
    [null, null],
    [undefined, null],
  ])('reads Meta timestamp %p as %p', (value, iso) => {
    expect(webhookTimestampToDate(value)?.toISOString() ?? null).toBe(iso);
  });
});

function summary(item: WebhookItem): string {
  switch (item.kind) {
    case 'message':
    case 'unrecognized_message':
      return `${item.kind} ${item.wabaId} ${item.phoneNumberId} ${item.message.id} ${item.contact?.profile?.name ?? '-'}`;
    case 'status':
      return `status ${item.wabaId} ${item.phoneNumberId} ${item.status.id} ${item.status.status}`;
    case 'error':
      return `error ${item.wabaId} ${item.phoneNumberId} ${item.error.code}`;
    case 'template_status':
      return `template_status ${item.wabaId} ${item.update.message_template_name} ${item.update.event}`;
    case 'other':
      return `other ${item.wabaId} ${item.field}`;
  }
}

function envelope(value: Record<string, unknown>): unknown {
  return {
    object: 'whatsapp_business_account',
    entry: [
      { id: WABA_A, changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: metadata(NUMBER_A), ...value } }] },
    ],
  };
}

function textMessage(id: string, from: string): Record<string, unknown> {
  return { from, id, timestamp: '1749416383', type: 'text', text: { body: 'hi' } };
}

function inboundOfType(type: string): Record<string, unknown> {
  const media = { id: '1037543291543636', mime_type: 'image/jpeg', sha256: 'abc' };
  const payloads: Record<string, unknown> = {
    text: { body: 'hi' },
    image: media,
    video: media,
    audio: { ...media, voice: true },
    document: { ...media, filename: 'invoice.pdf' },
    sticker: { ...media, animated: false },
    location: { latitude: 37.44, longitude: -122.16, name: 'Philz Coffee' },
    contacts: [{ name: { formatted_name: 'Jane Doe' }, phones: [{ phone: '+16505551234', wa_id: '16505551234' }] }],
    interactive: { type: 'list_reply', list_reply: { id: 'express', title: 'Express' } },
    button: { payload: 'APPROVE:order-42', text: 'Approve' },
    reaction: { message_id: 'wamid.out', emoji: '👍' },
    order: { catalog_id: '1', product_items: [{ product_retailer_id: 'SKU-1', quantity: 2, item_price: 7.99, currency: 'USD' }] },
    system: { body: 'changed', type: 'user_changed_number' },
    unsupported: { type: 'edit' },
  };
  return { from: '16505551234', id: `wamid.${type}`, timestamp: '1', type, ...(type in payloads ? { [type]: payloads[type] } : {}) };
}

/** Deliveries in Meta's shape where any value may be replaced by junk. */
function nearValidDelivery(): fc.Arbitrary<unknown> {
  const junk = fc.anything({ maxDepth: 2 });
  const or = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
    fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: junk });
  const message = or(
    fc.record(
      {
        from: or(fc.constantFrom('16505551234', '2348031234567')),
        id: or(fc.string()),
        timestamp: or(fc.constant('1749416383')),
        type: or(fc.constantFrom('text', 'image', 'interactive', 'button', 'reaction', 'system', 'hologram')),
        text: or(fc.record({ body: or(fc.string()) })),
        image: or(fc.record({ id: or(fc.string()) })),
        interactive: or(
          fc.record({
            type: or(fc.constantFrom('button_reply', 'list_reply', 'nfm_reply')),
            button_reply: or(fc.record({ id: or(fc.string()) })),
          }),
        ),
        reaction: or(fc.record({ message_id: or(fc.string()) })),
      },
      { requiredKeys: [] },
    ),
  );
  const status = or(
    fc.record(
      {
        id: or(fc.string()),
        status: or(fc.constantFrom('sent', 'read', 'failed')),
        errors: or(fc.array(or(fc.record({ code: or(fc.integer()) })))),
      },
      { requiredKeys: [] },
    ),
  );
  const value = or(
    fc.record(
      {
        metadata: or(fc.record({ phone_number_id: or(fc.constant(NUMBER_A)) }, { requiredKeys: [] })),
        contacts: or(
          fc.array(or(fc.record({ wa_id: or(fc.string()), profile: or(fc.record({ name: or(fc.string()) })) }, { requiredKeys: [] }))),
        ),
        messages: or(fc.array(message, { maxLength: 4 })),
        statuses: or(fc.array(status, { maxLength: 4 })),
        errors: or(fc.array(or(fc.record({ code: or(fc.integer()) })), { maxLength: 2 })),
        event: or(fc.constantFrom('APPROVED', 'PAUSED')),
        message_template_id: or(fc.integer()),
        message_template_name: or(fc.string()),
      },
      { requiredKeys: [] },
    ),
  );
  const change = or(
    fc.record({ field: or(fc.constantFrom('messages', 'message_template_status_update', 'account_update')), value }, { requiredKeys: [] }),
  );
  const entry = or(fc.record({ id: or(fc.constant(WABA_A)), changes: or(fc.array(change, { maxLength: 3 })) }, { requiredKeys: [] }));
  return or(
    fc.record({ object: or(fc.constant('whatsapp_business_account')), entry: or(fc.array(entry, { maxLength: 3 })) }, { requiredKeys: [] }),
  );
}
