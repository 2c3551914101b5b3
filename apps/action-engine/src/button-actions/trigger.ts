import type { PlaceholderContext } from '@wabus/domain';
import type { ContactEntity } from '@wabus/persistence';
import type { Interaction } from '../events/domain-event';

/** What started a run: the tap and the tapping contact as they were. */
export interface Trigger {
  interaction: Interaction;
  contact: ContactEntity | null;
}

/**
 * The document placeholders read and rules evaluate, recorded as the run's
 * input. Only what a business would put in a message: no secrets, no raw
 * payloads.
 */
export function triggerDocument(trigger: Trigger): PlaceholderContext & Record<string, unknown> {
  const { interaction, contact } = trigger;
  return {
    event: { id: interaction.eventId, type: 'interaction.received', occurredAt: interaction.occurredAt },
    channel: { id: interaction.channelId },
    message: {
      id: interaction.messageId,
      replyId: interaction.replyId,
      replyTitle: interaction.replyTitle,
      text: interaction.replyTitle,
      contextMessageId: interaction.contextMessageId,
      contextWaMessageId: interaction.contextWaMessageId,
    },
    // Without the loaded contact (none of the actions reads its profile), only what the tap itself says.
    contact: contact
      ? {
          id: contact.id,
          name: contact.profileName ?? contact.username ?? null,
          phone: contact.phone ?? interaction.phone,
          waId: contact.waId,
          attributes: contact.attributes,
          tags: contact.tags,
          optedOut: contact.optedOut,
        }
      : { id: interaction.contactId, phone: interaction.phone },
  };
}
