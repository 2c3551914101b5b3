import { MetaRejection } from '../errors/meta-rejection';
import { MALFORMED_JSON } from './malformed-json';
import { validateSendRequest } from './send-request.validator';

const base = { messaging_product: 'whatsapp', to: '+1 (650) 555-1234' };
const button = (id: string, title: string) => ({ type: 'reply', reply: { id, title } });
const buttons = (n: number) => Array.from({ length: n }, (_, i) => button(`b${i}`, `Button ${i}`));
const interactiveButtons = (action: unknown, extra: Record<string, unknown> = {}) => ({
  ...base,
  type: 'interactive',
  interactive: { type: 'button', body: { text: 'Pick one' }, action, ...extra },
});
const list = (sections: unknown, extra: Record<string, unknown> = {}) => ({
  ...base,
  type: 'interactive',
  interactive: { type: 'list', body: { text: 'Choose' }, action: { button: 'Options', sections }, ...extra },
});
const rows = (n: number, prefix = 'r') => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, title: `Row ${i}` }));

function rejectionOf(body: unknown): { code: number; message: string; details?: string } | undefined {
  try {
    validateSendRequest(body);
    return undefined;
  } catch (error) {
    if (!(error instanceof MetaRejection)) throw error;
    return { code: error.code, message: error.message, details: error.details };
  }
}

