import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { runStatements, SecretBox } from '@wabus/persistence';
import { JobName, JobQueues, type SyncTemplatesJob } from '@wabus/queues';
import { LOGGER } from '@wabus/service';
import type { GraphCredentials } from '@wabus/whatsapp';
import { TEMPLATE_SYNC_SETTINGS, TemplateSyncSettings } from '../template-sync.settings';
import { classifyGraphFailure } from './graph-failure';
import { newPass, resumableProgress, SyncProgress } from './sync-progress';
import { PageReadError, TemplatePageReader } from './template-page.reader';
import { SyncChannel, TemplateSyncRepository } from './template-sync.repository';
import { TemplateSyncMetrics } from './template-sync.metrics';
import { HeldLock, WabaSyncLock } from './waba-sync.lock';

export interface SyncResult {
  outcome: 'completed' | 'fresh' | 'joined' | 'skipped' | 'failed';
  channelId: string;
  wabaId: string | null;
  passes?: number;
  pages?: number;
  templates?: number;
  deleted?: number;
  runningJobId?: string;
  error?: string;
}

/**
 * Passes one job makes for requests that keep coming in while it runs; then
 * it hands the lock back and leaves the rest to a follow-up job, so a stream of
 * webhooks cannot keep one worker slot forever.
 */
const MAX_PASSES_PER_JOB = 5;
const FOLLOW_UP_DELAY_MS = 1_000;

/** The per-WABA lock slipped away mid-pass (a long pause): stop, and let the retry resume. */
export class SyncLockLostError extends Error {
  override readonly name = 'SyncLockLostError';
  readonly code = 'lock_lost';
}

/**
 * One SyncTemplates job: list every page of the channel's WABA, upsert each
 * page, and, once every page was read, mark what Meta no longer lists as
 * deleted. One pass per WABA at a time (WabaSyncLock); a request made while a
 * pass runs gets one more pass after it; a failed attempt resumes from its
 * cursor (kept in the job's progress).
 */
