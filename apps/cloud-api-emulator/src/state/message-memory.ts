import { ReplyChoice, TemplateQuickReply } from '../validation/send-content';

export interface RememberedMessage {
  phoneNumberId: string;
  /** The customer: recipient of an outbound message, sender of an inbound one. */
  waId: string;
  direction: 'in' | 'out';
  /** Reply buttons or list rows of an interactive message we sent. */
  interactive?: { subtype: 'button' | 'list'; choices: ReplyChoice[] };
  /** Quick-reply buttons of a template message we sent. */
  quickReplies?: TemplateQuickReply[];
}

const CAPACITY = 200_000;

/**
 * Messages the emulator has seen, by wamid: what `/_emulator/click` needs to
 * answer a tap, and what a reaction or a reply may point at. Bounded: the
 * oldest are forgotten first (a Map iterates in insertion order).
 */
export class MessageMemory {
  private readonly messages = new Map<string, RememberedMessage>();

  remember(wamid: string, message: RememberedMessage): void {
    if (this.messages.size >= CAPACITY) {
      const oldest = this.messages.keys().next().value;
      if (oldest !== undefined) this.messages.delete(oldest);
    }
    this.messages.set(wamid, message);
  }

  get(wamid: string): RememberedMessage | undefined {
    return this.messages.get(wamid);
  }

  clear(): void {
    this.messages.clear();
  }
}