describe('validateSendRequest accepts what Meta accepts', () => {
  it.each([
    ['text with preview_url', { ...base, type: 'text', text: { body: 'see https://example.com', preview_url: true } }],
    ['text without type (Meta defaults to text)', { ...base, text: { body: 'hello' } }],
    ['text of exactly 4096 characters', { ...base, type: 'text', text: { body: 'x'.repeat(4096) } }],
    ['image by id with caption', { ...base, type: 'image', image: { id: '1479537139650973', caption: 'a photo' } }],
    ['video by link', { ...base, type: 'video', video: { link: 'https://example.com/clip.mp4' } }],
    ['audio by id', { ...base, type: 'audio', audio: { id: '123' } }],
    ['document with filename', { ...base, type: 'document', document: { id: '123', filename: 'invoice.pdf', caption: 'your invoice' } }],
    ['sticker by link', { ...base, type: 'sticker', sticker: { link: 'https://example.com/s.webp' } }],
    [
      'location with string coordinates',
      { ...base, type: 'location', location: { latitude: '37.44', longitude: '-122.16', name: 'Philz', address: '101 Forest Ave' } },
    ],
    ['location with number coordinates', { ...base, type: 'location', location: { latitude: 37.44, longitude: -122.16 } }],
    [
      'contacts',
      {
        ...base,
        type: 'contacts',
        contacts: [{ name: { formatted_name: 'Jane Doe', first_name: 'Jane' }, phones: [{ phone: '+16505551234', type: 'CELL' }] }],
      },
    ],
    ['reaction', { ...base, type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '😀' } }],
    ['reaction removal (empty emoji)', { ...base, type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '' } }],
    [
      'reply buttons: three with an emoji title of 20 characters',
      interactiveButtons({ buttons: [button('a', 'A'), button('b', 'B'), button('c', '😀'.repeat(20))] }),
    ],
    [
      'reply buttons with image header and footer',
      interactiveButtons({ buttons: buttons(1) }, { header: { type: 'image', image: { link: 'https://example.com/a.png' } }, footer: { text: 'f' } }),
    ],
    [
      'list with ten rows over two sections',
      list([
        { title: 'S1', rows: rows(5, 'a') },
        { title: 'S2', rows: rows(5, 'b') },
      ]),
    ],
    ['list with one untitled section', list([{ rows: [{ id: 'r', title: 'Row', description: 'd'.repeat(72) }] }])],
    [
      'cta_url',
      {
        ...base,
        type: 'interactive',
        interactive: {
          type: 'cta_url',
          body: { text: 'Go' },
          action: { name: 'cta_url', parameters: { display_text: 'See Dates', url: 'https://example.com' } },
        },
      },
    ],
    [
      'flow (accepted as given)',
      { ...base, type: 'interactive', interactive: { type: 'flow', body: { text: 'x' }, action: { name: 'flow', parameters: {} } } },
    ],
    [
      'a quoted reply with callback data',
      { ...base, type: 'text', text: { body: 'x' }, context: { message_id: 'wamid.Y' }, biz_opaque_callback_data: 'tracking-1' },
    ],
    [
      'a template with components',
      {
        ...base,
        type: 'template',
        template: {
          name: 't',
          language: { code: 'en_US', policy: 'deterministic' },
          components: [{ type: 'body', parameters: [{ type: 'text', text: 'x' }] }],
        },
      },
    ],
    [
      'a template with a numeric button index',
      {
        ...base,
        type: 'template',
        template: {
          name: 't',
          language: { code: 'en' },
          components: [{ type: 'button', sub_type: 'quick_reply', index: 0, parameters: [{ type: 'payload', payload: 'p' }] }],
        },
      },
    ],
  ])('%s', (_name, body) => {
    expect(rejectionOf(body)).toBeUndefined();
  });

  it('reads recipient digits, type, context and callback data', () => {
    expect(validateSendRequest({ ...base, type: 'text', text: { body: 'x' }, context: { message_id: 'wamid.Y' }, biz_opaque_callback_data: 'cb' })).toEqual({
      kind: 'message',
      to: '+1 (650) 555-1234',
      waId: '16505551234',
      type: 'text',
      content: { type: 'text' },
      contextMessageId: 'wamid.Y',
      bizOpaqueCallbackData: 'cb',
    });
  });

  it('keeps the reply buttons and list rows for later taps', () => {
    expect(validateSendRequest(interactiveButtons({ buttons: [button('yes', 'Yes')] }))).toMatchObject({
      content: { subtype: 'button', buttons: [{ id: 'yes', title: 'Yes' }] },
    });
    expect(validateSendRequest(list([{ rows: [{ id: 'r', title: 'Row', description: 'd' }] }]))).toMatchObject({
      content: { subtype: 'list', rows: [{ id: 'r', title: 'Row', description: 'd' }] },
    });
  });

  it.each([
    [
      'a read receipt',
      { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.Z' },
      { kind: 'read', messageId: 'wamid.Z', typingIndicator: false },
    ],
    [
      'a typing indicator',
      { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.Z', typing_indicator: { type: 'text' } },
      { kind: 'read', messageId: 'wamid.Z', typingIndicator: true },
    ],
  ])('understands %s', (_name, body, expected) => {
    expect(validateSendRequest(body)).toEqual(expected);
  });
});

