import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '@wabus/config';
import { APP_CONFIG } from '@wabus/service';
import { EMULATOR_DEMO_CHANNEL } from '@wabus/whatsapp';
import { EmulatorClock } from '../clock/emulator-clock';
import { TaskScheduler } from '../clock/task.scheduler';
import { FaultInjector } from '../faults/fault-injector';
import { CustomerWindows } from '../state/customer-windows';
import { MediaStore } from '../state/media.store';
import { MessageMemory } from '../state/message-memory';
import { PhoneNumberRegistry } from '../state/phone-number.registry';
import { StatsRecorder } from '../state/stats.recorder';
import { TemplateStore } from '../state/template.store';
import { WebhookLog } from '../state/webhook-log';
import { WebhookDispatcher } from '../webhooks/webhook.dispatcher';
import { PhoneNumberRegistrationService } from './phone-number-registration.service';

/**
 * Start, reset and stop of the emulator as a whole: the demo number is there
 * from the start (so `npm start` has a channel to point at it), a reset
 * forgets everything else, and a stop cancels every pending webhook.
 */
@Injectable()
export class EmulatorLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly registry: PhoneNumberRegistry,
    private readonly registration: PhoneNumberRegistrationService,
    private readonly templates: TemplateStore,
    private readonly memory: MessageMemory,
    private readonly windows: CustomerWindows,
    private readonly media: MediaStore,
    private readonly stats: StatsRecorder,
    private readonly webhookLog: WebhookLog,
    private readonly faults: FaultInjector,
    private readonly dispatcher: WebhookDispatcher,
    private readonly scheduler: TaskScheduler,
    private readonly clock: EmulatorClock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.registerDemoNumber();
  }

  async onModuleDestroy(): Promise<void> {
    this.scheduler.clear();
    await this.dispatcher.close();
  }

  /** Everything back to a fresh start; `keepNumbers` keeps the registrations (with empty outboxes and limits). */
  reset(keepNumbers: boolean): void {
    const kept = keepNumbers ? this.registry.all().map((number) => number.settings) : [];
    this.dispatcher.reset();
    this.scheduler.clear();
    this.registry.clear();
    this.templates.clear();
    this.memory.clear();
    this.windows.clear();
    this.media.clear();
    this.stats.reset();
    this.webhookLog.clear();
    this.faults.clear();
    this.clock.resetOffset();
    for (const settings of kept) this.registry.register(settings);
    if (!keepNumbers) this.registerDemoNumber();
  }

  private registerDemoNumber(): void {
    const demo = EMULATOR_DEMO_CHANNEL;
    this.registration.register({
      phoneNumberId: demo.phoneNumberId,
      wabaId: demo.wabaId,
      accessToken: demo.accessToken,
      appSecret: demo.appSecret,
      verifyToken: demo.verifyToken,
      displayPhoneNumber: demo.displayPhoneNumber,
      verifiedName: demo.verifiedName,
      throughputMps: demo.throughputMps,
      webhookUrl: `${this.config.publicUrl.replace(/\/+$/, '')}${demo.webhookPath}`,
    });
  }
}