@Injectable()
export class TemplateSyncService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    private readonly lock: WabaSyncLock,
    private readonly pages: TemplatePageReader,
    private readonly metrics: TemplateSyncMetrics,
    private readonly queues: JobQueues,
    @Inject(TEMPLATE_SYNC_SETTINGS) private readonly settings: TemplateSyncSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async sync(data: SyncTemplatesJob, job: Job): Promise<SyncResult> {
    const channel = await this.repository((templates) => templates.channel(data.channelId));
    if (!channel?.active) return this.skipped(data, job, channel, channel ? 'channel_inactive' : 'channel_not_found');
    // A scheduled run is served by any complete pass in the last half interval (a WABA with several
    // channels is listed about twice per interval, not once per channel); a request, only by a later one.
    const requestedAt = data.reason === 'schedule' ? Date.now() - this.settings.scheduleEveryMs / 2 : job.timestamp;
    const acquired = await this.lock.acquire(channel.wabaId, job.id ?? 'job', requestedAt);
    if (acquired.kind === 'fresh') {
      this.metrics.syncs.inc({ reason: data.reason, outcome: 'fresh' });
      await job.updateProgress({ ...newPass(0), phase: 'fresh', passStartedAt: new Date(acquired.syncedAt).toISOString() });
      return { outcome: 'fresh', channelId: channel.id, wabaId: channel.wabaId };
    }
    if (acquired.kind === 'joined') {
      // The running pass will see our request when it ends and run once more for it.
      this.metrics.syncs.inc({ reason: data.reason, outcome: 'joined' });
      await job.updateProgress({ ...newPass(0), phase: 'joined', passStartedAt: null, runningJobId: acquired.holder });
      return { outcome: 'joined', channelId: channel.id, wabaId: channel.wabaId, runningJobId: acquired.holder };
    }
    return this.syncHolding(channel, acquired.lock, data, job);
  }

  private async syncHolding(channel: SyncChannel, lock: HeldLock, data: SyncTemplatesJob, job: Job): Promise<SyncResult> {
    let lost = false;
    const stopRenewing = this.lock.keepAlive(lock, () => (lost = true));
    const resumed = resumableProgress(job.progress);
    const progress: SyncProgress = resumed ?? newPass(1);
    if (resumed) this.logger.info({ channelId: channel.id, wabaId: channel.wabaId, jobId: job.id, pages: resumed.pages }, 'template sync resumes where the last attempt stopped');
    try {
      const target: GraphCredentials = { graphBaseUrl: channel.graphBaseUrl, apiVersion: channel.apiVersion, accessToken: this.secrets.open(channel.accessToken) };
      for (;;) {
        await this.pass(channel, target, progress, job, () => lost);
        const passStartedAt = Date.parse(progress.passStartedAt ?? '');
        if ((await this.lock.finish(lock, passStartedAt, true)) !== 'again') break;
        if (progress.passes >= MAX_PASSES_PER_JOB) {
          await this.handOver(channel, lock, passStartedAt, job);
          break;
        }
        this.logger.info({ wabaId: channel.wabaId, jobId: job.id }, 'a sync was requested during the pass: syncing once more');
        Object.assign(progress, newPass(progress.passes + 1));
      }
      this.metrics.syncs.inc({ reason: data.reason, outcome: 'completed' });
      this.logger.info({ channelId: channel.id, wabaId: channel.wabaId, jobId: job.id, reason: data.reason, ...progress }, 'templates synced');
      return { outcome: 'completed', channelId: channel.id, wabaId: channel.wabaId, passes: progress.passes, pages: progress.pages, templates: progress.templates, deleted: progress.deleted };
    } catch (error) {
      await this.lock.finish(lock, Date.parse(progress.passStartedAt ?? ''), false).catch(() => undefined);
      return this.failed(channel, data, job, error);
    } finally {
      stopRenewing();
    }
  }

  /** Releases the lock and queues one more sync for the requests that came in during the last pass. */
  private async handOver(channel: SyncChannel, lock: HeldLock, passStartedAt: number, job: Job): Promise<void> {
    await this.lock.finish(lock, passStartedAt, false);
    const followUp = await this.queues.enqueue(
      JobName.SyncTemplates,
      { v: 1, channelId: channel.id, reason: 'webhook' },
      { jobId: `sync-follow-up-${channel.id}-${Date.now()}`, delay: FOLLOW_UP_DELAY_MS },
    );
    this.logger.info({ wabaId: channel.wabaId, jobId: job.id, followUp }, 'syncs keep being requested: a follow-up job takes over');
  }

  /** One pass over every page; `progress` is updated (and saved on the job) page by page. */
  private async pass(channel: SyncChannel, target: GraphCredentials, progress: SyncProgress, job: Job, isLost: () => boolean): Promise<void> {
    const started = performance.now();
    let restartable = progress.after !== null;
    for (;;) {
      if (isLost()) throw new SyncLockLostError(`the sync lock of WABA ${channel.wabaId} was lost mid-pass`);
      const page = await this.pages.read(target, channel.wabaId, progress.after).catch((error: unknown) => {
        // Meta's cursors do not live forever: a resumed cursor it refuses starts the pass over.
        if (restartable && error instanceof PageReadError && error.failure.kind === 'permanent' && error.failure.code === '100') return null;
        throw error;
      });
      if (page === null) {
        Object.assign(progress, newPass(progress.passes));
        restartable = false;
        continue;
      }
      restartable = false;
      const outcome = await this.repository((templates) => templates.upsertPage(channel.wabaId, new Date(progress.passStartedAt ?? ''), page.records));
      this.metrics.templates.inc({ change: 'inserted' }, outcome.inserted);
      this.metrics.templates.inc({ change: 'changed' }, outcome.changed);
      this.metrics.templates.inc({ change: 'unchanged' }, page.records.length - outcome.inserted - outcome.changed);
      Object.assign(progress, { pages: progress.pages + 1, templates: progress.templates + page.records.length, after: page.nextCursor });
      await job.updateProgress({ ...progress });
      if (page.nextCursor === null) break;
    }
    await this.completePass(channel.wabaId, progress, job);
    this.metrics.duration.observe((performance.now() - started) / 1000);
  }

  /** Every page was read: what was not seen is gone from Meta, and every channel of the WABA is in step. */
  private async completePass(wabaId: string, progress: SyncProgress, job: Job): Promise<void> {
    const passStartedAt = new Date(progress.passStartedAt ?? '');
    const deleted = await this.repository((templates) => templates.markMissingDeleted(wabaId, passStartedAt));
    const now = new Date();
    await this.repository((templates) => templates.recordSuccess(wabaId, now));
    this.metrics.templates.inc({ change: 'deleted' }, deleted);
    this.metrics.lastSuccess.set({ waba_id: wabaId }, now.getTime() / 1000);
    Object.assign(progress, { phase: 'done', deleted: (progress.deleted ?? 0) + deleted });
    await job.updateProgress({ ...progress });
  }

  /**
   * A failed attempt: the channel shows why. Meta's rate limit delays the job
   * by minutes (same job id, cursor kept); a permanent refusal (token,
   * permission, WABA) fails it for good; anything else is retried by BullMQ
   * with backoff and resumes from its cursor.
   */
  private async failed(channel: SyncChannel, data: SyncTemplatesJob, job: Job, error: unknown): Promise<SyncResult> {
    const failure = error instanceof PageReadError ? error.failure : classifyGraphFailure(error);
    await this.repository((templates) => templates.recordFailure(channel.id, failure.message));
    this.logger.warn({ channelId: channel.id, wabaId: channel.wabaId, jobId: job.id, reason: data.reason, kind: failure.kind, code: failure.code, err: error }, 'template sync failed');
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (failure.kind === 'rate_limited' && !lastAttempt && job.token) {
      this.metrics.syncs.inc({ reason: data.reason, outcome: 'rate_limited' });
      await job.moveToDelayed(Date.now() + this.settings.rateLimitDelayMs, job.token);
      throw new DelayedError();
    }
    this.metrics.syncs.inc({ reason: data.reason, outcome: 'failed' });
    if (failure.kind === 'permanent') {
      // A scheduled run is retried by the schedule itself, and the channel shows the error: a dead
      // letter every interval for a revoked token would only bury the ones that need replaying.
      if (data.reason === 'schedule') return { outcome: 'failed', channelId: channel.id, wabaId: channel.wabaId, error: failure.message };
      throw Object.assign(new UnrecoverableError(failure.message), { code: `graph_${failure.code}` });
    }
    throw error instanceof Error ? error : new Error(failure.message);
  }

  private async skipped(data: SyncTemplatesJob, job: Job, channel: SyncChannel | null, reason: 'channel_inactive' | 'channel_not_found'): Promise<SyncResult> {
    this.metrics.syncs.inc({ reason: data.reason, outcome: 'skipped' });
    this.logger.info({ channelId: data.channelId, jobId: job.id, reason }, 'template sync skipped: the channel is gone or inactive');
    await job.updateProgress({ ...newPass(0), phase: 'skipped', passStartedAt: null, reason });
    return { outcome: 'skipped', channelId: data.channelId, wabaId: channel?.wabaId ?? null, error: reason };
  }

  private repository<T>(work: (templates: TemplateSyncRepository) => Promise<T>): Promise<T> {
    return runStatements(this.dataSource, (sql) => work(new TemplateSyncRepository(sql)));
  }
}
