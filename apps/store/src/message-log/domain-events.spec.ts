import { conversationOpened, domainEventId, interactionReceived, messageReceived, messageStatusChanged } from './domain-events';

const parties = { messageId: '11111111-1111-4111-8111-111111111111', channelId: 'c', contactId: 'k', conversationId: 'v', phone: '+16505551234' };
const at = new Date('2031-01-01T00:00:00Z');

describe('domain events', () => {
  it('derives the same UUID-shaped id from the same fact, and different ids from different facts', () => {
    expect(domainEventId('message.received:a')).toBe(domainEventId('message.received:a'));
    expect(domainEventId('message.received:a')).not.toBe(domainEventId('message.received:b'));
    expect(domainEventId('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('builds message.received as the events queue carries it, with the event id as job id', () => {
    const event = messageReceived(parties, { waMessageId: 'wamid.1', type: 'text', text: 'hi', contextWaMessageId: null, at });
    expect(event).toMatchObject({ type: 'message.received', aggregateId: parties.messageId, dedupeKey: `message.received:${parties.messageId}` });
    expect(event.payload).toEqual({
      v: 1,
      eventId: event.id,
      type: 'message.received',
      occurredAt: at.toISOString(),
      data: { ...parties, waMessageId: 'wamid.1', type: 'text', text: 'hi', contextWaMessageId: null },
    });
  });

  it('names the button, its title and the message it answers in interaction.received', () => {
    const event = interactionReceived(parties, {
      waMessageId: 'wamid.2',
      type: 'interactive',
      replyId: 'yes',
      replyTitle: 'Yes',
      contextWaMessageId: 'wamid.ours',
      contextMessageId: 'ours',
      at,
    });
    expect(event.payload.data).toMatchObject({ replyId: 'yes', replyTitle: 'Yes', contextWaMessageId: 'wamid.ours', contextMessageId: 'ours', messageId: parties.messageId });
  });

  it('keys message.status by message and status reached, and carries the error only for failed', () => {
    const message = { messageId: 'm', waMessageId: 'wamid.3', channelId: 'c', conversationId: 'v', contactId: 'k' };
    const error = { code: 131047, title: 'Re-engagement message' };
    const read = messageStatusChanged(message, { status: 'read', previousStatus: 'delivered', at, error });
    const failed = messageStatusChanged(message, { status: 'failed', previousStatus: 'sent', at, error });
    expect(read.dedupeKey).toBe('message.status:m:read');
    expect(read.payload.data).not.toHaveProperty('error');
    expect(failed.payload.data).toMatchObject({ status: 'failed', previousStatus: 'sent', error, at: at.toISOString() });
  });

  it('opens a conversation once per conversation id', () => {
    const first = conversationOpened({ conversationId: 'v', channelId: 'c', contactId: 'k', phone: null }, 'customer', at);
    const again = conversationOpened({ conversationId: 'v', channelId: 'c', contactId: 'k', phone: null }, 'business', at);
    expect(first.id).toBe(again.id);
  });
});
