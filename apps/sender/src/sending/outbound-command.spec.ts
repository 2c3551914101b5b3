import { SendJob, mediaLinksOf, parseOutboundCommand } from './outbound-command';
import { SendRefusal } from './send-refusal';

function job(type: string, payload: Record<string, unknown>, extra: Partial<SendJob> = {}): SendJob {
  return {
    v: 1,
    messageId: '5f7e1f86-5cc3-4c4b-9d5f-4d0b7f2f3a11',
    channelId: '9d2a0f3e-1111-4c4b-9d5f-4d0b7f2f3a11',
    to: '+16505551234',
    type,
    payload,
    requestedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

describe('parseOutboundCommand', () => {
  it('takes a message of any Cloud API type with its type object', () => {
    expect(parseOutboundCommand(job('text', { body: 'hi', preview_url: true }, { contextMessageId: 'wamid.Q' }))).toEqual({
      kind: 'message',
      type: 'text',
      payload: { body: 'hi', preview_url: true },
      contextMessageId: 'wamid.Q',
    });
  });

  it('unwraps a contacts payload, which travels as {contacts: [...]}', () => {
    const cards = [{ name: { formatted_name: 'Jane Doe' }, phones: [{ phone: '+16505551234', type: 'CELL' }] }];
    expect(parseOutboundCommand(job('contacts', { contacts: cards }))).toMatchObject({ kind: 'message', type: 'contacts', payload: cards });
  });

  it('takes mark_as_read and typing_indicator as receipts for a received message', () => {
    expect(parseOutboundCommand(job('mark_as_read', { message_id: 'wamid.IN' }))).toEqual({ kind: 'receipt', messageId: 'wamid.IN', typingIndicator: false });
    expect(parseOutboundCommand(job('mark_as_read', { message_id: 'wamid.IN', typing_indicator: { type: 'text' } }))).toEqual({ kind: 'receipt', messageId: 'wamid.IN', typingIndicator: true });
    expect(parseOutboundCommand(job('typing_indicator', {}, { contextMessageId: 'wamid.IN' }))).toEqual({ kind: 'receipt', messageId: 'wamid.IN', typingIndicator: true });
  });

  it.each<[string, SendJob, string, RegExp]>([
    ['a receipt without the message id', job('mark_as_read', {}), 'invalid_payload', /payload\.message_id/],
    ['an unknown type', job('poll', { question: '?' }), 'unsupported_type', /"poll" is not a message type/],
    ['media with both id and link', job('image', { id: '1', link: 'https://example.com/a.jpg' }), 'invalid_payload', /exactly one of id .* or link/],
    ['a caption on audio', job('audio', { id: '1', caption: 'no' }), 'invalid_payload', /audio\.caption/],
  ])('refuses %s', (_case, input, code, message) => {
    let caught: unknown;
    try {
      parseOutboundCommand(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SendRefusal);
    expect(caught).toMatchObject({ code });
    expect((caught as Error).message).toMatch(message);
  });
});

describe('mediaLinksOf', () => {
  it('finds the links Meta will fetch, wherever they are in the message', () => {
    const template = parseOutboundCommand(
      job('template', {
        name: 'promo',
        language: { code: 'en' },
        components: [{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://cdn.example.com/h.jpg' } }] }],
      }),
    );
    expect(mediaLinksOf(template)).toEqual(['https://cdn.example.com/h.jpg']);
    expect(mediaLinksOf(parseOutboundCommand(job('document', { link: 'https://cdn.example.com/a.pdf', filename: 'a.pdf' })))).toEqual(['https://cdn.example.com/a.pdf']);
    expect(mediaLinksOf(parseOutboundCommand(job('text', { body: 'see https://example.com' })))).toEqual([]);
  });
});
