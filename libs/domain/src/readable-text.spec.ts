import { readableText } from './readable-text';

describe('readableText', () => {
  it.each<[string, string, unknown, string | null]>([
    // Outbound payloads (what we send).
    ['a text message shows its body', 'text', { body: 'Hello https://example.com', preview_url: true }, 'Hello https://example.com'],
    ['an image shows its caption', 'image', { id: '1479537139650973', caption: 'Our new menu' }, 'Our new menu'],
    ['an image without caption shows nothing', 'image', { link: 'https://example.com/a.png' }, null],
    ['a video shows its caption', 'video', { link: 'https://example.com/clip.mp4', caption: 'Watch' }, 'Watch'],
    ['a document shows its caption', 'document', { id: '1', caption: 'Your invoice', filename: 'invoice.pdf' }, 'Your invoice'],
    ['a document without caption shows its file name', 'document', { id: '1', filename: 'invoice.pdf' }, 'invoice.pdf'],
    ['audio shows nothing', 'audio', { id: '1' }, null],
    ['a sticker shows nothing', 'sticker', { id: '1' }, null],
    [
      'a location shows its name',
      'location',
      { latitude: '37.44', longitude: '-122.16', name: 'Philz Coffee', address: '101 Forest Ave' },
      'Philz Coffee',
    ],
    ['a location without name shows its address', 'location', { latitude: 1, longitude: 2, address: '101 Forest Ave' }, '101 Forest Ave'],
    ['a bare location shows nothing', 'location', { latitude: 1, longitude: 2 }, null],
    ['a reaction shows its emoji', 'reaction', { message_id: 'wamid.x', emoji: '👍' }, '👍'],
    ['a removed reaction shows nothing', 'reaction', { message_id: 'wamid.x', emoji: '' }, null],
    [
      'reply buttons show the body text',
      'interactive',
      { type: 'button', body: { text: 'Change or cancel?' }, action: { buttons: [] } },
      'Change or cancel?',
    ],
    [
      'a list shows the body text',
      'interactive',
      { type: 'list', body: { text: 'Pick shipping' }, action: { button: 'Options', sections: [] } },
      'Pick shipping',
    ],
    [
      'a CTA URL shows the body text',
      'interactive',
      { type: 'cta_url', body: { text: 'See dates' }, action: { name: 'cta_url' } },
      'See dates',
    ],
    ['a template shows its name', 'template', { name: 'order_update', language: { code: 'en_US' } }, 'order_update'],
    [
      'contacts show the names',
      'contacts',
      [{ name: { formatted_name: 'Jane Doe' } }, { name: { formatted_name: 'John Roe' } }],
      'Jane Doe, John Roe',
    ],
    // Inbound payloads (what customers send).
    [
      'a button tap shows the button title',
      'interactive',
      { type: 'button_reply', button_reply: { id: 'cancel-button', title: 'Cancel' } },
      'Cancel',
    ],
    [
      'a list pick shows the row title',
      'interactive',
      { type: 'list_reply', list_reply: { id: 'express', title: 'Priority Mail Express', description: 'Next day' } },
      'Priority Mail Express',
    ],
    [
      'a Flow reply shows its body',
      'interactive',
      { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: '{}' } },
      'Sent',
    ],
    ['a template quick reply shows the label', 'button', { payload: 'APPROVE:order-42', text: 'Approve' }, 'Approve'],
    ['a template quick reply without label shows the payload', 'button', { payload: 'APPROVE:order-42' }, 'APPROVE:order-42'],
    ['an order shows its note', 'order', { catalog_id: '1', text: 'Please gift-wrap', product_items: [] }, 'Please gift-wrap'],
    [
      'a system message shows its sentence',
      'system',
      { body: 'User A changed from 1 to 2', type: 'user_changed_number' },
      'User A changed from 1 to 2',
    ],
    ['an inbound image shows its caption', 'image', { id: '1', mime_type: 'image/jpeg', caption: 'Broken part' }, 'Broken part'],
    ['an unsupported message shows nothing', 'unsupported', { type: 'edit' }, null],
    ['a welcome request shows nothing', 'request_welcome', undefined, null],
    // Whatever else arrives never breaks it.
    ['a missing payload shows nothing', 'text', undefined, null],
    ['a text body that is not text shows nothing', 'text', { body: 42 }, null],
    ['blank text shows nothing', 'text', { body: '   ' }, null],
    ['contacts that are not a list show nothing', 'contacts', { name: 'x' }, null],
    ['contacts without names show nothing', 'contacts', [null, { name: 'x' }, {}], null],
    ['an interactive message with nothing readable shows nothing', 'interactive', { type: 'button_reply', button_reply: 'x' }, null],
    ['a type nobody knows shows nothing', 'hologram', { body: 'x' }, null],
  ])('%s', (_case, type, payload, expected) => {
    expect(readableText(type, payload)).toBe(expected);
  });
});
