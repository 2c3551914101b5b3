import {
  FREE_FORM_TYPES,
  OUTBOUND_MESSAGE_TYPES,
  type MarkAsReadRequest,
  type SendMessageRequest,
  isFreeFormType,
  isOutboundMessageType,
} from './message-types';
import { readableText } from './readable-text';

// Meta's own examples (whatsapp-cloud-api.md §2): `satisfies` makes the type
// checker prove our types accept them unchanged.
const examples = [
  { messaging_product: 'whatsapp', to: '+16505551234', type: 'text', text: { body: 'Hello https://example.com', preview_url: true } },
  { messaging_product: 'whatsapp', to: '+16505551234', type: 'image', image: { id: '1479537139650973', caption: 'Menu' } },
  { messaging_product: 'whatsapp', to: '+16505551234', type: 'video', video: { link: 'https://example.com/clip.mp4', caption: 'Clip' } },
  { messaging_product: 'whatsapp', to: '+16505551234', type: 'audio', audio: { id: '1' } },
  {
    messaging_product: 'whatsapp',
    to: '+16505551234',
    type: 'document',
    document: { id: '1', caption: 'Invoice', filename: 'invoice.pdf' },
  },
  { messaging_product: 'whatsapp', to: '+16505551234', type: 'sticker', sticker: { id: '1' } },
  {
    messaging_product: 'whatsapp',
    to: '+16505551234',
    type: 'location',
    location: {
      latitude: '37.44216251868683',
      longitude: '-122.16153582049394',
      name: 'Philz Coffee',
      address: '101 Forest Ave, Palo Alto, CA 94301',
    },
  },
  {
    messaging_product: 'whatsapp',
    to: '+16505551234',
    type: 'contacts',
    contacts: [
      {
        name: { formatted_name: 'Jane Doe', first_name: 'Jane' },
        phones: [{ phone: '+16505551234', type: 'CELL', wa_id: '16505551234' }],
        birthday: '1990-01-31',
      },
    ],
  },
  { messaging_product: 'whatsapp', to: '+16505551234', type: 'reaction', reaction: { message_id: 'wamid.in', emoji: '😀' } },
  {
    messaging_product: 'whatsapp',
    to: '+16505551234',
    type: 'interactive',
    context: { message_id: 'wamid.in' },
    interactive: {
      type: 'button',
      header: { type: 'text', text: 'Your order' },
      body: { text: 'Change or cancel?' },
      footer: { text: 'Lucky Shrub' },
      action: {
        buttons: [
          { type: 'reply', reply: { id: 'change-button', title: 'Change' } },
          { type: 'reply', reply: { id: 'cancel-button', title: 'Cancel' } },
        ],
      },
    },
  },
  {
    messaging_product: 'whatsapp',
    to: '+16505551234',
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text: 'Pick shipping' },
      action: {
        button: 'Shipping Options',
        sections: [
          {
            title: 'I want it ASAP!',
            rows: [{ id: 'priority_express', title: 'Priority Mail Express', description: 'Next Day to 2 Days' }],
          },
        ],
      },
    },
  },
  {
    messaging_product: 'whatsapp',
    to: '+16505551234',
    type: 'interactive',
    interactive: {
      type: 'cta_url',
      body: { text: 'See dates' },
      action: { name: 'cta_url', parameters: { display_text: 'See Dates', url: 'https://example.com' } },
    },
  },
  {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: '+16505551234',
    type: 'template',
    biz_opaque_callback_data: 'campaign-7',
    template: {
      name: 'order_update',
      language: { code: 'en_US', policy: 'deterministic' },
      components: [
        { type: 'header', parameters: [{ type: 'image', image: { id: '1' } }] },
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Pablo', parameter_name: 'first_name' },
            { type: 'currency', currency: { fallback_value: '$100.99', code: 'USD', amount_1000: 100990 } },
            { type: 'date_time', date_time: { fallback_value: 'February 25, 1977' } },
          ],
        },
        { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'APPROVE:order-42' }] },
        { type: 'button', sub_type: 'url', index: 1, parameters: [{ type: 'text', text: 'order-42' }] },
      ],
    },
  },
] as const satisfies readonly SendMessageRequest[];

const markAsRead = {
  messaging_product: 'whatsapp',
  status: 'read',
  message_id: 'wamid.in',
  typing_indicator: { type: 'text' },
} satisfies MarkAsReadRequest;

describe('outbound message types', () => {
  it('lists every type Meta accepts, templates being the only one allowed outside the window', () => {
    expect(OUTBOUND_MESSAGE_TYPES).toHaveLength(11);
    expect(FREE_FORM_TYPES).toEqual(OUTBOUND_MESSAGE_TYPES.filter((type) => type !== 'template'));
    expect(examples.map((example) => example.type).sort()).toEqual([...OUTBOUND_MESSAGE_TYPES, 'interactive', 'interactive'].sort());
  });

  it.each([...OUTBOUND_MESSAGE_TYPES])('knows %s as an outbound type', (type) => {
    expect(isOutboundMessageType(type)).toBe(true);
    expect(isFreeFormType(type)).toBe(type !== 'template');
  });

  it.each(['mark_as_read', 'typing_indicator', 'button', 'TEXT', '', null, 7])('does not take %p for a message type', (value) => {
    expect(isOutboundMessageType(value)).toBe(false);
    expect(isFreeFormType(value)).toBe(false);
  });

  it.each(examples.map((example) => [example.type, example] as const))(
    "gives Meta's %s example readable text or an honest nothing",
    (type, example) => {
      const text = readableText(type, (example as Record<string, unknown>)[type]);
      expect(type === 'audio' || type === 'sticker' ? text === null : typeof text === 'string').toBe(true);
    },
  );

  it('shapes a read receipt with typing indicator as Meta expects', () => {
    expect(markAsRead).toEqual({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.in',
      typing_indicator: { type: 'text' },
    });
  });
});
