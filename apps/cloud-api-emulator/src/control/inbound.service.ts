import { Injectable } from '@nestjs/common';
import { EmulatorClock } from '../clock/emulator-clock';
import { CustomerWindows } from '../state/customer-windows';
import { IdFactory } from '../state/id-factory';
import { MessageMemory } from '../state/message-memory';
import { displayDigits } from '../state/number-settings';
import { NumberState } from '../state/number-state';
import { PhoneNumberRegistry } from '../state/phone-number.registry';
import { StatsRecorder } from '../state/stats.recorder';
import { messagesValue } from '../webhooks/status-webhook.factory';
import { WebhookDispatcher } from '../webhooks/webhook.dispatcher';
import { controlError } from './control-error';
import { InboundDto } from './dto/inbound.dto';
import { inboundContacts, inboundMessage, missingTypeObject } from './inbound-message.factory';

/**
 * A user writes to a business number: the emulator opens (or refreshes) the
 * 24-hour window, remembers the wamid (for reactions and replies), and sends
 * the signed `messages` webhook at once.
 */
@Injectable()
export class InboundService {
  constructor(
    private readonly registry: PhoneNumberRegistry,
    private readonly windows: CustomerWindows,
    private readonly memory: MessageMemory,
    private readonly dispatcher: WebhookDispatcher,
    private readonly stats: StatsRecorder,
    private readonly clock: EmulatorClock,
    private readonly ids: IdFactory,
  ) {}

  receive(dto: InboundDto): { id: string } {
    const number = this.numberOf(dto.phoneNumberId);
    if (missingTypeObject(dto)) {
      throw controlError(400, 'missing_type_object', `An inbound message of type ${dto.type} needs a "${dto.type}" object, as Meta's webhook carries it.`);
    }
    const waId = dto.from.replace(/^\+/, '');
    const atMs = dto.timestamp !== undefined ? dto.timestamp * 1000 : this.clock.now();
    const id = dto.id ?? this.ids.wamid(waId);
    const message = inboundMessage(dto, id, Math.floor(atMs / 1000));
    const contacts = inboundContacts(dto);
    const { phoneNumberId, wabaId, webhookUrl, appSecret } = number.settings;
    if (dto.type !== 'system') this.windows.open(phoneNumberId, waId, atMs);
    this.memory.remember(id, { phoneNumberId, waId, direction: 'in' });
    const value = messagesValue(displayDigits(number.settings), phoneNumberId, contacts ? { contacts, messages: [message] } : { messages: [message] });
    const extraCopies = dto.duplicate === true ? 1 : typeof dto.duplicate === 'number' ? dto.duplicate : 0;
    this.dispatcher.deliver({ url: webhookUrl, appSecret }, { wabaId, field: 'messages', value, extraCopies });
    this.stats.inbound++;
    return { id };
  }

  numberOf(phoneNumberId: string): NumberState {
    const number = this.registry.get(phoneNumberId);
    if (!number) throw controlError(404, 'unknown_phone_number', `No number ${phoneNumberId} is registered: POST /_emulator/phone-numbers first.`);
    return number;
  }
}
