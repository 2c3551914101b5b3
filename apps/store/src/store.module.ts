import { Module } from '@nestjs/common';
import { ChannelChangesController } from './inbound/channel-changes.controller';
import { ChannelDirectory } from './inbound/channel-directory';
import { InboundProcessor } from './inbound/inbound.processor';
import { InboundService } from './inbound/inbound.service';
import { MaintenanceProcessor } from './maintenance/maintenance.processor';
import { MediaFetchService } from './media/media-fetch.service';
import { AfterCommit } from './message-log/after-commit';
import { MessageLogWriter } from './message-log/message-log.writer';
import { PendingStatusSweeper } from './message-log/pending-status.sweeper';
import { WriteBatcher } from './message-log/write-batcher';
import { OutboxPublisher } from './outbox/outbox.publisher';
import { RecordOutboundProcessor } from './records/record-outbound.processor';
import { RetentionScheduler } from './retention/retention.scheduler';
import { RetentionService } from './retention/retention.service';
import { parseStoreSettings, STORE_SETTINGS } from './settings/store-settings';
import { TemplateWebhookService } from './templates/template-webhook.service';
import { WindowStateWriter } from './window/window-state.writer';

/**
 * The store: the only writer of contacts, conversations, messages and their
 * status history. Webhooks (`inbound`) and send records (`records`) go through
 * one batched writer; facts leave through the outbox onto `events`;
 * `store-maintenance` runs retention and fetches inbound media.
 */
@Module({
  controllers: [ChannelChangesController],
  providers: [
    // The store's own tuning; read once here until libs/config carries these variables.
    // eslint-disable-next-line no-restricted-syntax
    { provide: STORE_SETTINGS, useFactory: () => parseStoreSettings(process.env) },
    ChannelDirectory,
    InboundService,
    InboundProcessor,
    RecordOutboundProcessor,
    MessageLogWriter,
    WriteBatcher,
    AfterCommit,
    PendingStatusSweeper,
    OutboxPublisher,
    WindowStateWriter,
    TemplateWebhookService,
    RetentionService,
    RetentionScheduler,
    MediaFetchService,
    MaintenanceProcessor,
  ],
})
export class StoreModule {}
