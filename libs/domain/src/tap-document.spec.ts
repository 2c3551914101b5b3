import { RuleEvaluator } from './rule-evaluation';
import { sampleTapDocument, Tap, tapDocument, TapContact } from './tap-document';

const tap: Tap = {
  eventId: 'event-1',
  occurredAt: '2025-02-01T10:00:00.000Z',
  messageId: 'message-1',
  channelId: 'channel-1',
  contactId: 'contact-1',
  phone: '+2348031234567',
  replyId: 'order-yes',
  replyTitle: 'Yes',
  contextWaMessageId: 'wamid.ours',
  contextMessageId: 'message-0',
};

const contact: TapContact = {
  id: 'contact-1',
  profileName: null,
  username: 'ada',
  phone: null,
  waId: '2348031234567',
  attributes: { tier: 'gold' },
  tags: ['vip'],
  optedOut: false,
};

describe('tapDocument', () => {
  it('gives a rule the event, channel, tapped button and the loaded contact', () => {
    expect(tapDocument(tap, contact)).toEqual({
      event: { id: 'event-1', type: 'interaction.received', occurredAt: '2025-02-01T10:00:00.000Z' },
      channel: { id: 'channel-1' },
      message: { id: 'message-1', replyId: 'order-yes', replyTitle: 'Yes', text: 'Yes', contextMessageId: 'message-0', contextWaMessageId: 'wamid.ours' },
      // The username stands in for a missing profile name, the tap's phone for a missing contact phone.
      contact: { id: 'contact-1', name: 'ada', phone: '+2348031234567', waId: '2348031234567', attributes: { tier: 'gold' }, tags: ['vip'], optedOut: false },
    });
  });

  it('says only what the tap knows about a contact that was not loaded', () => {
    expect(tapDocument(tap, null)['contact']).toEqual({ id: 'contact-1', phone: '+2348031234567' });
  });
});

describe('sampleTapDocument', () => {
  it('has the shape of a real tap with a known contact', () => {
    const sample = sampleTapDocument();
    expect(Object.keys(sample).sort()).toEqual(Object.keys(tapDocument(tap, contact)).sort());
    expect(Object.keys(sample['contact'] as object).sort()).toEqual(Object.keys(tapDocument(tap, contact)['contact'] as object).sort());
  });

  it('is a fresh copy each time', () => {
    const first = sampleTapDocument() as { contact: { tags: string[] } };
    first.contact.tags.push('changed');
    expect((sampleTapDocument() as { contact: { tags: string[] } }).contact.tags).not.toContain('changed');
  });

  it('lets a typical rule pick its effects', async () => {
    const rule = `message.replyId = 'order-yes' ? {'type': 'send_message', 'config': {'text': 'Thanks ' & contact.name}}`;
    await expect(new RuleEvaluator().effects(rule, sampleTapDocument(), { allowPrivateUrls: false })).resolves.toEqual([
      { type: 'send_message', config: { text: 'Thanks Ada Lovelace' } },
    ]);
  });
});
