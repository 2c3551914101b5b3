import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { runStatements } from '@wabus/persistence';
import { JobName, JobQueues, QueueName, type SyncTemplatesJob, validateJob } from '@wabus/queues';
import { LOGGER } from '@wabus/service';
import { TemplateSyncRepository } from '../sync/template-sync.repository';
import { TEMPLATE_SYNC_SETTINGS, TemplateSyncSettings } from '../template-sync.settings';

/** Scheduler ids are wire data (they live in Redis): `sync-templates:<channelId>`. */
const SCHEDULER_PREFIX = 'sync-templates:';

export function templateSchedulerId(channelId: string): string {
  return `${SCHEDULER_PREFIX}${channelId}`;
}

/**
 * One BullMQ job scheduler per active channel, every `scheduleEveryMs`. Kept
 * in step with the channels at start, on every ChannelChanged notification,
 * and every `reconcileEveryMs` (creating a channel sends no notification, and
 * a notification can be lost). A new scheduler runs its first sync at once;
 * an unchanged one keeps its timing across restarts.
 */
@Injectable()
export class TemplateSchedules implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly queues: JobQueues,
    private readonly dataSource: DataSource,
    @Inject(TEMPLATE_SYNC_SETTINGS) private readonly settings: TemplateSyncSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reconcileLogged();
    this.timer = setInterval(() => void this.reconcileLogged(), this.settings.reconcileEveryMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Adds the schedulers of active channels that lack one (or have another interval), removes those of channels gone or inactive. */
  async reconcile(): Promise<{ added: number; removed: number }> {
    const active = new Set(await this.repository((templates) => templates.activeChannelIds()));
    const existing = await this.schedulers();
    let added = 0;
    let removed = 0;
    for (const channelId of active) {
      if (existing.get(channelId) === this.settings.scheduleEveryMs) continue;
      await this.upsert(channelId);
      added++;
    }
    for (const channelId of existing.keys()) {
      if (active.has(channelId)) continue;
      await this.queue.removeJobScheduler(templateSchedulerId(channelId));
      removed++;
    }
    return { added, removed };
  }

  /**
   * A channel changed: schedule or unschedule it. A channel whose templates
   * were never synced or whose last sync failed (new token, fixed WABA id) is
   * synced at once, joining any sync already queued for it.
   */
  async refresh(channelId: string): Promise<void> {
    const channel = await this.repository((templates) => templates.channel(channelId));
    if (!channel?.active) {
      if (await this.queue.removeJobScheduler(templateSchedulerId(channelId))) this.logger.info({ channelId }, 'template sync schedule removed');
      return;
    }
    const current = await this.queue.getJobScheduler(templateSchedulerId(channelId));
    if (current?.every !== this.settings.scheduleEveryMs) await this.upsert(channelId);
    else if (channel.lastTemplateSyncError !== null || channel.lastTemplateSyncAt === null) {
      await this.queues.enqueue(JobName.SyncTemplates, { v: 1, channelId, reason: 'api' }, { deduplicationId: `sync-templates-${channelId}` });
    }
  }

  private async upsert(channelId: string): Promise<void> {
    const data: SyncTemplatesJob = validateJob(JobName.SyncTemplates, { v: 1, channelId, reason: 'schedule' });
    await this.queue.upsertJobScheduler(templateSchedulerId(channelId), { every: this.settings.scheduleEveryMs }, { name: JobName.SyncTemplates, data, opts: { attempts: this.settings.scheduledAttempts } });
    this.logger.info({ channelId, everyMs: this.settings.scheduleEveryMs }, 'template sync scheduled');
  }

  /** Our schedulers by channel id, with their interval. */
  private async schedulers(): Promise<Map<string, number | undefined>> {
    const all = await this.queue.getJobSchedulers(0, -1, true);
    const ours = all.filter((scheduler) => scheduler.key.startsWith(SCHEDULER_PREFIX));
    return new Map(ours.map((scheduler) => [scheduler.key.slice(SCHEDULER_PREFIX.length), scheduler.every === undefined ? undefined : Number(scheduler.every)]));
  }

  private async reconcileLogged(): Promise<void> {
    try {
      const { added, removed } = await this.reconcile();
      if (added + removed > 0) this.logger.info({ added, removed }, 'template sync schedules reconciled with the channels');
    } catch (error) {
      this.logger.warn({ err: error }, 'template sync schedules could not be reconciled; trying again later');
    }
  }

  private get queue() {
    return this.queues.queue(QueueName.TemplateSync);
  }

  private repository<T>(work: (templates: TemplateSyncRepository) => Promise<T>): Promise<T> {
    return runStatements(this.dataSource, (sql) => work(new TemplateSyncRepository(sql)));
  }
}
