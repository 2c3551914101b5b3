import { bubbleContent, MessageLike, tappedChoices } from './message-content';

const message = (overrides: Partial<MessageLike>): MessageLike => ({
  type: 'text',
  direction: 'in',
  text: null,
  payload: null,
  replyId: null,
  waMessageId: null,
  contextWaMessageId: null,
  ...overrides,
});

describe('console: what a bubble shows', () => {
  it('shows text, media with its caption, and a location', () => {
    expect(bubbleContent(message({ text: 'hello', payload: { body: 'hello' } }))).toEqual({ kind: 'text', text: 'hello' });
    expect(bubbleContent(message({ type: 'image', payload: { link: 'https://example.com/a.png', caption: 'look' } }))).toMatchObject({
      kind: 'media',
      mediaType: 'image',
      caption: 'look',
      link: 'https://example.com/a.png',
    });
    expect(bubbleContent(message({ type: 'document', payload: { id: '123', filename: 'invoice.pdf', mime_type: 'application/pdf' } }))).toMatchObject({
      kind: 'media',
      link: null,
      filename: 'invoice.pdf',
      mimeType: 'application/pdf',
    });
    expect(bubbleContent(message({ type: 'location', payload: { latitude: 6.45, longitude: 3.39, name: 'Office' } }))).toEqual({
      kind: 'location',
      latitude: 6.45,
      longitude: 3.39,
      name: 'Office',
      address: null,
    });
  });

  it('lists the buttons and rows of our interactive messages', () => {
    const buttons = { type: 'button', body: { text: 'Shall we?' }, action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }, { type: 'reply', reply: { id: 'no', title: 'No' } }] } };
    expect(bubbleContent(message({ direction: 'out', type: 'interactive', payload: buttons }))).toEqual({
      kind: 'choices',
      text: 'Shall we?',
      buttons: [
        { id: 'yes', title: 'Yes' },
        { id: 'no', title: 'No' },
      ],
    });
    const listMessage = { type: 'list', body: { text: 'Pick' }, action: { button: 'Menu', sections: [{ title: 'A', rows: [{ id: 'r1', title: 'Row one' }] }] } };
    expect(bubbleContent(message({ direction: 'out', type: 'interactive', payload: listMessage }))).toMatchObject({ buttons: [{ id: 'r1', title: 'Row one' }] });
  });

  it("shows a customer's tap with the button's title, and a reaction's emoji", () => {
    expect(bubbleContent(message({ type: 'interactive', text: 'Yes', replyId: 'yes', payload: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } } }))).toEqual({
      kind: 'tap',
      title: 'Yes',
      buttonId: 'yes',
    });
    expect(bubbleContent(message({ type: 'reaction', payload: { message_id: 'wamid.x', emoji: '👍' } }))).toEqual({ kind: 'reaction', emoji: '👍' });
  });

  it('finds which button was tapped on which of our messages', () => {
    const tapped = tappedChoices([
      message({ direction: 'out', type: 'interactive', waMessageId: 'wamid.ours' }),
      message({ type: 'interactive', replyId: 'yes', contextWaMessageId: 'wamid.ours' }),
      message({ type: 'text', text: 'no context' }),
    ]);
    expect([...tapped]).toEqual([['wamid.ours', 'yes']]);
  });
});
