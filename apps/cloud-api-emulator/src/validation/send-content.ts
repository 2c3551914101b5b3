/** What the validators learn from a valid send, beyond "it is valid": what later steps need. */

export const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/** A tappable reply the user can choose later through `POST /_emulator/click`. */
export interface ReplyChoice {
  id: string;
  title: string;
  description?: string;
}

export interface TemplateQuickReply {
  index: number;
  /** The button's label in the template definition. */
  text: string;
  /** The payload we sent for this index, if any (it comes back in `button.payload`). */
  payload?: string;
}

export type SendContent =
  | { type: 'text' }
  | { type: MediaType; mediaId?: string; link?: string }
  | { type: 'location' }
  | { type: 'contacts' }
  | { type: 'reaction'; targetId: string; emoji: string }
  | {
      type: 'interactive';
      subtype: string;
      buttons?: ReplyChoice[];
      rows?: ReplyChoice[];
    }
  | { type: 'template'; template: SentTemplate };

export interface SentTemplateParameter {
  type: string;
  /** The parameter's own object (`text`, `currency`, `image`, …) or string value. */
  value: unknown;
  name?: string;
}

export interface SentTemplateComponent {
  type: string;
  subType?: string;
  index?: number;
  parameters: SentTemplateParameter[];
}

export interface SentTemplate {
  name: string;
  languageCode: string;
  components: SentTemplateComponent[];
}

export type SendRequest =
  | {
      kind: 'message';
      /** `to` exactly as sent (echoed as `contacts[].input`). */
      to: string;
      /** Digits only (`contacts[].wa_id`, `recipient_id`). */
      waId: string;
      type: SendContent['type'];
      content: SendContent;
      contextMessageId?: string;
      bizOpaqueCallbackData?: string;
    }
  | { kind: 'read'; messageId: string; typingIndicator: boolean };
