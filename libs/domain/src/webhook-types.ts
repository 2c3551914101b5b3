import type { ContactCard } from './message-types';

/**
 * Inbound webhooks in Meta's own shapes (whatsapp-cloud-api.md §4). Meta adds
 * fields without notice, and a handler that choked on one lost every status
 * update (evolution-api #2573, #2704): so every object tolerates extra keys, and
 * whatever Meta may omit is optional.
 */
interface Open {
  [extra: string]: unknown;
}

/** `value` of a change; its shape depends on `field` (`messages`, `message_template_status_update`, …). */
export interface WebhookChange extends Open {
  field: string;
  value: unknown;
}

export interface WebhookEntry extends Open {
  /** The WhatsApp Business Account id; route by `metadata.phone_number_id`, not by this. */
  id: string;
  /** Unix seconds as a number; present on non-`messages` fields. */
  time?: number;
  changes: WebhookChange[];
}

export interface WebhookEnvelope extends Open {
  /** `whatsapp_business_account` for every delivery we subscribe to. */
  object: string;
  entry: WebhookEntry[];
}

export interface WebhookMetadata extends Open {
  display_phone_number: string;
  phone_number_id: string;
}

export interface WebhookContact extends Open {
  wa_id: string;
  /** Missing on some deliveries (evolution-api #2573). */
  profile?: { name?: string; username?: string; [extra: string]: unknown };
  user_id?: string;
  identity_key_hash?: string;
}

/** An error object inside `statuses[].errors`, `messages[].errors` or `value.errors` (§3.2). */
export interface WebhookError extends Open {
  code: number;
  title?: string;
  message?: string;
  error_data?: { details?: string; [extra: string]: unknown };
  href?: string;
}

export interface MessagesChangeValue extends Open {
  messaging_product: 'whatsapp';
  metadata: WebhookMetadata;
  /** Absent for `system` messages and for `failed` statuses. */
  contacts?: WebhookContact[];
  messages?: InboundMessage[];
  statuses?: WebhookStatus[];
  errors?: WebhookError[];
}

// ── Inbound messages (§4.4, §4.5) ────────────────────────────────────────────

export interface InboundContext extends Open {
  /** The business number, on replies and button or list taps. */
  from?: string;
  /** The wamid of our message that was replied to or tapped. */
  id?: string;
  forwarded?: boolean;
  frequently_forwarded?: boolean;
  referred_product?: { catalog_id?: string; product_retailer_id?: string };
}

/** Present when the conversation started from a Click-to-WhatsApp ad or post. */
export interface InboundReferral extends Open {
  source_url?: string;
  source_id?: string;
  source_type?: string;
  body?: string;
  headline?: string;
  media_type?: string;
  image_url?: string;
  video_url?: string;
  thumbnail_url?: string;
  ctwa_clid?: string;
  welcome_message?: { text?: string };
}

export interface InboundMessageBase extends Open {
  /** The sender's wa_id (digits only). */
  from: string;
  /** The wamid: unique per message, the key for deduplicating Meta's retries. */
  id: string;
  /** Unix seconds as a string. */
  timestamp?: string;
  context?: InboundContext;
  referral?: InboundReferral;
  errors?: WebhookError[];
}

/** Download it via GET /{media-id} within 7 days; `url` (newer payloads) lives 5 minutes. */
export interface InboundMedia extends Open {
  id: string;
  mime_type?: string;
  sha256?: string;
  url?: string;
}

export interface InboundTextMessage extends InboundMessageBase {
  type: 'text';
  text: { body: string };
}

export interface InboundImageMessage extends InboundMessageBase {
  type: 'image';
  image: InboundMedia & { caption?: string };
}

export interface InboundVideoMessage extends InboundMessageBase {
  type: 'video';
  video: InboundMedia & { caption?: string };
}

export interface InboundAudioMessage extends InboundMessageBase {
  type: 'audio';
  audio: InboundMedia & { voice?: boolean };
}

export interface InboundDocumentMessage extends InboundMessageBase {
  type: 'document';
  document: InboundMedia & { caption?: string; filename?: string };
}

export interface InboundStickerMessage extends InboundMessageBase {
  type: 'sticker';
  sticker: InboundMedia & { animated?: boolean };
}

export interface InboundLocationMessage extends InboundMessageBase {
  type: 'location';
  location: { latitude: number; longitude: number; name?: string; address?: string; url?: string };
}

export interface InboundContactsMessage extends InboundMessageBase {
  type: 'contacts';
  contacts: ContactCard[];
}

export type InboundInteractive =
  | { type: 'button_reply'; button_reply: { id: string; title: string } }
  | { type: 'list_reply'; list_reply: { id: string; title: string; description?: string } }
  /** Flows and address messages; `response_json` is a JSON string. */
  | { type: 'nfm_reply'; nfm_reply: { name?: string; body?: string; response_json?: string } }
  | { type: 'call_permission_reply'; call_permission_reply: Record<string, unknown> };

