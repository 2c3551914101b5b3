import { Injectable } from '@nestjs/common';
import { EmulatorClock } from '../clock/emulator-clock';
import { PhoneNumberRegistry } from '../state/phone-number.registry';
import { StatsRecorder } from '../state/stats.recorder';
import { TemplateDefinition } from '../validation/template-definition';
import { WebhookTarget } from '../webhooks/webhook-change';
import { WebhookDispatcher } from '../webhooks/webhook.dispatcher';

/**
 * Sends `message_template_status_update` (whatsapp-cloud-api.md §4.7) to every
 * app endpoint of the WABA's numbers, once per distinct endpoint, as Meta does
 * for each subscribed app. The template id travels as a number there.
 */
@Injectable()
export class TemplateStatusNotifier {
  constructor(
    private readonly registry: PhoneNumberRegistry,
    private readonly dispatcher: WebhookDispatcher,
    private readonly stats: StatsRecorder,
    private readonly clock: EmulatorClock,
  ) {}

  notify(wabaId: string, template: TemplateDefinition, event: string, reason?: string | null): void {
    const value: Record<string, unknown> = {
      event,
      message_template_id: Number(template.id),
      message_template_name: template.name,
      message_template_language: template.language,
      reason: reason === undefined ? 'NONE' : reason,
      message_template_category: template.category,
    };
    const time = Math.floor(this.clock.now() / 1000);
    for (const target of this.targets(wabaId)) {
      this.stats.templateStatusUpdates++;
      this.dispatcher.deliver(target, {
        wabaId,
        field: 'message_template_status_update',
        value,
        time,
      });
    }
  }

  private targets(wabaId: string): WebhookTarget[] {
    const targets = new Map<string, WebhookTarget>();
    for (const number of this.registry.ofWaba(wabaId)) {
      const { webhookUrl: url, appSecret } = number.settings;
      targets.set(url + '\n' + appSecret, { url, appSecret });
    }
    return [...targets.values()];
  }
}
