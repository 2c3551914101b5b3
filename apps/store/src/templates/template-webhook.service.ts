import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { runStatements, TemplateStatusRepository, type TemplateCategoryChange, type TemplateStatusChange } from '@wabus/persistence';
import { JobName, JobQueues } from '@wabus/queues';
import { LOGGER } from '@wabus/service';
import { ChannelDirectory } from '../inbound/channel-directory';

/** A template-related change of a webhook: `message_template_status_update` and its siblings. */
export interface TemplateChange {
  wabaId: string | null;
  field: string;
  value: unknown;
}

/** Fields after which the templates of the WABA are synced again. */
export const TEMPLATE_FIELDS = new Set([
  'message_template_status_update',
  'template_category_update',
  'message_template_quality_update',
  'message_template_components_update',
]);

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Webhooks write `en-US` where GET message_templates (and our rows) say `en_US` (whatsapp-cloud-api.md §4.7). */
export function normalizeTemplateLanguage(language: string): string {
  return language.replace(/-/g, '_');
}

/** The templates row change a template webhook asks for, or null when it changes no column we keep. */
export function templateRowChange(wabaId: string, field: string, value: unknown): TemplateStatusChange | TemplateCategoryChange | null {
  if (!isRecord(value)) return null;
  const name = text(value.message_template_name);
  if (!name) return null;
  const language = normalizeTemplateLanguage(text(value.message_template_language) ?? '');
  const id = value.message_template_id;
  const metaId = typeof id === 'number' || typeof id === 'string' ? String(id) : null;
  if (field === 'message_template_status_update') {
    const event = text(value.event);
    if (!event) return null;
    // REINSTATED is an event, not a status: the template is approved again.
    const status = event === 'REINSTATED' ? 'APPROVED' : event;
    return { wabaId, name, language, metaId, status, reason: text(value.reason), deleted: event === 'DELETED' };
  }
  if (field === 'template_category_update') {
    const category = text(value.new_category);
    // The "impending change" variant names the current category as new_category too; writing it again is harmless.
    return category ? { wabaId, name, language, metaId, category } : null;
  }
  return null;
}

/**
 * Template webhooks: the row's status changes at once (visible in under a
 * second), and `template-sync` is asked to sync every channel of the WABA
 * (one job per channel and minute, so a burst of webhooks is one sync).
 */
@Injectable()
export class TemplateWebhookService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly channels: ChannelDirectory,
    private readonly queues: JobQueues,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async apply(changes: readonly TemplateChange[]): Promise<void> {
    const wabas = new Set<string>();
    for (const change of changes) {
      if (!change.wabaId) {
        this.logger.warn({ field: change.field }, 'a template webhook without a WABA id cannot be matched; ignored');
        continue;
      }
      wabas.add(change.wabaId);
      await this.updateRow(change.wabaId, change.field, change.value);
    }
    for (const wabaId of wabas) {
      const channels = await this.channels.channelsOfWaba(wabaId);
      if (channels.length === 0) this.logger.warn({ wabaId }, 'a template webhook names a WABA no channel belongs to');
      for (const channel of channels) {
        // No job id: every webhook asks for a sync. template-sync's per-WABA lock
        // coalesces them, and one asked before the last complete pass began is
        // answered without calling Meta.
        await this.queues.enqueue(JobName.SyncTemplates, { v: 1, channelId: channel.id, reason: 'webhook' });
      }
    }
  }

  private async updateRow(wabaId: string, field: string, value: unknown): Promise<void> {
    const change = templateRowChange(wabaId, field, value);
    if (!change) return;
    const updated = await runStatements(this.dataSource, (sql) => {
      const repository = new TemplateStatusRepository(sql);
      return 'status' in change ? repository.applyStatus(change) : repository.applyCategory(change);
    });
    this.logger.info({ wabaId, template: change.name, language: change.language, field, updated }, 'template webhook applied');
  }
}