describe('validateSendRequest refuses what Meta refuses', () => {
  it.each<[string, unknown, number, string]>([
    ['a body that is not an object', [], 100, 'The request body must be a JSON object.'],
    ['a body that was not JSON', { [MALFORMED_JSON]: 'Unexpected token' }, 100, 'The request body is not valid JSON: Unexpected token'],
    ['no messaging_product', { to: '16505551234', text: { body: 'x' } }, 100, 'The parameter messaging_product is required.'],
    [
      'another messaging_product',
      { ...base, messaging_product: 'sms', text: { body: 'x' } },
      131009,
      "Param messaging_product must be 'whatsapp', received 'sms'.",
    ],
    ['no to', { messaging_product: 'whatsapp', type: 'text', text: { body: 'x' } }, 100, 'The parameter to is required.'],
    ['to as a number', { ...base, to: 16505551234, text: { body: 'x' } }, 100, 'Param to must be a string.'],
    [
      'to with letters',
      { ...base, to: 'abc12345678', text: { body: 'x' } },
      131009,
      expect.stringContaining("'abc12345678' is not a valid phone number") as unknown as string,
    ],
    ['to with 7 digits', { ...base, to: '1234567', text: { body: 'x' } }, 131009, expect.stringContaining('8 to 15 digits') as unknown as string],
    ['to with 16 digits', { ...base, to: '1234567890123456', text: { body: 'x' } }, 131009, expect.stringContaining('8 to 15 digits') as unknown as string],
    [
      'group recipients',
      { ...base, recipient_type: 'group', text: { body: 'x' } },
      131009,
      expect.stringContaining("recipient_type must be 'individual'") as unknown as string,
    ],
    [
      'an unknown type',
      { ...base, type: 'hologram', hologram: {} },
      131051,
      expect.stringContaining("Message type 'hologram' is not supported") as unknown as string,
    ],
    ['type as a number', { ...base, type: 7 }, 100, 'Param type must be a string.'],
    ['a missing type object', { ...base, type: 'image' }, 100, 'The parameter image is required.'],
    ['a type object of the wrong kind', { ...base, type: 'text', text: 'hello' }, 100, 'Param text must be a JSON object.'],
    ['text without body', { ...base, type: 'text', text: {} }, 131008, "The parameter text['body'] is required."],
    ['text body as a number', { ...base, type: 'text', text: { body: 42 } }, 100, "Param text['body'] must be a string."],
    [
      'an empty text body',
      { ...base, type: 'text', text: { body: '' } },
      131009,
      "Param text['body'] length invalid. Min length: 1, Max length: 4096, received: 0.",
    ],
    [
      'a text body over 4096',
      { ...base, type: 'text', text: { body: 'x'.repeat(4097) } },
      131009,
      "Param text['body'] length invalid. Min length: 1, Max length: 4096, received: 4097.",
    ],
    ['preview_url as a string', { ...base, type: 'text', text: { body: 'x', preview_url: 'yes' } }, 100, "Param text['preview_url'] must be a boolean."],
    ['media without id or link', { ...base, type: 'image', image: { caption: 'c' } }, 131008, "The parameter image['id'] or image['link'] is required."],
    [
      'media with both id and link',
      { ...base, type: 'image', image: { id: '1', link: 'https://x.y/a.png' } },
      131009,
      'Param image must have either an id or a link, not both.',
    ],
    [
      'media with a link that is not http',
      { ...base, type: 'video', video: { link: 'ftp://x.y/a.mp4' } },
      131009,
      "Param video['link'] must be a valid http or https URL.",
    ],
    [
      'a caption over 1024',
      { ...base, type: 'image', image: { id: '1', caption: 'x'.repeat(1025) } },
      131009,
      expect.stringContaining("image['caption'] length invalid") as unknown as string,
    ],
    ['a location without latitude', { ...base, type: 'location', location: { longitude: 1 } }, 131008, "The parameter location['latitude'] is required."],
    [
      'a latitude out of range',
      { ...base, type: 'location', location: { latitude: 91, longitude: 1 } },
      131009,
      "Param location['latitude'] must be a number between -90 and 90.",
    ],
    ['contacts as an object', { ...base, type: 'contacts', contacts: { name: {} } }, 100, 'Param contacts must be an array.'],
    ['no contacts', { ...base, type: 'contacts', contacts: [] }, 131009, 'Param contacts must contain at least one contact.'],
    [
      'a contact without formatted_name',
      { ...base, type: 'contacts', contacts: [{ name: { first_name: 'J' } }] },
      131008,
      "The parameter contacts[0]['name']['formatted_name'] is required.",
    ],
    ['a reaction without message_id', { ...base, type: 'reaction', reaction: { emoji: '👍' } }, 131008, "The parameter reaction['message_id'] is required."],
    [
      'four reply buttons',
      interactiveButtons({ buttons: buttons(4) }),
      131009,
      'Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: 3, received: 4.',
    ],
    ['no reply buttons', interactiveButtons({ buttons: [] }), 131009, 'Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: 3, received: 0.'],
    [
      'a button title of 21 characters',
      interactiveButtons({ buttons: [button('a', 'x'.repeat(21))] }),
      131009,
      'Button title length invalid. Min length: 1, Max length: 20',
    ],
    ['an empty button title', interactiveButtons({ buttons: [button('a', '')] }), 131009, 'Button title length invalid. Min length: 1, Max length: 20'],
    [
      'a button id over 256',
      interactiveButtons({ buttons: [button('x'.repeat(257), 'A')] }),
      131009,
      expect.stringContaining("['reply']['id'] length invalid") as unknown as string,
    ],
    [
      'duplicate button ids',
      interactiveButtons({ buttons: [button('a', 'A'), button('a', 'B')] }),
      131009,
      expect.stringContaining("Duplicate button id: 'a'") as unknown as string,
    ],
    [
      'duplicate button titles',
      interactiveButtons({ buttons: [button('a', 'A'), button('b', 'A')] }),
      131009,
      expect.stringContaining("Duplicate button title: 'A'") as unknown as string,
    ],
    [
      'a button of another type',
      interactiveButtons({ buttons: [{ type: 'url', reply: { id: 'a', title: 'A' } }] }),
      131009,
      expect.stringContaining("must be 'reply'") as unknown as string,
    ],
    [
      'reply buttons without body',
      { ...base, type: 'interactive', interactive: { type: 'button', action: { buttons: buttons(1) } } },
      131008,
      "The parameter interactive['body'] is required.",
    ],
    [
      'a button body over 1024',
      interactiveButtons({ buttons: buttons(1) }, { body: { text: 'x'.repeat(1025) } }),
      131009,
      expect.stringContaining("interactive['body']['text'] length invalid") as unknown as string,
    ],
    [
      'a header text over 60',
      interactiveButtons({ buttons: buttons(1) }, { header: { type: 'text', text: 'x'.repeat(61) } }),
      131009,
      expect.stringContaining("interactive['header']['text'] length invalid") as unknown as string,
    ],
    [
      'a footer over 60',
      interactiveButtons({ buttons: buttons(1) }, { footer: { text: 'x'.repeat(61) } }),
      131009,
      expect.stringContaining("interactive['footer']['text'] length invalid") as unknown as string,
    ],
    [
      'an unknown interactive type',
      { ...base, type: 'interactive', interactive: { type: 'carousel3d' } },
      131009,
      expect.stringContaining("interactive['type'] must be one of") as unknown as string,
    ],
    [
      'eleven list rows',
      list([
        { title: 'S1', rows: rows(6, 'a') },
        { title: 'S2', rows: rows(5, 'b') },
      ]),
      131009,
      'Total row count exceed max allowed count: 10, received: 11.',
    ],
    [
      'eleven sections',
      list(Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, rows: rows(1, `s${i}`) }))),
      131009,
      expect.stringContaining('Invalid sections count') as unknown as string,
    ],
    [
      'a section without rows',
      list([{ title: 'S', rows: [] }]),
      131009,
      expect.stringContaining("['rows'] must contain at least one row") as unknown as string,
    ],
    [
      'an untitled section among two',
      list([{ rows: rows(1, 'a') }, { title: 'S2', rows: rows(1, 'b') }]),
      131008,
      "The parameter interactive['action']['sections'][0]['title'] is required.",
    ],
    [
      'a row title over 24',
      list([{ rows: [{ id: 'r', title: 'x'.repeat(25) }] }]),
      131009,
      expect.stringContaining("['rows'][0]['title'] length invalid") as unknown as string,
    ],
    [
      'a row description over 72',
      list([{ rows: [{ id: 'r', title: 'R', description: 'x'.repeat(73) }] }]),
      131009,
      expect.stringContaining("['description'] length invalid") as unknown as string,
    ],
    [
      'a list button label over 20',
      list([{ rows: rows(1) }], { action: { button: 'x'.repeat(21), sections: [{ rows: rows(1) }] } }),
      131009,
      expect.stringContaining("interactive['action']['button'] length invalid") as unknown as string,
    ],
    [
      'duplicate row ids',
      list([
        { title: 'A', rows: rows(1) },
        { title: 'B', rows: rows(1) },
      ]),
      131009,
      expect.stringContaining("Duplicate row id: 'r0'") as unknown as string,
    ],
    [
      'an image header on a list',
      list([{ rows: rows(1) }], { header: { type: 'image', image: { id: '1' } } }),
      131009,
      expect.stringContaining("interactive['header']['type'] must be one of {text}") as unknown as string,
    ],
    [
      'a cta_url display text over 20',
      {
        ...base,
        type: 'interactive',
        interactive: { type: 'cta_url', body: { text: 'Go' }, action: { name: 'cta_url', parameters: { display_text: 'x'.repeat(21), url: 'https://e.com' } } },
      },
      131009,
      expect.stringContaining("['display_text'] length invalid") as unknown as string,
    ],
    [
      'a cta_url without url',
      { ...base, type: 'interactive', interactive: { type: 'cta_url', body: { text: 'Go' }, action: { name: 'cta_url', parameters: { display_text: 'Go' } } } },
      131008,
      "The parameter interactive['action']['parameters']['url'] is required.",
    ],
    ['a template without name', { ...base, type: 'template', template: { language: { code: 'en' } } }, 131008, "The parameter template['name'] is required."],
    [
      'a template language as a string',
      { ...base, type: 'template', template: { name: 't', language: 'en' } },
      100,
      "Param template['language'] must be a JSON object.",
    ],
    [
      'a template button without index',
      { ...base, type: 'template', template: { name: 't', language: { code: 'en' }, components: [{ type: 'button', sub_type: 'url', parameters: [] }] } },
      131008,
      "The parameter template['components'][0]['index'] is required.",
    ],
    [
      'a template parameter of an unknown type',
      {
        ...base,
        type: 'template',
        template: { name: 't', language: { code: 'en' }, components: [{ type: 'body', parameters: [{ type: 'emoji', emoji: 'x' }] }] },
      },
      131009,
      expect.stringContaining("['parameters'][0]['type'] must be one of") as unknown as string,
    ],
    [
      'a currency without amount',
      {
        ...base,
        type: 'template',
        template: {
          name: 't',
          language: { code: 'en' },
          components: [{ type: 'body', parameters: [{ type: 'currency', currency: { fallback_value: '$1', code: 'USD' } }] }],
        },
      },
      131008,
      expect.stringContaining("['currency']['amount_1000'] is required") as unknown as string,
    ],
    [
      'callback data over 512',
      { ...base, text: { body: 'x' }, biz_opaque_callback_data: 'x'.repeat(513) },
      131009,
      expect.stringContaining('biz_opaque_callback_data length invalid') as unknown as string,
    ],
    ['context without message_id', { ...base, text: { body: 'x' }, context: {} }, 131008, "The parameter context['message_id'] is required."],
    ['a read receipt without message_id', { messaging_product: 'whatsapp', status: 'read' }, 100, 'The parameter message_id is required.'],
    [
      'a status other than read',
      { messaging_product: 'whatsapp', status: 'delivered', message_id: 'wamid.X' },
      131009,
      "Param status must be 'read', received 'delivered'.",
    ],
    [
      'a typing indicator of another type',
      { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.X', typing_indicator: { type: 'audio' } },
      131009,
      "Param typing_indicator['type'] must be 'text', received 'audio'.",
    ],
  ])('%s → %s', (_name, body, code, details) => {
    expect(rejectionOf(body)).toMatchObject({ code, details });
  });

  it('words a missing top-level field as Meta does, in the message itself', () => {
    expect(rejectionOf({ to: '16505551234' })?.message).toBe('(#100) The parameter messaging_product is required.');
    expect(rejectionOf({ ...base, type: 'text', text: {} })?.message).toBe('(#131008) Required parameter is missing');
    expect(rejectionOf({ ...base, type: 'hologram' })?.message).toBe('(#131051) Unsupported message type');
  });
});
