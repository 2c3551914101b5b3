import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { describeCloudApiError, type WebhookItem } from '@wabus/domain';
import { DeadLetterRepository, runStatements } from '@wabus/persistence';
import { JobName, QueueName, type InboundWebhookJob } from '@wabus/queues';
import { LOGGER, Metrics } from '@wabus/service';
import { WriteBatcher } from '../message-log/write-batcher';
import { emptyUnit, unitSize, type WriteUnit } from '../message-log/write-unit';
import { TEMPLATE_FIELDS, TemplateWebhookService, type TemplateChange } from '../templates/template-webhook.service';
import { ChannelDirectory } from './channel-directory';
import { phoneNumberIdOf, readDelivery, UnroutableDeliveryError } from './inbound-delivery';
import { contactsByUserId, planInboundMessage, planStatus } from './inbound-plan';

/**
 * One verified webhook delivery into the message log: every entry, change,
 * message and status, routed to its channel by phone number id; template
 * updates to their rows and to `template-sync`; anything else logged with its
 * content, never a reason to fail the delivery.
 */
@Injectable()
export class InboundService {
  private readonly items;
  private readonly problems;

  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: ChannelDirectory,
    private readonly batcher: WriteBatcher,
    private readonly templates: TemplateWebhookService,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.items = metrics.counter({ name: 'wabus_store_webhook_items_total', help: 'Webhook items, by kind and outcome.', labelNames: ['kind', 'outcome'] });
    this.problems = metrics.counter({ name: 'wabus_store_webhook_problems_total', help: 'Webhook parts skipped because they were unusable.' });
  }

  async accept(job: InboundWebhookJob, jobId: string): Promise<void> {
    const { parsed, split } = readDelivery(job.body);
    if (split.problems.length > 0) {
      this.problems.inc(split.problems.length);
      this.logger.warn({ jobId, channelId: job.channelId, problems: split.problems }, 'parts of a webhook delivery were unusable and skipped');
    }
    const receivedAt = new Date(job.receivedAt);
    const routes = await this.directory.routes(split.items.map(phoneNumberIdOf).filter((id): id is string => id !== null));
    const byUserId = contactsByUserId(parsed);
    const unit: WriteUnit = emptyUnit();
    const templates: TemplateChange[] = [];
    const unrouted = new Set<string>();
    for (const item of split.items) {
      const phoneNumberId = phoneNumberIdOf(item);
      const route = phoneNumberId ? routes.get(phoneNumberId) : undefined;
      if (phoneNumberId && !route) {
        unrouted.add(phoneNumberId);
        this.items.inc({ kind: item.kind, outcome: 'unknown_phone_number' });
        continue;
      }
      this.items.inc({ kind: item.kind, outcome: 'accepted' });
      if ((item.kind === 'message' || item.kind === 'unrecognized_message') && route) unit.messages.push(planInboundMessage(item, route.id, receivedAt, byUserId));
      else if (item.kind === 'status' && route) unit.statuses.push(planStatus(item, route.id, receivedAt));
      else if (item.kind === 'template_status') templates.push({ wabaId: item.wabaId, field: 'message_template_status_update', value: item.update });
      else if (item.kind === 'other' && TEMPLATE_FIELDS.has(item.field)) templates.push({ wabaId: item.wabaId, field: item.field, value: item.value });
      else this.logOther(item, jobId);
    }
    if (unrouted.size > 0) await this.keepUnrouted(job, jobId, [...unrouted], unitSize(unit) + templates.length === 0);
    if (unitSize(unit) > 0) await this.batcher.submit(unit);
    if (templates.length > 0) await this.templates.apply(templates);
  }

  /**
   * Items for a phone number no channel has. All of the delivery: it fails
   * into the dead letters. Part of it: the rest is stored, and the delivery is
   * also kept in the dead letters (replaying it later is safe: every write is
   * idempotent), so nothing is dropped silently.
   */
  private async keepUnrouted(job: InboundWebhookJob, jobId: string, phoneNumberIds: string[], whole: boolean): Promise<void> {
    const error = new UnroutableDeliveryError(phoneNumberIds);
    if (whole) throw error;
    this.logger.warn({ jobId, phoneNumberIds }, 'part of a webhook delivery is for unknown phone numbers; the delivery is kept in the dead letters');
    await runStatements(this.dataSource, (sql) =>
      new DeadLetterRepository(sql).record({
        queue: QueueName.Inbound,
        jobName: JobName.InboundWebhook,
        jobId: `${jobId}-unrouted`,
        payload: { ...job },
        error: { code: error.code, message: error.message, phoneNumberIds },
        attempts: 1,
      }),
    );
  }

  private logOther(item: WebhookItem, jobId: string): void {
    if (item.kind === 'error') {
      const description = describeCloudApiError(item.error.code, { title: item.error.title, details: item.error.error_data?.details });
      this.logger.warn({ jobId, phoneNumberId: item.phoneNumberId, error: item.error, help: description.help }, 'Meta reported an error in a webhook');
    } else if (item.kind === 'other') {
      // Kept in the log with its content: account, quality and other fields we do not act on (yet).
      this.logger.info({ jobId, wabaId: item.wabaId, field: item.field, value: item.value }, 'webhook field recorded');
    }
  }
}
