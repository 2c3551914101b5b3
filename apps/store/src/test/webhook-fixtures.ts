import { randomUUID } from 'node:crypto';

/** Webhook bodies in Meta's exact shapes (whatsapp-cloud-api.md §4), for the store's tests and benchmark. */

export type Json = Record<string, unknown>;

export const wamid = () => `wamid.${randomUUID().replace(/-/g, '')}`;

/** Unix seconds as Meta writes them in messages and statuses: a string. */
export const seconds = (date: Date) => String(Math.floor(date.getTime() / 1000));

export interface ChangeSpec {
  phoneNumberId: string;
  contacts?: Json[];
  messages?: Json[];
  statuses?: Json[];
  errors?: Json[];
}

export function messagesChange(spec: ChangeSpec): Json {
  const value: Json = { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: spec.phoneNumberId } };
  if (spec.contacts) value.contacts = spec.contacts;
  if (spec.messages) value.messages = spec.messages;
  if (spec.statuses) value.statuses = spec.statuses;
  if (spec.errors) value.errors = spec.errors;
  return { field: 'messages', value };
}

export function envelope(entries: Array<{ wabaId: string; changes: Json[] }>): string {
  return JSON.stringify({ object: 'whatsapp_business_account', entry: entries.map((entry) => ({ id: entry.wabaId, changes: entry.changes })) });
}

export function contact(waId: string, name = 'Sheena Nelson', extra: Json = {}): Json {
  return { profile: { name }, wa_id: waId, ...extra };
}

export function inbound(from: string, type: string, body: Json, at = new Date(), extra: Json = {}): Json {
  return { from, id: wamid(), timestamp: seconds(at), type, ...body, ...extra };
}

/** One message of every inbound type Meta documents, plus a type it has not invented yet. */
export function everyInboundType(from: string, ourWamid: string, reactedWamid: string): Record<string, Json> {
  const media = (kind: string, extra: Json) => ({ [kind]: { id: `${kind}-media-${randomUUID().slice(0, 8)}`, mime_type: 'x/y', sha256: 'c2hhMjU2', ...extra } });
  return {
    text: inbound(from, 'text', { text: { body: 'Does it come in another color?' } }),
    image: inbound(from, 'image', media('image', { caption: 'the blue one', mime_type: 'image/jpeg', url: 'https://lookaside.fbsbx.com/x' })),
    audio: inbound(from, 'audio', media('audio', { mime_type: 'audio/ogg; codecs=opus', voice: true })),
    video: inbound(from, 'video', media('video', { caption: 'unboxing', mime_type: 'video/mp4' })),
    document: inbound(from, 'document', media('document', { caption: 'my invoice', filename: 'invoice.pdf', mime_type: 'application/pdf' })),
    sticker: inbound(from, 'sticker', media('sticker', { mime_type: 'image/webp', animated: false })),
    location: inbound(from, 'location', {
      location: { latitude: 37.44221496582, longitude: -122.16165924072, name: 'Philz Coffee', address: '101 Forest Ave, Palo Alto, CA 94301' },
    }),
    contacts: inbound(from, 'contacts', {
      contacts: [{ name: { formatted_name: 'John Smith', first_name: 'John' }, phones: [{ phone: '+16505551235', wa_id: '16505551235', type: 'CELL' }] }],
    }),
    reaction: inbound(from, 'reaction', { reaction: { message_id: reactedWamid, emoji: '👍' } }),
    button_reply: inbound(from, 'interactive', {
      context: { from: '15550783881', id: ourWamid },
      interactive: { type: 'button_reply', button_reply: { id: 'cancel-button', title: 'Cancel' } },
    }),
    list_reply: inbound(from, 'interactive', {
      context: { from: '15550783881', id: ourWamid },
      interactive: { type: 'list_reply', list_reply: { id: 'priority_express', title: 'Priority Mail Express', description: 'Next Day to 2 Days' } },
    }),
    template_button: inbound(from, 'button', { context: { from: '15550783881', id: ourWamid }, button: { payload: 'APPROVE:order-42', text: 'Approve' } }),
    order: inbound(from, 'order', {
      order: { catalog_id: 'cat-1', text: 'please deliver fast', product_items: [{ product_retailer_id: 'SKU-1', quantity: 2, item_price: 7.99, currency: 'USD' }] },
    }),
    referral: inbound(from, 'text', { text: { body: 'I saw your ad' } }, new Date(), {
      referral: { source_url: 'https://fb.me/3cr4Wqqkv', source_id: '120226305854810726', source_type: 'ad', headline: 'Sale', ctwa_clid: 'clid-1' },
    }),
    system: inbound(from, 'system', { system: { body: `User changed from ${from} to 12195555358`, wa_id: '12195555358', type: 'user_changed_number' } }),
    unsupported: inbound(from, 'unsupported', {
      unsupported: { type: 'edit' },
      errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }],
    }),
    future: inbound(from, 'hologram', { hologram: { id: 'holo-1', depth: 3 }, new_top_level_field: { kept: true } }),
  };
}

export function status(id: string, word: string, at: Date, extra: Json = {}): Json {
  const base: Json = { id, status: word, timestamp: seconds(at), recipient_id: '16505551234' };
  if (word === 'sent') {
    base.conversation = { id: 'conv-1', expiration_timestamp: seconds(new Date(at.getTime() + 86_400_000)), origin: { type: 'service' } };
    base.pricing = { billable: true, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' };
  }
  if (word === 'failed') {
    base.errors = [
      {
        code: 131047,
        title: 'Re-engagement message',
        message: 'Re-engagement message',
        error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
        href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
      },
    ];
  }
  return { ...base, ...extra };
}
