/**
 * Outbound messages in Meta's own shapes (POST /{phone-number-id}/messages,
 * whatsapp-cloud-api.md §2). Field names are Meta's snake_case on purpose: these
 * objects go on the wire unchanged.
 */

/** Exactly one of an uploaded media id (preferred) or a public URL Meta fetches. */
export type MediaSource = { id: string; link?: never } | { link: string; id?: never };

export interface TextPayload {
  /** At most 4096 characters. */
  body: string;
  preview_url?: boolean;
}

/** Captions only exist on image, video and document (at most 1024 characters). */
export type ImagePayload = MediaSource & { caption?: string };
export type VideoPayload = MediaSource & { caption?: string };
/** `voice` is sent by some SDKs for voice-note rendering; not in Meta's send reference. */
export type AudioPayload = MediaSource & { voice?: boolean };
/** The extension of `filename` decides how the recipient's client shows the file. */
export type DocumentPayload = MediaSource & { caption?: string; filename?: string };
export type StickerPayload = MediaSource;

export interface LocationPayload {
  /** Meta's examples use strings; numbers are accepted too. */
  latitude: number | string;
  longitude: number | string;
  name?: string;
  address?: string;
}

export interface ContactCard {
  name: {
    formatted_name: string;
    first_name?: string;
    last_name?: string;
    middle_name?: string;
    suffix?: string;
    prefix?: string;
  };
  phones?: { phone?: string; type?: string; wa_id?: string }[];
  emails?: { email?: string; type?: string }[];
  urls?: { url?: string; type?: string }[];
  addresses?: {
    street?: string;
    city?: string;
    state?: string;
    zip?: string;
    country?: string;
    country_code?: string;
    type?: string;
  }[];
  org?: { company?: string; department?: string; title?: string };
  birthday?: string;
}

export type ContactsPayload = ContactCard[];

export interface ReactionPayload {
  /** A message we received, at most 30 days old, not itself a reaction (else async 131009). */
  message_id: string;
  /** An empty string removes our reaction. */
  emoji: string;
}

export type InteractiveHeader =
  | { type: 'text'; text: string }
  | { type: 'image'; image: MediaSource }
  | { type: 'video'; video: MediaSource }
  | { type: 'document'; document: MediaSource };

interface InteractiveCommon {
  body: { text: string };
  footer?: { text: string };
}

export interface ReplyButton {
  type: 'reply';
  /** Comes back as `button_reply.id` when tapped: this is what ties an action to the button. */
  reply: { id: string; title: string };
}

export interface InteractiveButtonPayload extends InteractiveCommon {
  type: 'button';
  header?: InteractiveHeader;
  action: { buttons: ReplyButton[] };
}

export interface ListRow {
  id: string;
  title: string;
  description?: string;
}

export interface InteractiveListPayload extends InteractiveCommon {
  type: 'list';
  /** Lists accept a text header only. */
  header?: { type: 'text'; text: string };
  action: { button: string; sections: { title?: string; rows: ListRow[] }[] };
}

export interface InteractiveCtaUrlPayload extends InteractiveCommon {
  type: 'cta_url';
  header?: InteractiveHeader;
  action: { name: 'cta_url'; parameters: { display_text: string; url: string } };
}

export type InteractivePayload = InteractiveButtonPayload | InteractiveListPayload | InteractiveCtaUrlPayload;

/** Templates with `parameter_format: NAMED` need `parameter_name` on every parameter. */
interface Named {
  parameter_name?: string;
}

export interface CurrencyValue {
  fallback_value: string;
  /** ISO 4217. */
  code: string;
  /** The amount times 1000, greater than zero. */
  amount_1000: number;
}

export interface DateTimeValue {
  /** Cloud API always renders the fallback; the structured fields are ignored. */
  fallback_value: string;
}

export type TemplateParameter =
  | (Named & { type: 'text'; text: string })
  | (Named & { type: 'currency'; currency: CurrencyValue })
  | (Named & { type: 'date_time'; date_time: DateTimeValue })
  | (Named & { type: 'image'; image: MediaSource })
  | (Named & { type: 'video'; video: MediaSource })
  | (Named & { type: 'document'; document: MediaSource & { filename?: string } })
  | (Named & { type: 'location'; location: LocationPayload })
  | (Named & { type: 'payload'; payload: string })
  | (Named & { type: 'coupon_code'; coupon_code: string })
  | (Named & { type: 'action'; action: Record<string, unknown> });

