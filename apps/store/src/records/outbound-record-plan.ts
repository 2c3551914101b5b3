import { normalizePhoneNumber, readableText } from '@wabus/domain';
import type { ContactIdentity } from '@wabus/persistence';
import type { RecordOutboundJob, SendMessageJob } from '@wabus/queues';
import { storedErrorOfRecord } from '../message-log/stored-error';
import type { OutboundSnapshot, RecordPlan } from '../message-log/write-unit';

/**
 * The recipient as a contact: `to` is E.164, and the contact's wa_id is its
 * digits. (For Brazil and Mexico Meta's wa_id can differ from the number we
 * sent to; the inbound side then knows the same person under Meta's wa_id.)
 */
export function recipientIdentity(channelId: string, to: string): ContactIdentity | null {
  let e164: string | null = null;
  try {
    e164 = normalizePhoneNumber(to).e164;
  } catch {
    // Validated by the gateway; a number our copy of the numbering plan rejects is still the one we sent to.
    const digits = to.replace(/\D/g, '');
    e164 = digits.length >= 7 && digits.length <= 15 ? `+${digits}` : null;
  }
  if (!e164) return null;
  return { channelId, waId: e164.slice(1), userId: null, phone: e164, profileName: null, username: null };
}

function snapshotOf(message: SendMessageJob): OutboundSnapshot | null {
  const contact = recipientIdentity(message.channelId, message.to);
  if (!contact) return null;
  return {
    channelId: message.channelId,
    contact,
    type: message.type,
    text: readableText(message.type, message.payload),
    payload: message.payload,
    contextWaMessageId: message.contextMessageId ?? null,
    idempotencyKey: message.idempotencyKey ?? null,
    requestedAt: new Date(message.requestedAt),
  };
}

/** A record of the gateway (`queued`) or the sender (`sent`, `failed`), ready to write. */
export function planRecord(record: RecordOutboundJob): RecordPlan {
  return {
    messageId: record.messageId,
    outcome: record.outcome,
    at: new Date(record.at),
    message: record.message ? snapshotOf(record.message) : null,
    waMessageId: record.waMessageId ?? null,
    request: record.request ?? null,
    response: record.response ?? null,
    error: record.error ? storedErrorOfRecord(record.error) : null,
  };
}
