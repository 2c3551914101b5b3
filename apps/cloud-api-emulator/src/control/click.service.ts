import { Injectable } from '@nestjs/common';
import { MessageMemory, RememberedMessage } from '../state/message-memory';
import { displayDigits } from '../state/number-settings';
import { StatsRecorder } from '../state/stats.recorder';
import { digitsOnly } from '../validation/recipient';
import { controlError } from './control-error';
import { ClickDto, InboundDto } from './dto/inbound.dto';
import { InboundService } from './inbound.service';

type Tap = Pick<InboundDto, 'type' | 'interactive' | 'button'>;

/**
 * A user taps a reply button or list row of a message we sent. Interactive
 * messages answer with `interactive.button_reply`/`list_reply`; template
 * quick replies with `button` carrying the payload we sent at that index (or
 * the label) — whatsapp-cloud-api.md §4.5. `context.id` is our message.
 */
@Injectable()
export class ClickService {
  constructor(
    private readonly inbound: InboundService,
    private readonly memory: MessageMemory,
    private readonly stats: StatsRecorder,
  ) {}

  click(dto: ClickDto): { id: string } {
    const number = this.inbound.numberOf(dto.phoneNumberId);
    const message = this.memory.get(dto.messageId);
    if (!message || message.direction !== 'out' || message.phoneNumberId !== dto.phoneNumberId) {
      throw controlError(
        404,
        'unknown_message',
        `Number ${dto.phoneNumberId} sent no message ${dto.messageId} (or it was refused, or forgotten after a reset).`,
      );
    }
    if (digitsOnly(dto.from) !== message.waId) {
      throw controlError(409, 'wrong_recipient', `Message ${dto.messageId} was sent to ${message.waId}; only that user can tap it.`);
    }
    const tap = tapOf(message, dto.buttonId, dto.messageId);
    const result = this.inbound.receive({
      phoneNumberId: dto.phoneNumberId,
      from: dto.from,
      profileName: dto.profileName,
      duplicate: dto.duplicate,
      context: { from: displayDigits(number.settings), id: dto.messageId },
      ...tap,
    } as InboundDto);
    this.stats.clicks++;
    return result;
  }
}

function tapOf(message: RememberedMessage, buttonId: string, messageId: string): Tap {
  if (message.interactive) {
    const choice = message.interactive.choices.find((candidate) => candidate.id === buttonId);
    if (!choice)
      throw unknownButton(
        messageId,
        buttonId,
        message.interactive.choices.map((candidate) => candidate.id),
      );
    if (message.interactive.subtype === 'button')
      return {
        type: 'interactive',
        interactive: {
          type: 'button_reply',
          button_reply: { id: choice.id, title: choice.title },
        },
      };
    const listReply: Record<string, string> = {
      id: choice.id,
      title: choice.title,
    };
    if (choice.description !== undefined) listReply['description'] = choice.description;
    return {
      type: 'interactive',
      interactive: { type: 'list_reply', list_reply: listReply },
    };
  }
  if (message.quickReplies) {
    // A template button can be named by the payload we sent, its label, or its index.
    const button = message.quickReplies.find(
      (candidate) => candidate.payload === buttonId || candidate.text === buttonId || String(candidate.index) === buttonId,
    );
    if (!button)
      throw unknownButton(
        messageId,
        buttonId,
        message.quickReplies.map((candidate) => candidate.payload ?? candidate.text),
      );
    return {
      type: 'button',
      button: { payload: button.payload ?? button.text, text: button.text },
    };
  }
  throw controlError(422, 'not_tappable', `Message ${messageId} has no reply buttons, list rows or quick-reply buttons.`);
}

function unknownButton(messageId: string, buttonId: string, available: string[]) {
  return controlError(404, 'unknown_button', `Message ${messageId} has no button or row '${buttonId}'.`, { available });
}
