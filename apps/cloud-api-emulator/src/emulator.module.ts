import { Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '@wabus/service';
import { EmulatorClock } from './clock/emulator-clock';
import { TaskScheduler } from './clock/task.scheduler';
import { ClickService } from './control/click.service';
import { ClockController } from './control/clock.controller';
import { EmulatorLifecycle } from './control/emulator-lifecycle.service';
import { EmulatorMetrics } from './control/emulator-metrics';
import { FaultsController } from './control/faults.controller';
import { InboundController } from './control/inbound.controller';
import { InboundService } from './control/inbound.service';
import { OutboxController } from './control/outbox.controller';
import { PhoneNumberRegistrationService } from './control/phone-number-registration.service';
import { PhoneNumbersController } from './control/phone-numbers.controller';
import { ResetController } from './control/reset.controller';
import { StatsController } from './control/stats.controller';
import { StatsService } from './control/stats.service';
import { TemplateControlController } from './control/template-control.controller';
import { TemplateControlService } from './control/template-control.service';
import { WebhookLogController } from './control/webhook-log.controller';
import { WebhookVerificationService } from './control/webhook-verification.service';
import { FaultInjector } from './faults/fault-injector';
import { FastifyPluginsRegistrar } from './graph/fastify-plugins.registrar';
import { GraphFallbackController } from './graph/graph-fallback.controller';
import { GraphNodeController } from './graph/graph-node.controller';
import { GraphResponder } from './graph/graph.responder';
import { MessagesController } from './graph/messages.controller';
import { PhoneNumberService } from './graph/phone-number.service';
import { SendMessageService } from './graph/send-message.service';
import { StatusScheduler } from './graph/status.scheduler';
import { TemplateLookup } from './graph/template-lookup';
import { TemplatesController } from './graph/templates.controller';
import { MediaController } from './media/media.controller';
import { MediaService } from './media/media.service';
import { MediaUrlSigner } from './media/media-url.signer';
import { CustomerWindows } from './state/customer-windows';
import { IdFactory } from './state/id-factory';
import { MediaStore } from './state/media.store';
import { MessageMemory } from './state/message-memory';
import { Outbox } from './state/outbox';
import { PhoneNumberRegistry } from './state/phone-number.registry';
import { StatsRecorder } from './state/stats.recorder';
import { TemplateStore } from './state/template.store';
import { WebhookLog } from './state/webhook-log';
import { TemplateManagementService } from './templates/template-management.service';
import { TemplateStatusNotifier } from './templates/template-status.notifier';
import { UndiciWebhookPoster } from './webhooks/webhook-http.client';
import { WebhookDispatcher } from './webhooks/webhook.dispatcher';

export { EMULATOR_BODY_LIMIT_BYTES } from './media/media-limits';

// In-memory state: one instance each for the whole emulator (reset clears them).
const STATE = [
  EmulatorClock,
  TaskScheduler,
  PhoneNumberRegistry,
  TemplateStore,
  MessageMemory,
  CustomerWindows,
  MediaStore,
  Outbox,
  WebhookLog,
  StatsRecorder,
  IdFactory,
  FaultInjector,
  MediaUrlSigner,
];

/** The cloud-api-emulator: Meta's Graph routes, the control routes, and the webhook deliveries behind them. */
@Module({
  controllers: [
    // Static control routes before the parametric Graph ones (Fastify prefers static segments anyway).
    PhoneNumbersController,
    TemplateControlController,
    InboundController,
    OutboxController,
    WebhookLogController,
    StatsController,
    FaultsController,
    ClockController,
    ResetController,
    MediaController,
    MessagesController,
    TemplatesController,
    GraphNodeController,
    // Last: answers whatever no other route matched.
    GraphFallbackController,
  ],
  providers: [
    ...STATE,
    {
      provide: WebhookDispatcher,
      inject: [FaultInjector, StatsRecorder, WebhookLog, EmulatorClock, LOGGER],
      useFactory: (faults: FaultInjector, stats: StatsRecorder, webhookLog: WebhookLog, clock: EmulatorClock, logger: Logger) =>
        new WebhookDispatcher(faults, stats, webhookLog, clock, new UndiciWebhookPoster(), logger.child({ component: 'webhooks' })),
    },
    GraphResponder,
    SendMessageService,
    StatusScheduler,
    TemplateLookup,
    PhoneNumberService,
    TemplateManagementService,
    TemplateStatusNotifier,
    MediaService,
    FastifyPluginsRegistrar,
    PhoneNumberRegistrationService,
    WebhookVerificationService,
    TemplateControlService,
    InboundService,
    ClickService,
    StatsService,
    EmulatorLifecycle,
    EmulatorMetrics,
  ],
})
export class EmulatorModule {}