export type TemplateButtonSubType = 'quick_reply' | 'url' | 'copy_code' | 'flow' | 'catalog' | 'mpm';

export type TemplateComponent =
  | { type: 'header'; parameters: TemplateParameter[] }
  | { type: 'body'; parameters: TemplateParameter[] }
  | {
      type: 'button';
      sub_type: TemplateButtonSubType;
      /** 0-based position in the template's BUTTONS list; Meta documents a string, numbers are seen too. */
      index: string | number;
      parameters: TemplateParameter[];
    }
  | { type: 'carousel' | 'limited_time_offer' | 'tap_target_configuration'; [field: string]: unknown };

export interface TemplatePayload {
  name: string;
  language: { code: string; policy?: 'deterministic' };
  /** Omitted when the template has no variables. */
  components?: TemplateComponent[];
}

/** What each outbound `type` carries under the key of the same name. */
export interface OutboundPayloads {
  text: TextPayload;
  image: ImagePayload;
  video: VideoPayload;
  audio: AudioPayload;
  document: DocumentPayload;
  sticker: StickerPayload;
  location: LocationPayload;
  contacts: ContactsPayload;
  reaction: ReactionPayload;
  interactive: InteractivePayload;
  template: TemplatePayload;
}

export type OutboundMessageType = keyof OutboundPayloads;

export const OUTBOUND_MESSAGE_TYPES = [
  'text',
  'image',
  'video',
  'audio',
  'document',
  'sticker',
  'location',
  'contacts',
  'reaction',
  'interactive',
  'template',
] as const satisfies readonly OutboundMessageType[];

/** Everything but a template needs an open customer service window (§8.4). */
export type FreeFormMessageType = Exclude<OutboundMessageType, 'template'>;

export const FREE_FORM_TYPES = OUTBOUND_MESSAGE_TYPES.filter(
  (type): type is FreeFormMessageType => type !== 'template',
) as readonly FreeFormMessageType[];

/** Requests that share the messages endpoint but are not messages: no `to`, no `type`. */
export type ReceiptKind = 'mark_as_read' | 'typing_indicator';

/** Anything we can ask the messages endpoint to do for a conversation. */
export type OutboundKind = OutboundMessageType | ReceiptKind;

export function isOutboundMessageType(value: unknown): value is OutboundMessageType {
  return typeof value === 'string' && (OUTBOUND_MESSAGE_TYPES as readonly string[]).includes(value);
}

export function isFreeFormType(value: unknown): value is FreeFormMessageType {
  return isOutboundMessageType(value) && value !== 'template';
}

/** Makes the message a quoted reply; works for every type. */
export interface MessageContext {
  message_id: string;
}

interface SendEnvelope {
  messaging_product: 'whatsapp';
  recipient_type?: 'individual';
  /** Always full E.164: without a country code Meta prepends the business number's. */
  to: string;
  context?: MessageContext;
  /** At most 512 characters; echoed back in this message's status webhooks. */
  biz_opaque_callback_data?: string;
}

/** The request body of a send, e.g. `SendMessageRequest<'text'>` has `type: 'text'` and `text`. */
export type SendMessageRequest<T extends OutboundMessageType = OutboundMessageType> = {
  [K in T]: SendEnvelope & { type: K } & { [P in K]: OutboundPayloads[K] };
}[T];

export interface MarkAsReadRequest {
  messaging_product: 'whatsapp';
  status: 'read';
  message_id: string;
  /** Implies the read receipt; disappears when we reply or after 25 s. */
  typing_indicator?: { type: 'text' };
}

/** HTTP 200 means accepted, not delivered: the outcome arrives in status webhooks. */
export interface SendMessageResponse {
  messaging_product: 'whatsapp';
  /** `wa_id` may differ from `input` (Brazil's 9th digit, Mexico's 1 after 52). */
  contacts: { input: string; wa_id: string; [extra: string]: unknown }[];
  messages: {
    id: string;
    /** Only on template sends subject to template pacing. */
    message_status?: 'accepted' | 'held_for_quality_assessment' | 'paused';
  }[];
}
