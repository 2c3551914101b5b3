/** The fields of a message that decide how its bubble looks (a subset of the API's MessageView). */
export interface MessageLike {
  type: string;
  direction: 'in' | 'out';
  text: string | null;
  payload: Record<string, unknown> | null;
  replyId: string | null;
  waMessageId: string | null;
  contextWaMessageId: string | null;
}

export interface ChoiceButton {
  id: string;
  title: string;
}

export type BubbleContent =
  | { kind: 'text'; text: string }
  | { kind: 'media'; mediaType: string; caption: string | null; link: string | null; filename: string | null; mimeType: string | null }
  | { kind: 'location'; latitude: number; longitude: number; name: string | null; address: string | null }
  | { kind: 'choices'; text: string; buttons: ChoiceButton[] }
  | { kind: 'tap'; title: string; buttonId: string | null }
  | { kind: 'reaction'; emoji: string }
  | { kind: 'template'; name: string; language: string | null; text: string | null }
  | { kind: 'other'; type: string; text: string | null };

type Json = Record<string, unknown>;
const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker']);
const record = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The buttons or list rows of one of our interactive messages, in Meta's payload shape. */
export function choicesOf(interactive: Json): ChoiceButton[] {
  const action = record(interactive.action);
  const buttons = list(action.buttons).map((button) => record(record(button).reply));
  const rows = list(action.sections).flatMap((section) => list(record(section).rows).map(record));
  return [...buttons, ...rows].filter((choice) => str(choice.id)).map((choice) => ({ id: String(choice.id), title: str(choice.title) ?? String(choice.id) }));
}

/** What a message shows in the chat, by type. Unknown shapes fall back to the API's readable `text`. */
export function bubbleContent(message: MessageLike): BubbleContent {
  const payload = record(message.payload);
  if (message.type === 'text') return { kind: 'text', text: message.text ?? str(payload.body) ?? '' };
  if (MEDIA_TYPES.has(message.type)) {
    return { kind: 'media', mediaType: message.type, caption: str(payload.caption) ?? message.text, link: str(payload.link), filename: str(payload.filename), mimeType: str(payload.mime_type) };
  }
  if (message.type === 'location' && typeof payload.latitude === 'number' && typeof payload.longitude === 'number') {
    return { kind: 'location', latitude: payload.latitude, longitude: payload.longitude, name: str(payload.name), address: str(payload.address) };
  }
  if (message.type === 'reaction') return { kind: 'reaction', emoji: str(payload.emoji) ?? message.text ?? '' };
  if (message.type === 'template') return { kind: 'template', name: str(payload.name) ?? 'template', language: str(record(payload.language).code), text: message.text };
  if (message.direction === 'in' && (message.type === 'interactive' || message.type === 'button')) {
    return { kind: 'tap', title: message.text ?? message.replyId ?? 'a button', buttonId: message.replyId };
  }
  if (message.type === 'interactive') {
    return { kind: 'choices', text: message.text ?? str(record(payload.body).text) ?? '', buttons: choicesOf(payload) };
  }
  return { kind: 'other', type: message.type, text: message.text };
}

/** Which button the customer tapped on each of our messages: wamid of our message → the tapped button or row id. */
export function tappedChoices(messages: readonly MessageLike[]): Map<string, string> {
  const tapped = new Map<string, string>();
  for (const message of messages) {
    if (message.direction === 'in' && message.contextWaMessageId && message.replyId) tapped.set(message.contextWaMessageId, message.replyId);
  }
  return tapped;
}
