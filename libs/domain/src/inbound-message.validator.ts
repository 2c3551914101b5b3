import type { InboundMessageType } from './webhook-types';

/**
 * `known`: safe to read as InboundMessage. `unrecognized`: it has an id, a sender
 * and a type, but the type or its payload is not one we know; still a message to
 * store. `malformed`: not usable as a message at all.
 */
export type InboundMessageCheck = { verdict: 'known' } | { verdict: 'unrecognized' } | { verdict: 'malformed'; problem: string };

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

const mediaFits = (payload: unknown): boolean => isRecord(payload) && isText(payload.id);

/** What the payload under `message[type]` must look like for our types to be true of it. */
const PAYLOAD_FITS: Record<InboundMessageType, (message: Json) => boolean> = {
  text: (m) => isRecord(m.text) && typeof m.text.body === 'string',
  image: (m) => mediaFits(m.image),
  video: (m) => mediaFits(m.video),
  audio: (m) => mediaFits(m.audio),
  document: (m) => mediaFits(m.document),
  sticker: (m) => mediaFits(m.sticker),
  location: (m) => isRecord(m.location) && typeof m.location.latitude === 'number' && typeof m.location.longitude === 'number',
  contacts: (m) => Array.isArray(m.contacts) && m.contacts.every((card: unknown) => isRecord(card) && isRecord(card.name)),
  interactive: (m) => interactiveFits(m.interactive),
  button: (m) => isRecord(m.button),
  reaction: (m) => isRecord(m.reaction) && isText(m.reaction.message_id),
  order: (m) => isRecord(m.order),
  system: (m) => isRecord(m.system),
  unsupported: () => true,
  unknown: () => true,
  request_welcome: () => true,
};

function interactiveFits(interactive: unknown): boolean {
  if (!isRecord(interactive)) return false;
  const reply = interactive[String(interactive.type)];
  switch (interactive.type) {
    case 'button_reply':
    case 'list_reply':
      // The reply id is what ties a tap to an action; without it the tap is useless.
      return isRecord(reply) && isText(reply.id);
    case 'nfm_reply':
    case 'call_permission_reply':
      return isRecord(reply);
    default:
      return false;
  }
}

export function checkInboundMessage(message: unknown): InboundMessageCheck {
  if (!isRecord(message)) return { verdict: 'malformed', problem: 'The message is not an object.' };
  if (!isText(message.id) || !isText(message.from) || !isText(message.type)) {
    return { verdict: 'malformed', problem: 'The message needs an id, a sender (from) and a type.' };
  }
  const fits = Object.prototype.hasOwnProperty.call(PAYLOAD_FITS, message.type)
    ? PAYLOAD_FITS[message.type as InboundMessageType]
    : undefined;
  return fits?.(message) ? { verdict: 'known' } : { verdict: 'unrecognized' };
}
