import {
  readableText,
  statusFromWebhook,
  waIdToE164,
  webhookTimestampToDate,
  type MessageItem,
  type StatusItem,
  type UnrecognizedMessageItem,
  type WebhookContact,
} from '@wabus/domain';
import type { ContactIdentity } from '@wabus/persistence';
import { storedErrorOfWebhook } from '../message-log/stored-error';
import type { InboundMessagePlan, StatusPlan } from '../message-log/write-unit';

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const WA_ID = /^\d+$/;

/**
 * `contacts[]` entries that carry a business-scoped `user_id`, by that id. The
 * splitter matches contacts to messages by `wa_id`; a user who shares no phone
 * number (Meta's BSUID/username rollout) has none, and is found here instead.
 */
export function contactsByUserId(body: unknown): Map<string, WebhookContact> {
  const found = new Map<string, WebhookContact>();
  const entries = isRecord(body) && Array.isArray(body.entry) ? (body.entry as unknown[]) : [];
  for (const entry of entries) {
    const changes = isRecord(entry) && Array.isArray(entry.changes) ? (entry.changes as unknown[]) : [];
    for (const change of changes) {
      const value = isRecord(change) && isRecord(change.value) ? change.value : null;
      const contacts = value && Array.isArray(value.contacts) ? (value.contacts as unknown[]) : [];
      for (const contact of contacts) {
        const userId = isRecord(contact) ? text(contact.user_id) : null;
        if (userId) found.set(userId, contact as WebhookContact);
      }
    }
  }
  return found;
}

/** wa_id → E.164 for the customers seen lately: the same people write again and again, and the numbering-plan lookup is the costliest step of planning a message. */
const PHONES = new Map<string, string | null>();
const PHONES_KEPT = 50_000;

/** E.164 of a wa_id, or null if it is not one (never a reason to drop the message). */
function phoneOf(waId: string | null): string | null {
  if (!waId) return null;
  const known = PHONES.get(waId);
  if (known !== undefined) return known;
  let phone: string | null;
  try {
    phone = waIdToE164(waId);
  } catch {
    phone = null;
  }
  if (PHONES.size >= PHONES_KEPT) PHONES.clear();
  PHONES.set(waId, phone);
  return phone;
}

/**
 * Who wrote: `from` is a wa_id (digits) for most users; a user known only by
 * their business-scoped user id may come with that id instead, and with no
 * usable phone number at all.
 */
export function senderIdentity(channelId: string, message: Json, contact: WebhookContact | null): ContactIdentity {
  const from = text(message.from);
  const fromIsWaId = from !== null && WA_ID.test(from);
  const contactWaId = text(contact?.wa_id);
  const waId = contactWaId && WA_ID.test(contactWaId) ? contactWaId : fromIsWaId ? from : null;
  const userId = text(contact?.user_id) ?? text(message.from_user_id) ?? (fromIsWaId ? null : from);
  const profile = isRecord(contact?.profile) ? contact.profile : {};
  return {
    channelId,
    waId,
    userId,
    phone: phoneOf(waId),
    profileName: text(profile.name),
    username: text(profile.username),
  };
}

interface Reply {
  replyId: string | null;
  replyTitle: string | null;
}

/** The id that ties a tap to an action: a reply button or list row id, or a template button's payload (its label when it has none). */
function replyOf(type: string, payload: unknown): Reply {
  if (!isRecord(payload)) return { replyId: null, replyTitle: null };
  if (type === 'interactive' && (payload.type === 'button_reply' || payload.type === 'list_reply')) {
    const reply = payload[payload.type];
    return isRecord(reply) ? { replyId: text(reply.id), replyTitle: text(reply.title) } : { replyId: null, replyTitle: null };
  }
  if (type === 'button') return { replyId: text(payload.payload) ?? text(payload.text), replyTitle: text(payload.text) };
  return { replyId: null, replyTitle: null };
}

/**
 * An inbound message of any type (a type we do not know yet included) as the
 * row to store: nothing in it is a reason to drop it, and the item is kept raw.
 */
export function planInboundMessage(
  item: MessageItem | UnrecognizedMessageItem,
  channelId: string,
  receivedAt: Date,
  byUserId: ReadonlyMap<string, WebhookContact> = new Map(),
): InboundMessagePlan {
  const message = item.message as unknown as Json;
  const type = String(message.type);
  const payload = type in message ? (message[type] ?? null) : null;
  const reply = replyOf(type, payload);
  const context = isRecord(message.context) ? message.context : {};
  const from = text(message.from) ?? '';
  const contact = item.contact ?? byUserId.get(from) ?? byUserId.get(text(message.from_user_id) ?? '') ?? null;
  return {
    channelId,
    contact: senderIdentity(channelId, message, contact),
    waMessageId: String(message.id),
    type,
    text: readableText(type, payload),
    payload,
    // A reaction names the message it reacts to in its payload, not in `context`.
    contextWaMessageId: text(context.id) ?? (type === 'reaction' && isRecord(payload) ? text(payload.message_id) : null),
    ...reply,
    interaction: reply.replyId !== null,
    raw: message,
    error: storedErrorOfWebhook(message.errors),
    at: webhookTimestampToDate(message.timestamp) ?? receivedAt,
    // System notices (a number change) come from WhatsApp, not from the customer.
    opensWindow: type !== 'system',
  };
}

export function planStatus(item: StatusItem, channelId: string, receivedAt: Date): StatusPlan {
  const status = item.status;
  return {
    channelId,
    waMessageId: status.id,
    word: status.status,
    status: statusFromWebhook(status.status),
    at: webhookTimestampToDate(status.timestamp) ?? receivedAt,
    raw: status as unknown as Json,
  };
}
