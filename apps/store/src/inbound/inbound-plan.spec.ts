import { splitWebhookEnvelope, type MessageItem, type StatusItem, type UnrecognizedMessageItem } from '@wabus/domain';
import { contact, envelope, everyInboundType, inbound, messagesChange, status } from '../test/webhook-fixtures';
import { contactsByUserId, planInboundMessage, planStatus, senderIdentity } from './inbound-plan';

const receivedAt = new Date('2031-01-01T00:00:00Z');

function itemsOf(body: string) {
  return splitWebhookEnvelope(JSON.parse(body)).items;
}

describe('planInboundMessage', () => {
  const fixtures = everyInboundType('16505551234', 'wamid.ours', 'wamid.reacted');
  const plan = (name: string) => {
    const [item] = itemsOf(envelope([{ wabaId: 'w', changes: [messagesChange({ phoneNumberId: 'p', contacts: [contact('16505551234')], messages: [fixtures[name]] })] }]));
    return planInboundMessage(item as MessageItem | UnrecognizedMessageItem, 'channel', receivedAt);
  };

  it.each([
    ['button_reply', 'cancel-button', 'Cancel'],
    ['list_reply', 'priority_express', 'Priority Mail Express'],
    ['template_button', 'APPROVE:order-42', 'Approve'],
  ])('marks a %s as an interaction with reply id %s and title %s, answering our message', (name, replyId, replyTitle) => {
    expect(plan(name)).toMatchObject({ interaction: true, replyId, replyTitle, contextWaMessageId: 'wamid.ours' });
  });

  it('uses the label of a template button with no payload as its reply id', () => {
    const message = inbound('16505551234', 'button', { context: { id: 'wamid.t' }, button: { text: 'Yes please' } });
    const [item] = itemsOf(envelope([{ wabaId: 'w', changes: [messagesChange({ phoneNumberId: 'p', messages: [message] })] }]));
    expect(planInboundMessage(item as MessageItem, 'c', receivedAt)).toMatchObject({ replyId: 'Yes please', interaction: true });
  });

  it.each(['text', 'image', 'reaction', 'order', 'location', 'future'])('does not treat a %s as an interaction', (name) => {
    expect(plan(name)).toMatchObject({ interaction: false, replyId: null });
  });

  it('attaches a reaction to the message it reacts to', () => {
    expect(plan('reaction').contextWaMessageId).toBe('wamid.reacted');
  });

  it('keeps an unknown type whole, with its payload', () => {
    expect(plan('future')).toMatchObject({ type: 'hologram', payload: { id: 'holo-1', depth: 3 }, raw: fixtures.future, text: null });
  });

  it('does not let a system notice open the 24-hour window', () => {
    expect(plan('system').opensWindow).toBe(false);
    expect(plan('text').opensWindow).toBe(true);
  });

  it('uses Meta’s timestamp, and the time received when Meta sent none', () => {
    expect(plan('text').at.getTime()).toBe(Number(fixtures.text.timestamp) * 1000);
    const message = { ...inbound('16505551234', 'text', { text: { body: 'x' } }), timestamp: undefined };
    const [item] = itemsOf(envelope([{ wabaId: 'w', changes: [messagesChange({ phoneNumberId: 'p', messages: [message] })] }]));
    expect(planInboundMessage(item as MessageItem, 'c', receivedAt).at).toEqual(receivedAt);
  });

  it('describes the errors of an unsupported message', () => {
    expect(plan('unsupported').error).toMatchObject({ code: 131051, details: 'Message type is currently not supported.' });
  });
});

describe('senderIdentity', () => {
  it('reads wa_id, E.164 phone, profile name, username and user id', () => {
    const identity = senderIdentity('c', { from: '16505551234' }, { wa_id: '16505551234', user_id: 'US.1', profile: { name: 'Ana', username: 'ana.b' } });
    expect(identity).toEqual({ channelId: 'c', waId: '16505551234', userId: 'US.1', phone: '+16505551234', profileName: 'Ana', username: 'ana.b' });
  });

  it('knows a user by their user id alone when they share no phone number', () => {
    expect(senderIdentity('c', { from: 'US.13491208655302741918' }, null)).toMatchObject({ waId: null, userId: 'US.13491208655302741918', phone: null });
  });

  it('tolerates a contact without profile (evolution-api #2573)', () => {
    expect(senderIdentity('c', { from: '16505551234' }, { wa_id: '16505551234' })).toMatchObject({ profileName: null, username: null });
  });

  it('finds a BSUID contact in contacts[] by its user id', () => {
    const body = JSON.parse(
      envelope([{ wabaId: 'w', changes: [messagesChange({ phoneNumberId: 'p', contacts: [{ user_id: 'US.9', profile: { name: 'Zoe', username: 'zoe' } }], messages: [] })] }]),
    );
    const found = contactsByUserId(body);
    expect(found.get('US.9')).toMatchObject({ profile: { username: 'zoe' } });
    const [item] = itemsOf(
      envelope([{ wabaId: 'w', changes: [messagesChange({ phoneNumberId: 'p', messages: [inbound('US.9', 'text', { text: { body: 'hi' } })] })] }]),
    );
    expect(planInboundMessage(item as MessageItem, 'c', receivedAt, found).contact).toMatchObject({ waId: null, userId: 'US.9', profileName: 'Zoe', username: 'zoe' });
  });
});

describe('planStatus', () => {
  const planOf = (word: string) => {
    const [item] = itemsOf(envelope([{ wabaId: 'w', changes: [messagesChange({ phoneNumberId: 'p', statuses: [status('wamid.x', word, receivedAt)] })] }]));
    return planStatus(item as StatusItem, 'c', new Date());
  };

  it('keeps Meta’s word and what it means for the message', () => {
    expect(planOf('played')).toMatchObject({ word: 'played', status: 'read', at: receivedAt });
    expect(planOf('deleted_by_user')).toMatchObject({ word: 'deleted_by_user', status: null });
  });

  it('keeps the status item whole, with its pricing, conversation and errors', () => {
    expect(planOf('sent').raw).toMatchObject({ pricing: { pricing_model: 'PMP' }, conversation: { id: 'conv-1' } });
    expect(planOf('failed')).toMatchObject({ status: 'failed', raw: { errors: [expect.objectContaining({ code: 131047 })] } });
  });
});
