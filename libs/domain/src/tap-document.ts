import type { PlaceholderContext } from './placeholders';

/** A button tap as the action engine reads it from an `interaction.received` event. */
export interface Tap {
  eventId: string;
  occurredAt: string;
  /** Our id of the inbound tap message. */
  messageId: string;
  channelId: string;
  contactId: string | null;
  /** The tapping user, E.164; null for users known only by their business-scoped id. */
  phone: string | null;
  replyId: string | null;
  replyTitle: string | null;
  contextWaMessageId: string | null;
  contextMessageId: string | null;
}

/** The tapping contact's profile, as far as actions may read it. */
export interface TapContact {
  id: string;
  profileName: string | null;
  username: string | null;
  phone: string | null;
  waId: string | null;
  attributes: Record<string, unknown>;
  tags: string[];
  optedOut: boolean;
}

/** What placeholders read and rules evaluate: `{event, channel, message, contact}`. */
export type TapDocument = PlaceholderContext & Record<string, unknown>;

/**
 * The document placeholders read and rules evaluate, recorded as the run's
 * input. Only what a business would put in a message: no secrets, no raw
 * payloads. Without a loaded contact (none of the actions reads its
 * profile), only what the tap itself says about the contact.
 */
export function tapDocument(tap: Tap, contact: TapContact | null): TapDocument {
  return {
    event: { id: tap.eventId, type: 'interaction.received', occurredAt: tap.occurredAt },
    channel: { id: tap.channelId },
    message: {
      id: tap.messageId,
      replyId: tap.replyId,
      replyTitle: tap.replyTitle,
      text: tap.replyTitle,
      contextMessageId: tap.contextMessageId,
      contextWaMessageId: tap.contextWaMessageId,
    },
    contact: contact
      ? {
          id: contact.id,
          name: contact.profileName ?? contact.username ?? null,
          phone: contact.phone ?? tap.phone,
          waId: contact.waId,
          attributes: contact.attributes,
          tags: contact.tags,
          optedOut: contact.optedOut,
        }
      : { id: tap.contactId, phone: tap.phone },
  };
}

const SAMPLE_TAP: Tap = {
  eventId: '00000000-0000-4000-8000-000000000001',
  occurredAt: '2025-01-31T09:30:00.000Z',
  messageId: '00000000-0000-4000-8000-000000000002',
  channelId: '00000000-0000-4000-8000-000000000003',
  contactId: '00000000-0000-4000-8000-000000000004',
  phone: '+14155550123',
  replyId: 'order-yes',
  replyTitle: 'Yes, order it',
  contextWaMessageId: 'wamid.HBgLMTQxNTU1NTAxMjMVAgARGBI1RjQ0QjM2QzY0QjQ2RjE2MzQA',
  contextMessageId: '00000000-0000-4000-8000-000000000005',
};

const SAMPLE_CONTACT: TapContact = {
  id: '00000000-0000-4000-8000-000000000004',
  profileName: 'Ada Lovelace',
  username: null,
  phone: '+14155550123',
  waId: '14155550123',
  attributes: { tier: 'gold', city: 'London' },
  tags: ['customer'],
  optedOut: false,
};

/**
 * A made-up tap on a reply button `order-yes` by a known contact: what a
 * rule is tested against when no document is given (POST
 * /v1/button-actions/test-rule), in exactly the shape a real run reads.
 */
export function sampleTapDocument(): TapDocument {
  // A copy each time: the sample's attributes and tags are shared objects otherwise.
  return JSON.parse(JSON.stringify(tapDocument(SAMPLE_TAP, SAMPLE_CONTACT))) as TapDocument;
}
