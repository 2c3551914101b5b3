import { Module } from '@nestjs/common';
import { RuleEvaluator } from '@wabus/domain';
import { ApprovalDecisions } from './approvals/approval-decisions.service';
import { ApprovalTaps } from './approvals/approval-taps.service';
import { ApprovalsRepository } from './approvals/approvals.repository';
import { ActionRunner } from './button-actions/action-runner.service';
import { ActionRunsRepository } from './button-actions/action-runs.repository';
import { ContactsRepository } from './button-actions/contacts.repository';
import { EffectsService } from './button-actions/effects.service';
import { TicketsRepository } from './button-actions/tickets.repository';
import { CallbackDeliveries } from './callbacks/callback-deliveries.service';
import { CallbackHttpClient } from './callbacks/callback-http.client';
import { CallbackSender } from './callbacks/callback-sender.service';
import { CallbacksProcessor } from './callbacks/callbacks.processor';
import { DeliveriesRepository } from './callbacks/deliveries.repository';
import { SubscriptionsRepository } from './callbacks/subscriptions.repository';
import { ButtonActionDirectory } from './directories/button-action-directory';
import { SubscriptionDirectory } from './directories/subscription-directory';
import { TableChangesListener } from './directories/table-changes.listener';
import { EventRouter } from './events/event-router.service';
import { EventsProcessor } from './events/events.processor';
import { PeriodicSweep } from './maintenance/periodic-sweep.service';

/**
 * The action engine: consumes `events` (button actions, approval taps, the
 * fan-out to subscriptions) and `callbacks` (signed deliveries to business
 * services). Everything it needs from outside (PostgreSQL, Redis, queues,
 * config, logger, metrics, SecretBox) comes from the service shell.
 */
@Module({
  providers: [
    // what the engine keeps in memory, and how it hears of changes
    TableChangesListener,
    ButtonActionDirectory,
    SubscriptionDirectory,
    // button actions
    ActionRunsRepository,
    ContactsRepository,
    TicketsRepository,
    EffectsService,
    ActionRunner,
    { provide: RuleEvaluator, useFactory: () => new RuleEvaluator() },
    // approvals
    ApprovalsRepository,
    ApprovalDecisions,
    ApprovalTaps,
    // callbacks
    SubscriptionsRepository,
    DeliveriesRepository,
    CallbackDeliveries,
    CallbackHttpClient,
    CallbackSender,
    CallbacksProcessor,
    // events
    EventRouter,
    EventsProcessor,
    PeriodicSweep,
  ],
})
export class ActionEngineModule {}