export interface InboundInteractiveMessage extends InboundMessageBase {
  type: 'interactive';
  interactive: InboundInteractive;
}

/** A template quick-reply tap (not `interactive`): `payload` is what we sent for that button, or its label. */
export interface InboundButtonMessage extends InboundMessageBase {
  type: 'button';
  button: { payload?: string; text?: string };
}

export interface InboundReactionMessage extends InboundMessageBase {
  type: 'reaction';
  /** `emoji` is omitted when the user removes the reaction. */
  reaction: { message_id: string; emoji?: string };
}

export interface InboundOrderMessage extends InboundMessageBase {
  type: 'order';
  order: {
    catalog_id?: string;
    text?: string;
    product_items?: { product_retailer_id: string; quantity: number; item_price: number; currency: string }[];
  };
}

/** No `contacts[]` accompanies it. Older payloads: `customer_changed_number`, `new_wa_id`, `identity`. */
export interface InboundSystemMessage extends InboundMessageBase {
  type: 'system';
  system: {
    body?: string;
    type?: string;
    wa_id?: string;
    new_wa_id?: string;
    identity?: string;
    customer?: string;
  };
}

/** Meta could not render it for us (an edit, a poll…); `errors[]` carries 131051. Older payloads say `unknown`. */
export interface InboundUnsupportedMessage extends InboundMessageBase {
  type: 'unsupported' | 'unknown';
  unsupported?: { type?: string };
}

/** The user opened the chat for the first time (if welcome messages are enabled). */
export interface InboundRequestWelcomeMessage extends InboundMessageBase {
  type: 'request_welcome';
}

export type InboundMessage =
  | InboundTextMessage
  | InboundImageMessage
  | InboundVideoMessage
  | InboundAudioMessage
  | InboundDocumentMessage
  | InboundStickerMessage
  | InboundLocationMessage
  | InboundContactsMessage
  | InboundInteractiveMessage
  | InboundButtonMessage
  | InboundReactionMessage
  | InboundOrderMessage
  | InboundSystemMessage
  | InboundUnsupportedMessage
  | InboundRequestWelcomeMessage;

export type InboundMessageType = InboundMessage['type'];

// ── Statuses of our messages (§4.6) ──────────────────────────────────────────

/** `played` is the first play of a voice message. */
export type WebhookStatusValue = 'sent' | 'delivered' | 'read' | 'played' | 'failed';

export interface WebhookStatus extends Open {
  /** The wamid of our message. */
  id: string;
  /** One of WebhookStatusValue in practice; kept as a string so a new value is never dropped. */
  status: string;
  timestamp?: string;
  recipient_id?: string;
  recipient_type?: string;
  recipient_participant_id?: string;
  /** Echo of what we set on the send. */
  biz_opaque_callback_data?: string;
  /** On `sent` and the first of delivered/read; omitted from v24.0. */
  conversation?: {
    id?: string;
    expiration_timestamp?: string;
    origin?: { type?: string };
  };
  /** Never on `failed`. */
  pricing?: {
    /** Deprecated by Meta. */
    billable?: boolean;
    pricing_model?: string;
    type?: string;
    category?: string;
  };
  /** Only on `failed`. */
  errors?: WebhookError[];
}

// ── Other webhook fields (§4.7) ──────────────────────────────────────────────

export type TemplateStatusEvent =
  | 'APPROVED'
  | 'PENDING'
  | 'REJECTED'
  | 'FLAGGED'
  | 'PAUSED'
  | 'DISABLED'
  | 'REINSTATED'
  | 'IN_APPEAL'
  | 'LIMIT_EXCEEDED'
  | 'LOCKED'
  | 'ARCHIVED'
  | 'DELETED'
  | 'PENDING_DELETION';

/** `value` of a `message_template_status_update` change. */
export interface TemplateStatusUpdate extends Open {
  /** A TemplateStatusEvent in practice; a string so a new event is never dropped. */
  event: string;
  /** A number here, a string in GET message_templates: compare as strings. */
  message_template_id: number | string;
  message_template_name: string;
  /** May be written with a hyphen (`en-US`) where the API says `en_US`. */
  message_template_language?: string;
  /** `null` when the template is scheduled for deletion. */
  reason?: string | null;
  message_template_category?: string;
  disable_info?: { disable_date?: string };
  other_info?: { title?: string; description?: string };
  rejection_info?: { reason?: string; recommendation?: string };
}

/** `value` of a `template_category_update` change (also sent ~24 h ahead with `correct_category`). */
export interface TemplateCategoryUpdate extends Open {
  message_template_id: number | string;
  message_template_name: string;
  message_template_language?: string;
  previous_category?: string;
  new_category?: string;
  correct_category?: string;
  category_update_timestamp?: number;
}

/** `value` of a `phone_number_quality_update` change. */
export interface PhoneNumberQualityUpdate extends Open {
  display_phone_number?: string;
  event?: string;
  /** Being replaced by `max_daily_conversations_per_business`. */
  old_limit?: string;
  current_limit?: string;
  max_daily_conversations_per_business?: string;
}
