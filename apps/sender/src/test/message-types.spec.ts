import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphClient } from '@wabus/whatsapp';
import { Json, SenderHarness, TestChannel } from './sender-harness';

const CUSTOMER = '+2348031234567';

jest.setTimeout(30_000);

describe('sender: every outbound type reaches the Cloud API in Meta’s shape', () => {
  let harness: SenderHarness;
  let channel: TestChannel;
  let inboundWamid: string;

  beforeAll(async () => {
    harness = await SenderHarness.start();
    channel = await harness.channel();
    inboundWamid = await harness.customerWrites(channel, CUSTOMER);
  });

  afterAll(async () => {
    await harness?.close();
  });

  /** Submits, waits for the sent record, and returns what the emulator received for that wamid. */
  async function sendAndReceive(type: string, payload: Json, extra: { contextMessageId?: string; to?: string | { contactId: string } } = {}): Promise<Json> {
    const id = await harness.submit(channel, { to: extra.to ?? CUSTOMER, type, payload, ...(extra.contextMessageId ? { contextMessageId: extra.contextMessageId } : {}) });
    const outcome = await harness.outcome(id);
    expect(outcome).toMatchObject({ outcome: 'sent' });
    const rows = await harness.outbox(channel.phoneNumberId);
    const row = rows.find((candidate) => candidate.id === outcome.waMessageId);
    expect(row).toBeDefined();
    expect(row?.verdict).toBe('accepted');
    expect(outcome.request).toEqual(row?.body);
    return row?.body;
  }

  const envelope = (type: string, typeObject: Json, extra: Json = {}) => ({
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: CUSTOMER,
    type,
    [type]: typeObject,
    ...extra,
  });

  it('text, with a link preview', async () => {
    const text = { body: 'Your order shipped: https://example.com/track/42', preview_url: true };
    expect(await sendAndReceive('text', text)).toEqual(envelope('text', text));
  });

  it('a quoted reply (context)', async () => {
    expect(await sendAndReceive('text', { body: 'Yes, it does!' }, { contextMessageId: inboundWamid })).toEqual(
      envelope('text', { body: 'Yes, it does!' }, { context: { message_id: inboundWamid } }),
    );
  });

  it.each([
    ['image', { link: 'https://example.com/photo.jpg', caption: 'Our shop' }],
    ['video', { link: 'https://example.com/clip.mp4', caption: 'How to' }],
    ['audio', { link: 'https://example.com/note.mp3' }],
    ['document', { link: 'https://example.com/invoice.pdf', caption: 'Invoice', filename: 'invoice.pdf' }],
    ['sticker', { link: 'https://example.com/sticker.webp' }],
  ])('%s by link', async (type, media) => {
    expect(await sendAndReceive(type, media)).toEqual(envelope(type, media));
  });

  it('image by the id of media uploaded through the media API (bytes)', async () => {
    const graph = harness.sender.get(GraphClient);
    const target = { graphBaseUrl: harness.emulatorUrl, apiVersion: 'v23.0', phoneNumberId: channel.phoneNumberId, accessToken: channel.accessToken };
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const uploaded = await graph.uploadMedia(target, { bytes: png, mimeType: 'image/png', filename: 'dot.png' });
    expect(uploaded.body.id).toMatch(/^\d+$/);
    const body = await sendAndReceive('image', { id: uploaded.body.id, caption: 'uploaded' });
    expect(body).toEqual(envelope('image', { id: uploaded.body.id, caption: 'uploaded' }));
    const row = (await harness.outbox(channel.phoneNumberId)).find((candidate) => candidate.body?.image?.id === uploaded.body.id);
    expect(row).not.toHaveProperty('failure');
    const retrieved = await graph.retrieveMedia(target, uploaded.body.id);
    expect(retrieved.body).toMatchObject({ id: uploaded.body.id, mime_type: 'image/png' });
    expect((await graph.downloadMedia(target, retrieved.body.url)).bytes.equals(png)).toBe(true);
  });

  it('document by the id of media uploaded from a URL', async () => {
    const files: Server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4 invoice'));
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    try {
      const graph = harness.sender.get(GraphClient);
      const target = { graphBaseUrl: harness.emulatorUrl, apiVersion: 'v23.0', phoneNumberId: channel.phoneNumberId, accessToken: channel.accessToken };
      const uploaded = await graph.uploadMediaFromUrl(target, `http://127.0.0.1:${(files.address() as AddressInfo).port}/files/invoice-42.pdf`);
      const body = await sendAndReceive('document', { id: uploaded.body.id, filename: 'invoice-42.pdf' });
      expect(body.document).toEqual({ id: uploaded.body.id, filename: 'invoice-42.pdf' });
    } finally {
      files.closeAllConnections();
      await new Promise((resolve) => files.close(resolve));
    }
  });

  it('location', async () => {
    const location = { latitude: '37.44216251868683', longitude: '-122.16153582049394', name: 'Philz Coffee', address: '101 Forest Ave, Palo Alto, CA 94301' };
    expect(await sendAndReceive('location', location)).toEqual(envelope('location', location));
  });

  it('contacts (the card array travels as {contacts: [...]} and arrives as Meta’s array)', async () => {
    const cards = [
      {
        name: { formatted_name: 'Jane Doe', first_name: 'Jane', last_name: 'Doe' },
        phones: [{ phone: '+16505551234', type: 'CELL', wa_id: '16505551234' }],
        emails: [{ email: 'jane@example.com', type: 'WORK' }],
      },
    ];
    expect(await sendAndReceive('contacts', { contacts: cards })).toEqual(envelope('contacts', cards));
  });

  it('reaction to a message the customer sent', async () => {
    const reaction = { message_id: inboundWamid, emoji: '👍' };
    expect(await sendAndReceive('reaction', reaction)).toEqual(envelope('reaction', reaction));
  });

  it('interactive reply buttons (three, with a text header and footer)', async () => {
    const interactive = {
      type: 'button',
      header: { type: 'text', text: 'Order #42' },
      body: { text: 'Approve the order?' },
      footer: { text: 'Lucky Shrub' },
      action: {
        buttons: [
          { type: 'reply', reply: { id: 'approve-42', title: 'Approve' } },
          { type: 'reply', reply: { id: 'reject-42', title: 'Reject' } },
          { type: 'reply', reply: { id: 'later-42', title: 'Later' } },
        ],
      },
    };
    expect(await sendAndReceive('interactive', interactive)).toEqual(envelope('interactive', interactive));
  });

  it('interactive reply button (one, with an image header)', async () => {
    const interactive = {
      type: 'button',
      header: { type: 'image', image: { link: 'https://example.com/product.jpg' } },
      body: { text: 'Still interested?' },
      action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }] },
    };
    expect(await sendAndReceive('interactive', interactive)).toEqual(envelope('interactive', interactive));
  });

  it('interactive list', async () => {
    const interactive = {
      type: 'list',
      header: { type: 'text', text: 'Shipping' },
      body: { text: 'How fast do you need it?' },
      footer: { text: 'Prices include tax' },
      action: {
        button: 'Shipping Options',
        sections: [
          { title: 'I want it ASAP!', rows: [{ id: 'priority_express', title: 'Priority Mail Express', description: 'Next Day to 2 Days' }] },
          { title: 'I can wait', rows: [{ id: 'ground', title: 'Ground', description: '5 to 7 days' }] },
        ],
      },
    };
    expect(await sendAndReceive('interactive', interactive)).toEqual(envelope('interactive', interactive));
  });

  it('interactive call-to-action URL', async () => {
    const interactive = {
      type: 'cta_url',
      header: { type: 'text', text: 'Concert' },
      body: { text: 'Tap to see the dates.' },
      action: { name: 'cta_url', parameters: { display_text: 'See Dates', url: 'https://example.com/dates' } },
    };
    expect(await sendAndReceive('interactive', interactive)).toEqual(envelope('interactive', interactive));
  });

  it('template with a media header, body parameters and button parameters', async () => {
    await harness.template(channel, {
      name: 'order_update',
      language: 'en_US',
      components: [
        { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['h'] } },
        { type: 'BODY', text: 'Hi {{1}}, your order {{2}} is on its way.', example: { body_text: [['Pablo', '#42']] } },
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'QUICK_REPLY', text: 'Approve' },
            { type: 'URL', text: 'Track', url: 'https://example.com/track/{{1}}', example: ['https://example.com/track/42'] },
          ],
        },
      ],
    });
    const template = {
      name: 'order_update',
      language: { code: 'en_US', policy: 'deterministic' },
      components: [
        { type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/header.jpg' } }] },
        { type: 'body', parameters: [{ type: 'text', text: 'Pablo' }, { type: 'text', text: '#42' }] },
        { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'APPROVE:42' }] },
        { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: '42' }] },
      ],
    };
    expect(await sendAndReceive('template', template)).toEqual(envelope('template', template));
  });

  it('template with a text header parameter', async () => {
    await harness.template(channel, {
      name: 'greeting',
      language: 'en',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Hello {{1}}', example: { header_text: ['Ann'] } },
        { type: 'BODY', text: 'Thanks for your order.' },
      ],
    });
    const template = { name: 'greeting', language: { code: 'en' }, components: [{ type: 'header', parameters: [{ type: 'text', text: 'Ann' }] }] };
    expect(await sendAndReceive('template', template)).toEqual(envelope('template', template));
  });

  it('to a contact given by id: the contact’s number is used', async () => {
    const contact = await harness.contact(channel, '+447911123456');
    await harness.customerWrites(channel, '+447911123456');
    const body = await sendAndReceive('text', { body: 'Hi from your contact record' }, { to: { contactId: contact.id } });
    expect(body.to).toBe('+447911123456');
  });

  it('mark as read, and the typing indicator', async () => {
    const readId = await harness.submit(channel, { to: CUSTOMER, type: 'mark_as_read', payload: { message_id: inboundWamid } });
    expect(await harness.outcome(readId)).toMatchObject({ outcome: 'sent', response: { success: true }, request: { messaging_product: 'whatsapp', status: 'read', message_id: inboundWamid } });
    const typingId = await harness.submit(channel, { to: CUSTOMER, type: 'typing_indicator', payload: { message_id: inboundWamid } });
    await harness.outcome(typingId);
    const receipts = (await harness.outbox(channel.phoneNumberId)).filter((row) => row.body?.status === 'read').map((row) => row.body);
    expect(receipts).toEqual([
      { messaging_product: 'whatsapp', status: 'read', message_id: inboundWamid },
      { messaging_product: 'whatsapp', status: 'read', message_id: inboundWamid, typing_indicator: { type: 'text' } },
    ]);
  });
});
