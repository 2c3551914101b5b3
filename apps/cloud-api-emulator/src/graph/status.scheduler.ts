import { Injectable } from '@nestjs/common';
import { EmulatorClock } from '../clock/emulator-clock';
import { AsyncMetaError } from '../errors/meta-rejection';
import { CustomerWindows } from '../state/customer-windows';
import { displayDigits } from '../state/number-settings';
import { NumberState } from '../state/number-state';
import { PhoneNumberRegistry } from '../state/phone-number.registry';
import { planStatuses } from '../webhooks/status-plan';
import { messagesValue, StatusFacts, statusObject } from '../webhooks/status-webhook.factory';
import { WebhookDispatcher } from '../webhooks/webhook.dispatcher';

export interface AcceptedSend {
  wamid: string;
  waId: string;
  bizOpaqueCallbackData?: string;
  category: string;
  windowOpen: boolean;
  withConversation: boolean;
  reaction: boolean;
  failure?: AsyncMetaError;
  nowMs: number;
}

/** Turns an accepted send into its status webhooks: sent → delivered → read, or one failed. */
@Injectable()
export class StatusScheduler {
  constructor(
    private readonly registry: PhoneNumberRegistry,
    private readonly windows: CustomerWindows,
    private readonly dispatcher: WebhookDispatcher,
    private readonly clock: EmulatorClock,
  ) {}

  schedule(number: NumberState, send: AcceptedSend): void {
    const { phoneNumberId } = number.settings;
    const plan = planStatuses({
      reaction: send.reaction,
      failing: send.failure !== undefined,
      delays: number.settings.statusDelaysMs,
    });
    if (plan.length === 0) return;
    const facts: StatusFacts = {
      wamid: send.wamid,
      recipientId: send.waId,
      bizOpaqueCallbackData: send.bizOpaqueCallbackData,
      category: send.category,
      // Service messages and utility templates inside an open window are free (§8.4).
      pricingType: send.windowOpen && (send.category === 'service' || send.category === 'utility') ? 'free_customer_service' : 'regular',
      conversation: this.windows.conversation(phoneNumberId, send.waId, send.category, send.nowMs),
      withConversation: send.withConversation,
    };
    for (const planned of plan) {
      this.dispatcher.later(planned.delayMs, () => {
        const current = this.registry.get(phoneNumberId);
        if (!current) return undefined;
        const status = statusObject(facts, planned.status, Math.floor(this.clock.now() / 1000), { billing: planned.billing, error: send.failure });
        return {
          target: {
            url: current.settings.webhookUrl,
            appSecret: current.settings.appSecret,
          },
          change: {
            wabaId: current.settings.wabaId,
            field: 'messages',
            value: messagesValue(displayDigits(current.settings), phoneNumberId, { statuses: [status] }),
          },
        };
      });
    }
  }
}
