type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first argument that is a string with something in it besides spaces. */
function firstText(...values: unknown[]): string | null {
  for (const value of values) {
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return null;
}

/** `header`, `body` and `footer` are objects with a `text` in outbound interactive payloads. */
const textOf = (value: unknown): unknown => (isRecord(value) ? value.text : undefined);

function interactiveText(payload: Json): string | null {
  const reply = payload[String(payload.type)];
  if (isRecord(reply)) {
    // Inbound taps: the title the user saw; Flow replies carry a body.
    return firstText(reply.title, reply.body);
  }
  return firstText(textOf(payload.body), textOf(payload.header));
}

function contactsText(payload: unknown): string | null {
  if (!Array.isArray(payload)) return null;
  const names = payload
    .map((card: unknown) => (isRecord(card) && isRecord(card.name) ? firstText(card.name.formatted_name) : null))
    .filter((name): name is string => name !== null);
  return names.length > 0 ? names.join(', ') : null;
}

/**
 * The human-readable content of a message, inbound or outbound, for the
 * conversation log's `text` column and for search; null when there is none
 * (audio, sticker, a removed reaction). Reads `payload` defensively: it is
 * whatever sits under the message's `type` key, as Meta or a client sent it.
 */
export function readableText(type: string, payload: unknown): string | null {
  if (type === 'contacts') return contactsText(payload);
  if (!isRecord(payload)) return null;
  switch (type) {
    case 'text':
    case 'system':
      return firstText(payload.body);
    case 'image':
    case 'video':
      return firstText(payload.caption);
    case 'document':
      return firstText(payload.caption, payload.filename);
    case 'location':
      return firstText(payload.name, payload.address);
    case 'reaction':
      return firstText(payload.emoji);
    case 'interactive':
      return interactiveText(payload);
    case 'button':
      // A template quick-reply tap: the label the user saw, the payload if Meta sent no label.
      return firstText(payload.text, payload.payload);
    case 'template':
      return firstText(payload.name);
    case 'order':
      return firstText(payload.text);
    default:
      return null;
  }
}
